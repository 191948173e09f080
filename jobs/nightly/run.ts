import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  CLUSTER_COLUMNS,
  FORMAT_VERSION,
  formatTimestamp,
  INTERACTION_COLUMNS,
  MEMBER_COLUMNS,
  NIGHTLY_FILES,
  REJECT_COLUMNS,
  REPEAT_ACTOR_COLUMNS,
  RUN_FILES,
  type RunManifest,
  type TableSpec,
  TRACK_COLUMNS,
} from '../../shared/contract/index.ts';
import {
  DEFAULT_CONFIG,
  DETECTOR_VERSION,
  type DetectResult,
  runDetect,
  signalSpecs,
} from '../detect/index.ts';
import { buildTable, writeArrowFile } from '../formats/arrow.ts';
import { clearLeftovers, readRun, writeRunDirectory, writeRunFiles } from '../output/index.ts';
import { describeError } from '../runtime/errors.ts';
import type { Logger } from '../runtime/log.ts';
import { addDays, dateRange, dayWindow, type NightDate } from './dates.ts';
import { nightClusters, readEarlierNights } from './history.ts';
import { acquireLock } from './lock.ts';
import { partitionFiles } from './partitions.ts';
import { latestAppearances, matchTracks, repeatActors } from './tracks.ts';
import { type NightlyOptions, type NightSummary, TRACK_STATUSES, type TrackStatus } from './types.ts';

export function runDirOf(runsRoot: string, date: NightDate): string {
  return join(runsRoot, date);
}

