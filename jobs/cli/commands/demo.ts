import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { generateWorld, type Truth, worldFiles } from '../../generate/index.ts';
import { addDays, dateIn } from '../../nightly/dates.ts';
import { DEFAULT_NIGHTLY, DEFAULT_TRACK_CONFIG } from '../../nightly/types.ts';
import { createLogger } from '../../runtime/log.ts';
import { addListenOptions, wholeNumber } from '../options.ts';

interface DemoFlags {
  data: string;
  seed: number;
  events: number;
  nights: number;
  port: number;
  host: string;
  serve: boolean;
}

/** The sample world already on disk when it was made with these settings, so a second demo starts at once. */
async function existingWorld(dir: string, flags: DemoFlags): Promise<Truth | null> {
  try {
    const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as Truth;
    return truth.seed === flags.seed && truth.events === flags.events && truth.layout === 'partitioned'
      ? truth
      : null;
  } catch {
    return null;
  }
}

export function registerDemo(program: Command): void {
  const command = program
    .command('demo')
    .description(
      'Quick start: generate a sample week of activity, run the nightly detection on its last nights, and open the explorer on the runs',
    )
    .option('--data <dir>', 'where the sample world (DIR/sample) and its runs (DIR/runs) go', 'data')
    .option('--seed <n>', 'seed of the sample world', wholeNumber('--seed', { max: 4294967295 }), 7)
    .option('--events <n>', 'events in the sample world', wholeNumber('--events', { min: 10_000 }), 200_000)
    .option(
      '--nights <n>',
      'nights to detect, ending on the last day',
      wholeNumber('--nights', { min: 1, max: 6 }),
      5,
    )
    .option('--no-serve', 'stop once the runs are written');
  addListenOptions(command).action(async (flags: DemoFlags) => {
    const log = createLogger({ command: 'demo' });
    const worldDir = join(flags.data, 'sample');
    const runsRoot = join(flags.data, 'runs');
    const truth =
      (await existingWorld(worldDir, flags)) ??
      (await generateWorld({
        seed: flags.seed,
        events: flags.events,
        out: worldDir,
        layout: 'partitioned',
        log,
      }));
    const files = worldFiles(worldDir, 'arrow', 'partitioned');
    const lastNight = dateIn(Date.parse(truth.end) - 1, DEFAULT_NIGHTLY.timeZone);
    const { logSummary, runBackfill } = await import('../../nightly/run.ts');
    // Backfill runs only the nights without a run: a second demo reuses the first one's runs.
    const nights = await runBackfill(
      {
        eventsRoot: files.events,
        runsRoot,
        accounts: [files.accounts],
        follows: [files.follows],
        timeZone: DEFAULT_NIGHTLY.timeZone,
        lookbackDays: DEFAULT_NIGHTLY.lookbackDays,
        trackLookbackDays: DEFAULT_NIGHTLY.trackLookbackDays,
        trackConfig: DEFAULT_TRACK_CONFIG,
        lockMaxAgeMs: DEFAULT_NIGHTLY.lockMaxAgeMinutes * 60_000,
        seed: flags.seed,
        log,
      },
      { from: addDays(lastNight, 1 - flags.nights), to: lastNight },
      (summary) => logSummary(log, summary),
    );
    const flagged = nights.reduce((sum, night) => sum + night.clusters_flagged, 0);
    process.stderr.write(
      `swarmscope demo: ${truth.attacks.length} attacks and ${truth.benign.length} benign look-alikes planted in ${worldDir}; ` +
        `runs in ${runsRoot} (${nights.map((n) => `${n.date}: ${n.status === 'skipped' ? 'kept' : `${n.clusters_flagged} flagged`}`).join(', ')})\n`,
    );
    if (!flags.serve) return;
    // Loaded only to serve: the web server and its routes take ~0.6 s to load.
    const { serveExplorer } = await import('../../../explorer/server/listen.ts');
    await serveExplorer({
      runsDir: runsRoot,
      port: flags.port,
      host: flags.host,
      log,
      onListening: (url) =>
        process.stderr.write(
          `swarmscope demo: explorer open at ${url}/runs/${lastNight}${flagged ? '' : ' (no cluster flagged)'} — Ctrl-C stops it\n`,
        ),
    });
  });
}
