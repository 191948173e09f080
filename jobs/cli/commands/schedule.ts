import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { checkTimeZone } from '../../nightly/dates.ts';
import { startSchedule } from '../../nightly/schedule.ts';
import { createLogger } from '../../runtime/log.ts';
import { addNightlyOptions, type NightlyCliOptions, nightlyArgs } from './nightly.ts';

export function registerSchedule(program: Command): void {
  addNightlyOptions(
    program
      .command('schedule')
      .description(
        'Run `nightly` for yesterday on a cron schedule in a long-lived process, logging each run',
      ),
  )
    .requiredOption('--cron <pattern>', 'cron pattern, in --time-zone (seconds allowed: 6 fields)')
    .action(async (options: NightlyCliOptions & { cron: string }) => {
      const timeZone = checkTimeZone(options.timeZone);
      const log = createLogger({ command: 'schedule' });
      const schedule = startSchedule({
        cron: options.cron,
        timeZone,
        cli: fileURLToPath(new URL('../bin.js', import.meta.url)),
        args: ['nightly', ...nightlyArgs(options)],
        log,
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          log.info({ signal }, 'stopping the schedule');
          schedule.stop().then(resolve, resolve);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}