function lockPathOf(runsRoot: string, date: NightDate): string {
  return join(runsRoot, `.${date}.lock`);
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Named columns from row objects, for the few small tables a night adds. */
function columnsOf<Row extends object>(spec: TableSpec, rows: readonly Row[]) {
  return Object.fromEntries(
    spec.map((column) => [
      column.name,
      rows.map((row) => row[column.name as keyof Row] as string | number | null),
    ]),
  );
}

/** What a killed run left behind for this date: all of it, since the caller holds the date's lock. */
async function recoverLeftovers(runsRoot: string, date: NightDate, log: Logger): Promise<void> {
  for (const { path, action } of await clearLeftovers(runDirOf(runsRoot, date), { all: true }))
    if (action === 'restored')
      log.warn({ date, restored: path }, 'restored the previous run that an interrupted run had moved aside');
    else log.info({ date, removed: path }, 'removed what an interrupted run left behind');
}

function byKind(kinds: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Adds tracks.arrow and repeat_actors.arrow to a night's complete temporary run directory. */
async function writeTracks(
  tmpDir: string,
  options: NightlyOptions,
  earlier: Awaited<ReturnType<typeof readEarlierNights>>,
): Promise<Pick<NightSummary, 'by_kind' | 'tracks' | 'repeat_actors'>> {
  const run = await readRun(tmpDir);
  const clusters = nightClusters(run.clusters, run.members);
  const tracks = matchTracks(options.date, clusters, latestAppearances(earlier), options.trackConfig);
  const repeats = repeatActors(options.date, clusters, tracks, earlier);
  await writeArrowFile(
    join(tmpDir, NIGHTLY_FILES.tracks),
    buildTable(TRACK_COLUMNS, columnsOf(TRACK_COLUMNS, tracks)),
  );
  await writeArrowFile(
    join(tmpDir, NIGHTLY_FILES.repeatActors),
    buildTable(REPEAT_ACTOR_COLUMNS, columnsOf(REPEAT_ACTOR_COLUMNS, repeats)),
  );
  const counts = Object.fromEntries(TRACK_STATUSES.map((s) => [s, 0])) as Record<TrackStatus, number>;
  for (const row of tracks) counts[row.status]++;
  // The manifest stays the last word of the run: rewritten in the temporary directory, before the swap.
  const manifestPath = join(tmpDir, RUN_FILES.manifest);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as RunManifest;
  manifest.tracks = counts;
  manifest.counts.repeat_actors = repeats.length;
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { by_kind: byKind(clusters.map((c) => c.kind)), tracks: counts, repeat_actors: repeats.length };
}

const emptyColumns = (spec: TableSpec, extra: string[] = []) =>
  Object.fromEntries([...spec.map((column) => column.name), ...extra].map((name) => [name, []]));

/** A complete run of a night that has no events: empty tables, status `no_events`. */
async function writeNoEventsRun(
  outDir: string,
  window: { from: number; to: number },
  manifestExtras: Record<string, unknown>,
  beforeCommit: (tmpDir: string) => Promise<void>,
): Promise<DetectResult> {
  const now = new Date().toISOString();
  const manifest: RunManifest = {
    format_version: FORMAT_VERSION,
    run_id: randomUUID(),
    detector_version: DETECTOR_VERSION,
    started_at: now,
    finished_at: now,
    status: 'no_events',
    parameters: {},
    inputs: [],
    counts: { events_read: 0, events_rejected: 0, duplicates: 0, clusters_flagged: 0 },
    timings: {},
    signals: signalSpecs(DEFAULT_CONFIG),
    window: { from: formatTimestamp(window.from), to: formatTimestamp(window.to) },
    ...manifestExtras,
  };
  return writeRunDirectory(outDir, async (tmpDir) => {
    await writeRunFiles(tmpDir, {
      manifest,
      clusters: emptyColumns(
        CLUSTER_COLUMNS,
        manifest.signals.map((signal) => signal.column),
      ),
      members: emptyColumns(MEMBER_COLUMNS),
      interactions: emptyColumns(INTERACTION_COLUMNS),
      rejects: emptyColumns(REJECT_COLUMNS),
    });
    await beforeCommit(tmpDir);
    return { outDir: resolve(outDir), manifest };
  });
}

/**
 * Detects over one night: the date's partition is the window, the `lookbackDays` partitions before
 * it are each target's baseline. Holds the date's lock throughout and replaces `RUNS/DATE`
 * atomically, with the night's tracks across earlier nights added before the swap.
 */
export async function runNight(options: NightlyOptions): Promise<NightSummary> {
  const { date, runsRoot, log } = options;
  const started = performance.now();
  await mkdir(runsRoot, { recursive: true });
  const lock = await acquireLock(lockPathOf(runsRoot, date), { log, maxAgeMs: options.lockMaxAgeMs });
  try {
    await recoverLeftovers(runsRoot, date, log);
    const nightFiles = await partitionFiles(options.eventsRoot, date);
    const baselineDates = dateRange(addDays(date, -options.lookbackDays), addDays(date, -1));
    const baselineFiles = (
      await Promise.all(baselineDates.map((day) => partitionFiles(options.eventsRoot, day)))
    ).flat();
    log.info(
      { date, night_files: nightFiles.length, baseline_files: baselineFiles.length },
      `nightly ${date}: ${nightFiles.length} files, ${baselineFiles.length} baseline files`,
    );
    const earlier = await readEarlierNights(runsRoot, date, options.trackLookbackDays);
    let tracked: Pick<NightSummary, 'by_kind' | 'tracks' | 'repeat_actors'> | undefined;
    const beforeCommit = async (tmpDir: string) => {
      tracked = await writeTracks(tmpDir, options, earlier);
    };
    const window = dayWindow(date, options.timeZone);
    const manifestExtras = {
      date,
      lookback_days: options.lookbackDays,
      time_zone: options.timeZone,
      baseline_dates: baselineDates,
    };
    // A night without events of its own is recorded as such, without reading its baseline for nothing.
    const result = nightFiles.length
      ? await runDetect({
          events: [...baselineFiles, ...nightFiles],
          accounts: options.accounts,
          follows: options.follows,
          out: runDirOf(runsRoot, date),
          threads: options.threads,
          seed: options.seed,
          window,
          log,
          manifestExtras,
          beforeCommit,
        })
      : await writeNoEventsRun(runDirOf(runsRoot, date), window, manifestExtras, beforeCommit);
    return {
      ...emptySummary(runsRoot, date, result.manifest.status),
      ...tracked,
      run_dir: result.outDir,
      clusters_flagged: result.manifest.counts.clusters_flagged,
      events_read: result.manifest.counts.events_read,
      duration_ms: Math.round(performance.now() - started),
    };
  } finally {
    await lock.release();
  }
}

/** Logs a night's outcome as one structured line a scheduler can act on. */
export function logSummary(log: Logger, summary: NightSummary): void {
  const line = { ...summary, peak_rss_mb: peakRssMb(), done: true };
  if (summary.status === 'failed') log.error(line, `nightly ${summary.date} failed: ${summary.error}`);
  else
    log.info(line, `nightly ${summary.date} ${summary.status}: ${summary.clusters_flagged} clusters flagged`);
}

/** A night's summary before or without a run: nothing flagged, nothing read. */
export function emptySummary(
  runsRoot: string,
  date: NightDate,
  status: NightSummary['status'],
): NightSummary {
  return {
    date,
    status,
    run_dir: runDirOf(runsRoot, date),
    clusters_flagged: 0,
    by_kind: {},
    tracks: { new: 0, recurring: 0, escalating: 0 },
    repeat_actors: 0,
    events_read: 0,
    duration_ms: 0,
  };
}

export function failedSummary(
  runsRoot: string,
  date: NightDate,
  error: unknown,
  started: number,
): NightSummary {
  return {
    ...emptySummary(runsRoot, date, 'failed'),
    duration_ms: Math.round(performance.now() - started),
    error: describeError(error),
  };
}

async function hasRun(runsRoot: string, date: NightDate): Promise<boolean> {
  return Boolean(await stat(join(runDirOf(runsRoot, date), RUN_FILES.manifest)).catch(() => null));
}

/**
 * Runs every date of [from, to] that has no run yet, oldest first (tracks build on earlier nights).
 * `onNight` sees each night's summary, a failed one included; the first failure stops the backfill
 * and is thrown.
 */
export async function runBackfill(
  options: Omit<NightlyOptions, 'date'>,
  span: { from: NightDate; to: NightDate },
  onNight: (summary: NightSummary) => void | Promise<void>,
): Promise<NightSummary[]> {
  const summaries: NightSummary[] = [];
  for (const date of dateRange(span.from, span.to)) {
    const started = performance.now();
    let summary: NightSummary;
    let failure: unknown;
    try {
      summary = (await hasRun(options.runsRoot, date))
        ? emptySummary(options.runsRoot, date, 'skipped')
        : await runNight({ ...options, date });
    } catch (error) {
      failure = error;
      summary = failedSummary(options.runsRoot, date, error, started);
    }
    summaries.push(summary);
    await onNight(summary);
    if (failure) throw failure;
  }
  return summaries;
}
