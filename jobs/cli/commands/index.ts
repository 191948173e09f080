import type { Command } from 'commander';
import { registerBench } from './bench.ts';
import { registerDemo } from './demo.ts';
import { registerDetect } from './detect.ts';
import { registerGenerate } from './generate.ts';
import { registerNightly } from './nightly.ts';
import { registerReport } from './report.ts';
import { registerSchedule } from './schedule.ts';
import { registerServe } from './serve.ts';
import { registerValidate } from './validate.ts';

/** Each domain adds its own command; the list here is the CLI's table of contents, in pipeline order. */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerGenerate(program);
  registerValidate(program);
  registerDetect(program);
  registerNightly(program);
  registerSchedule(program);
  registerReport(program);
  registerServe(program);
  registerBench(program);
}
