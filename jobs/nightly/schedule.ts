import { type ChildProcess, spawn } from 'node:child_process';
import { Cron } from 'croner';
import { optionError } from '../runtime/errors.ts';
import type { Logger } from '../runtime/log.ts';

export interface ScheduleOptions {
  cron: string;
  timeZone: string;
  /** The `swarmscope` entry point and the arguments of each run (`nightly ...`). */
  cli: string;
  args: string[];
  log: Logger;
}

export interface Schedule {
  /** The next run's time, or null when the pattern has no more. */
  next(): Date | null;
  /** Stops scheduling; a run under way is sent SIGTERM and awaited. */
  stop(): Promise<void>;
}

/**
 * Runs `swarmscope nightly` on a cron pattern (seconds allowed) in a long-lived process. Each run is
 * a child process, so a crash or a memory peak ends with it; runs never overlap (a tick that comes
 * while one is under way is skipped and logged). Each run's end is logged with its exit code.
 */
export function startSchedule(options: ScheduleOptions): Schedule {
  const { log } = options;
  let child: ChildProcess | null = null;
  let finished: Promise<void> = Promise.resolve();
  let runs = 0;
  let job: Cron;
  const runOnce = () =>
    new Promise<void>((resolve) => {
      const run = ++runs;
      const started = performance.now();
      log.info({ run, args: options.args }, `scheduled run ${run} starting`);
      child = spawn(process.execPath, [options.cli, ...options.args], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', (error) => log.error({ run, err: error.message }, 'scheduled run could not start'));
      child.on('close', (code, signal) => {
        child = null;
        const line = {
          run,
          exit_code: code,
          signal,
          duration_ms: Math.round(performance.now() - started),
          next_run: job.nextRun()?.toISOString() ?? null,
        };
        if (code === 0) log.info(line, `scheduled run ${run} done`);
        else log.error(line, `scheduled run ${run} failed with exit code ${code ?? signal}`);
        resolve();
      });
    });
  try {
    job = new Cron(
      options.cron,
      {
        timezone: options.timeZone,
        protect: (self) =>
          log.warn({ next_run: self.nextRun()?.toISOString() }, 'previous run still under way'),
      },
      async () => {
        finished = runOnce();
        await finished;
      },
    );
  } catch (error) {
    throw optionError(
      '--cron',
      `is not a valid cron pattern: "${options.cron}" (${(error as Error).message})`,
    );
  }
  log.info(
    { cron: options.cron, time_zone: options.timeZone, next_run: job.nextRun()?.toISOString() },
    'scheduled',
  );
  return {
    next: () => job.nextRun(),
    stop: async () => {
      job.stop();
      child?.kill('SIGTERM');
      await finished;
    },
  };
}
