import type { Command } from 'commander';
import { parseTimestamp } from '../../../shared/contract/index.ts';
import { optionError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/log.ts';
import { defaultThreads, wholeNumber } from '../options.ts';

interface DetectCliOptions {
  events: string[];
  accounts?: string[];
  follows?: string[];
  out: string;
  threads: number;
  seed: number;
  config?: string;
  from?: number;
  to?: number;
  json: boolean;
}

function instant(option: string) {
  return (value: string): number => {
    const ms = parseTimestamp(value);
    if (ms === null)
      throw optionError(option, `must be an ISO-8601 time or epoch milliseconds, got "${value}"`);
    return ms;
  };
}

/** The earliest and latest instants a Date can hold: an open side of the window, still printable in the manifest. */
const DATE_LIMIT_MS = 8.64e15;

/** The flag window the options ask for: open-ended on a side that is not given, none when neither is. */
function flagWindow(
  from: number | undefined,
  to: number | undefined,
): { from: number; to: number } | undefined {
  if (from === undefined && to === undefined) return undefined;
  const window = { from: from ?? -DATE_LIMIT_MS, to: to ?? DATE_LIMIT_MS };
  if (window.from >= window.to) throw optionError('--from', 'must be earlier than --to');
  return window;
}

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('Find coordinated pile-ons and brigades in interaction events and write a run directory')
    .requiredOption('--events <paths...>', 'event files or directories (Arrow, Parquet, NDJSON, CSV)')
    .option('--accounts <paths...>', 'accounts table(s): account_id, created_at, followers')
    .option('--follows <paths...>', 'follow graph before the window: follower_id, followee_id')
    .requiredOption('--out <dir>', 'run directory to write (replaced atomically)')
    .option(
      '--threads <n>',
      'worker threads',
      wholeNumber('--threads', { min: 1, max: 256 }),
      defaultThreads(),
    )
    .option('--seed <n>', 'seed of every random choice', wholeNumber('--seed'), 1)
    .option(
      '--from <time>',
      'flag only clusters active at or after this time (earlier events are baseline)',
      instant('--from'),
    )
    .option('--to <time>', 'flag only clusters active before this time', instant('--to'))
    .option('--config <file>', 'JSON file of detector settings merged over the defaults (README: Detection)')
    .option('--json', 'print a machine-readable summary on stdout', false)
    .action(async (options: DetectCliOptions) => {
      // Loaded when the command runs, so that every other command starts without the detector and the readers.
      const [{ loadDetectConfig, runDetect }, { readRun }] = await Promise.all([
        import('../../detect/index.ts'),
        import('../../output/index.ts'),
      ]);
      const log = createLogger({ command: 'detect' });
      const window = flagWindow(options.from, options.to);
      const config = options.config ? await loadDetectConfig(options.config) : undefined;
      const result = await runDetect({
        events: options.events,
        ...(options.accounts ? { accounts: options.accounts } : {}),
        ...(options.follows ? { follows: options.follows } : {}),
        out: options.out,
        threads: options.threads,
        seed: options.seed,
        ...(config ? { config } : {}),
        ...(window ? { window } : {}),
        log,
      });
      if (!options.json) return;
      const { clusters } = await readRun(result.outDir);
      const summary = {
        out: result.outDir,
        run_id: result.manifest.run_id,
        status: result.manifest.status,
        counts: result.manifest.counts,
        timings: result.manifest.timings,
        clusters: clusters.toArray().map((row) => ({
          cluster_id: row.cluster_id,
          kind: row.kind,
          score: row.score,
          n_actors: row.n_actors,
          n_targets: row.n_targets,
          why_flagged: row.why_flagged,
        })),
      };
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    });
}
