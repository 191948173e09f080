import { dirname, join, relative, resolve, sep } from 'node:path';
import { type Case, caseKey } from '../../explorer/server/cases/fold.ts';
import { CaseLog } from '../../explorer/server/cases/log.ts';
import { clusterDetail, pseudonymizeSentence } from '../../explorer/server/runs/detail.ts';
import {
  createPseudonymizer,
  loadPseudonymKey,
  PSEUDONYM_PATTERN,
} from '../../explorer/server/runs/pseudonym.ts';
import { type LoadedRun, RunStore } from '../../explorer/server/runs/store.ts';
import type { ClusterDetail } from '../../explorer/shared/api.ts';
import { NIGHTLY_FILES, RUN_FILES, type RunManifest } from '../../shared/contract/index.ts';
import { addDays, dateRange } from '../nightly/dates.ts';
import { columnValues, listNights, readOptionalArrow, readTracks } from '../nightly/history.ts';
import type { TrackRow } from '../nightly/types.ts';
import { readManifest } from '../output/index.ts';
import { optionError } from '../runtime/errors.ts';
import { maskText } from './model.ts';
import type { NightPoint, NightReport } from './types.ts';

/** The night a run covers: a nightly run's date, else the day its window (or the run) started. */
export function runDate(manifest: RunManifest): string {
  if (typeof manifest.date === 'string') return manifest.date;
  return (manifest.window?.from ?? manifest.started_at).slice(0, 10);
}

export interface OpenedRun {
  run: LoadedRun;
  /** The run's id under the runs root, as the explorer's cases name it. */
  runId: string;
  date: string;
  tracks: Map<string, TrackRow>;
  cases: ReadonlyMap<string, Case>;
}

/** A run the explorer has loaded, with its tracks and its cases: what every report is made from. */
export async function openedRun(run: LoadedRun, cases: CaseLog, runId = run.id): Promise<OpenedRun> {
  const tracks = new Map((await readTracks(run.dir)).map((row) => [row.cluster_id, row]));
  return { run, runId, date: runDate(run.manifest), tracks, cases: await cases.all() };
}

/** The investigators' case of a cluster, or null when nobody has acted on it. */
export function caseOf(opened: OpenedRun, clusterId: string): Case | null {
  return opened.cases.get(caseKey(opened.runId, clusterId)) ?? null;
}

/**
 * Opens a run directory as the explorer does (same tables, same pseudonyms: the key lives under
 * `runsRoot`, the explorer's --runs, by default the run's parent directory).
 */
export async function openRun(runDir: string, runsRoot = dirname(resolve(runDir))): Promise<OpenedRun> {
  await readManifest(runDir);
  const pseudonymize = createPseudonymizer(await loadPseudonymKey(runsRoot));
  // The explorer names a run by its path under the root, segments joined by `~`.
  const runId = relative(resolve(runsRoot), resolve(runDir)).split(sep).join('~');
  const store = new RunStore(resolve(runDir), pseudonymize);
  const [location] = await store.list();
  const run = location && (await store.get(location.id));
  if (!run) throw optionError('--run', `${runDir} is not a run directory`);
  return openedRun(run, new CaseLog(runsRoot), runId);
}

/** Any @handle left in a text after pseudonymisation names an account outside the cluster: hidden. */
function hideOtherHandles(text: string): string {
  return text.replace(/@([\w.-]+)/g, (handle, name: string) =>
    PSEUDONYM_PATTERN.test(name) ? handle : '@[account]',
  );
}

/**
 * A cluster's detail as the explorer serves it, made safe to print: role evidence and comments with
 * pseudonyms for account names, and comments with their hostile terms masked.
 */
export function reportDetail(opened: OpenedRun, clusterId: string): ClusterDetail {
  const { run } = opened;
  const row = run.clusters.rowById.get(clusterId);
  if (row === undefined) throw optionError('--cluster', `names no cluster "${clusterId}" in run ${run.dir}`);
  const detail = clusterDetail(run, row);
  const safe = (text: string) => hideOtherHandles(pseudonymizeSentence(run, row, text));
  detail.members.role_evidence = detail.members.role_evidence.map((text) =>
    text === null ? null : safe(text),
  );
  const { interactions } = detail;
  interactions.text = interactions.text.map((text, i) =>
    text === null ? null : safe(maskText(text, interactions.hostile_spans[i] ?? null)),
  );
  interactions.hostile_spans = interactions.hostile_spans.map(() => null);
  return detail;
}

/** The run's repeat actors (pseudonymised), most nights first. */
export async function readRepeatActors(
  opened: OpenedRun,
  max: number,
): Promise<NightReport['repeat_actors']> {
  const table = await readOptionalArrow(join(opened.run.dir, NIGHTLY_FILES.repeatActors));
  if (!table) return [];
  const accounts = columnValues(table, 'account_id') as string[];
  const nights = columnValues(table, 'nights') as number[];
  const firstDates = columnValues(table, 'first_date') as string[];
  return accounts.slice(0, max).map((account, i) => ({
    account: opened.run.pseudonyms.get(account) ?? '[account]',
    nights: nights[i]!,
    first_date: firstDates[i]!,
  }));
}

function kindCounts(kinds: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/**
 * Flagged clusters by kind for each of the `nights` nights up to the run's, from the run directories
 * beside it; a night without a run is `missing`.
 */
export async function readTrend(opened: OpenedRun, nights = 30): Promise<NightPoint[]> {
  const { run, date } = opened;
  const from = addDays(date, 1 - nights);
  const siblings = new Map(
    (await listNights(dirname(run.dir), from, date)).map((night) => [night.date, night]),
  );
  return Promise.all(
    dateRange(from, date).map(async (day): Promise<NightPoint> => {
      if (day === date) return { date, status: run.manifest.status, by_kind: kindCounts(run.clusters.kind) };
      const night = siblings.get(day);
      if (!night) return { date: day, status: 'missing', by_kind: {} };
      const clusters = await readOptionalArrow(join(night.dir, RUN_FILES.clusters));
      return {
        date: day,
        status: night.manifest.status,
        by_kind: kindCounts(clusters ? (columnValues(clusters, 'kind') as string[]) : []),
      };
    }),
  );
}
