import { type Command, Option } from 'commander';
import { checkTimeZone, parseDateSpan, parseNightDate, yesterday } from '../../nightly/dates.ts';
import { notify } from '../../nightly/notify.ts';
import {
  DEFAULT_NIGHTLY,
  DEFAULT_TRACK_CONFIG,
  type NightlyOptions,
  type NightSummary,
} from '../../nightly/types.ts';
import { optionError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/log.ts';
import { wholeNumber } from '../options.ts';

/** The options `nightly` and `schedule` share, as commander parses them. */
export interface NightlyCliOptions {
  eventsRoot: string;
  runs: string;
  accounts?: string[];
  follows?: string[];
  timeZone: string;
  lookbackDays: number;
  trackLookbackDays: number;
  minOverlap: number;
  lockMaxAgeMinutes: number;
  threads?: number;
  seed?: number;
  notify?: string;
}

function fraction(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !(n > 0 && n <= 1))
      throw optionError(option, `must be a number in (0, 1], got "${value}"`);
    return n;
  };
}

function webhookUrl(value: string): string {
  if (!/^https?:\/\/\S+$/.test(value))
    throw optionError('--notify', `must be an http(s) URL, got "${value}"`);
  return value;
}

/** Adds the options of one night's run (shared by `nightly` and `schedule`). */
export function addNightlyOptions(command: Command): Command {
  return command
    .requiredOption(
      '--events-root <dir>',
      'date-partitioned events: DIR/date=YYYY-MM-DD/*.{arrow,parquet,ndjson,csv}',
    )
    .requiredOption('--runs <dir>', 'where each night is written, as RUNS/YYYY-MM-DD')
    .option('--accounts <path...>', 'accounts table(s) (account ages)')
    .option('--follows <path...>', 'follow graph before the window')
    .addOption(
      new Option('--time-zone <tz>', 'IANA time zone of the partitions and of "yesterday"').default(
        DEFAULT_NIGHTLY.timeZone,
      ),
    )
    .option(
      '--lookback-days <n>',
      "days before the night that form each target's baseline",
      wholeNumber('--lookback-days', { max: 366 }),
      DEFAULT_NIGHTLY.lookbackDays,
    )
    .option(
      '--track-lookback-days <n>',
      "earlier nights a cluster's track is looked for in",
      wholeNumber('--track-lookback-days', { min: 1, max: 366 }),
      DEFAULT_NIGHTLY.trackLookbackDays,
    )
    .option(
      '--min-overlap <x>',
      'actor overlap with an earlier cluster that continues its track',
      fraction('--min-overlap'),
      DEFAULT_TRACK_CONFIG.minOverlap,
    )
    .option(
      '--lock-max-age-minutes <n>',
      "age after which a date's lock is stale even if its process seems alive",
      wholeNumber('--lock-max-age-minutes', { min: 1 }),
      DEFAULT_NIGHTLY.lockMaxAgeMinutes,
    )
    .option('--threads <n>', 'worker threads for detection', wholeNumber('--threads', { min: 1, max: 256 }))
    .option('--seed <n>', 'seed of every random choice', wholeNumber('--seed'))
    .option('--notify <url>', "POST each night's summary (JSON) to this webhook", webhookUrl);
}

/** The `nightly` arguments that reproduce these options (what `schedule` runs). */
export function nightlyArgs(options: NightlyCliOptions): string[] {
  const args = [
    '--events-root',
    options.eventsRoot,
    '--runs',
    options.runs,
    '--time-zone',
    options.timeZone,
    '--lookback-days',
    String(options.lookbackDays),
    '--track-lookback-days',
    String(options.trackLookbackDays),
    '--min-overlap',
    String(options.minOverlap),
    '--lock-max-age-minutes',
    String(options.lockMaxAgeMinutes),
  ];
  if (options.accounts?.length) args.push('--accounts', ...options.accounts);
  if (options.follows?.length) args.push('--follows', ...options.follows);
  if (options.threads !== undefined) args.push('--threads', String(options.threads));
  if (options.seed !== undefined) args.push('--seed', String(options.seed));
  if (options.notify) args.push('--notify', options.notify);
  return args;
}

export function registerNightly(program: Command): void {
  addNightlyOptions(
    program
      .command('nightly')
      .description(
        'Detect over one night of a date-partitioned layout (earlier days as baseline), track clusters across nights, write RUNS/YYYY-MM-DD',
      ),
  )
    .option('--date <date>', 'the night to run, YYYY-MM-DD (default: yesterday in --time-zone)')
    .option('--backfill <from..to>', 'run every date of FROM..TO that has no run yet, in order')
    .option('--json', "print each night's summary as JSON on stdout", false)
    .action(async (options: NightlyCliOptions & { date?: string; backfill?: string; json: boolean }) => {
      if (options.date && options.backfill) throw optionError('--backfill', 'cannot be used with --date');
      const timeZone = checkTimeZone(options.timeZone);
      const log = createLogger({ command: 'nightly' });
      // Loaded when the command runs, so that the CLI starts without the detector for other commands.
      const { failedSummary, logSummary, runBackfill, runNight } = await import('../../nightly/run.ts');
      const base: Omit<NightlyOptions, 'date'> = {
        eventsRoot: options.eventsRoot,
        runsRoot: options.runs,
        accounts: options.accounts,
        follows: options.follows,
        timeZone,
        lookbackDays: options.lookbackDays,
        trackLookbackDays: options.trackLookbackDays,
        trackConfig: { ...DEFAULT_TRACK_CONFIG, minOverlap: options.minOverlap },
        lockMaxAgeMs: options.lockMaxAgeMinutes * 60_000,
        threads: options.threads,
        seed: options.seed,
        log,
      };
      const report = async (summary: NightSummary) => {
        logSummary(log, summary);
        if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        if (options.notify) await notify(options.notify, summary, log);
      };
      if (options.backfill) {
        await runBackfill(base, parseDateSpan(options.backfill), report);
        return;
      }
      const date = options.date ? parseNightDate(options.date, '--date') : yesterday(Date.now(), timeZone);
      const started = performance.now();
      let summary: NightSummary;
      try {
        summary = await runNight({ ...base, date });
      } catch (error) {
        await report(failedSummary(options.runs, date, error, started));
        throw error;
      }
      await report(summary);
    });
}
