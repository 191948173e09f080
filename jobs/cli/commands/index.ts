import type { Command } from 'commander';
import { registerBench } from './bench.ts';
import { registerDetect } from './detect.ts';
import { registerNightly } from './nightly.ts';
import { registerReport } from './report.ts';
import { registerSchedule } from './schedule.ts';
import { registerGenerate } from './generate.ts';
import { registerServe } from './serve.ts';
import { registerValidate } from './validate.ts';

/** Each domain adds its own command; the list here is the CLI's table of contents. */
export function registerCommands(program: Command): void {
  registerBench(program);
  registerDetect(program);
  registerNightly(program);
  registerSchedule(program);
  registerReport(program);
  registerGenerate(program);
  registerServe(program);
  registerValidate(program);
}
