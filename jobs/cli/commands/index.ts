import type { Command } from 'commander';
import { registerBench } from './bench.ts';
import { registerGenerate } from './generate.ts';
import { registerServe } from './serve.ts';

/** Each domain adds its own command; the list here is the CLI's table of contents. */
export function registerCommands(program: Command): void {
  registerBench(program);
  registerGenerate(program);
  registerServe(program);
}
