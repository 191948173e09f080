import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Table, tableFromIPC } from 'apache-arrow';
import { NIGHTLY_FILES, RUN_FILES, type RunManifest } from '../../shared/contract/index.ts';
import { readManifest, readRun } from '../output/index.ts';
import { inputError } from '../runtime/errors.ts';
import { addDays, type NightDate, parseNightDate } from './dates.ts';
import type { NightCluster, TrackRow, TrackStatus } from './types.ts';

/** A column of an Arrow table as JS values (an empty list when the column is absent). */
export function columnValues(table: Table, name: string): unknown[] {
  const vector = table.getChild(name);
  return vector ? Array.from(vector, (value) => (typeof value === 'bigint' ? Number(value) : value)) : [];
}

/** An optional Arrow file of a run directory, or null when the run has none. */
export async function readOptionalArrow(path: string): Promise<Table | null> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!bytes) return null;
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw inputError(path, `cannot be read as an Arrow IPC file (${(error as Error).message})`, error);
  }
}

/** The flagged clusters of a run directory with their actors, in clusters.arrow order. */
export function nightClusters(clusters: Table, members: Table): NightCluster[] {
  const memberCluster = columnValues(members, 'cluster_id') as string[];
  const memberAccount = columnValues(members, 'account_id') as string[];
  const memberRole = columnValues(members, 'role') as string[];
  const actors = new Map<string, string[]>();
  memberCluster.forEach((clusterId, i) => {
    if (memberRole[i] !== 'actor') return;
    const list = actors.get(clusterId) ?? [];
    list.push(memberAccount[i]!);
    actors.set(clusterId, list);
  });
  const ids = columnValues(clusters, 'cluster_id') as string[];
  const kind = columnValues(clusters, 'kind') as string[];
  const score = columnValues(clusters, 'score') as number[];
  const nActors = columnValues(clusters, 'n_actors') as number[];
  const nTargets = columnValues(clusters, 'n_targets') as number[];
  return ids.map((id, i) => ({
    cluster_id: id,
    kind: kind[i]!,
    score: score[i]!,
    n_actors: nActors[i]!,
    n_targets: nTargets[i]!,
    actors: actors.get(id) ?? [],
  }));
}

export function trackRows(table: Table | null): TrackRow[] {
  if (!table) return [];
  const column = (name: string) => columnValues(table, name);
  const [cluster, track, status, previousCluster, previousDate, overlap, nights, firstDate] = [
    'cluster_id',
    'track_id',
    'status',
    'previous_cluster_id',
    'previous_date',
    'overlap',
    'nights_seen',
    'first_date',
  ].map(column) as [
    string[],
    string[],
    TrackStatus[],
    (string | null)[],
    (string | null)[],
    number[],
    number[],
    string[],
  ];
  return cluster.map((id, i) => ({
    cluster_id: id,
    track_id: track[i]!,
    status: status[i]!,
    previous_cluster_id: previousCluster[i] ?? null,
    previous_date: previousDate[i] ?? null,
    overlap: overlap[i]!,
    nights_seen: nights[i]!,
    first_date: firstDate[i]!,
  }));
}

/** Reads a run directory's tracks.arrow (none for a run made without tracks). */
export async function readTracks(runDir: string): Promise<TrackRow[]> {
  return trackRows(await readOptionalArrow(join(runDir, NIGHTLY_FILES.tracks)));
}

export interface EarlierNight {
  date: NightDate;
  dir: string;
  manifest: RunManifest;
}

/** Completed run directories named by date under `runsRoot`, oldest first, dates in [from, to). */
export async function listNights(runsRoot: string, from: NightDate, to: NightDate): Promise<EarlierNight[]> {
  const names = await readdir(runsRoot).catch(() => [] as string[]);
  const nights: EarlierNight[] = [];
  for (const name of names.sort()) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(name) || name < from || name >= to) continue;
    const dir = join(runsRoot, name);
    if (!(await stat(join(dir, RUN_FILES.manifest)).catch(() => null))) continue;
    nights.push({ date: parseNightDate(name, dir), dir, manifest: await readManifest(dir) });
  }
  return nights;
}

/** The flagged clusters and tracks of the `days` nights before `date`, for matching tonight's. */
export async function readEarlierNights(
  runsRoot: string,
  date: NightDate,
  days: number,
): Promise<Array<{ date: NightDate; clusters: NightCluster[]; tracks: TrackRow[] }>> {
  const nights = await listNights(runsRoot, addDays(date, -days), date);
  return Promise.all(
    nights.map(async (night) => {
      const run = await readRun(night.dir);
      return {
        date: night.date,
        clusters: nightClusters(run.clusters, run.members),
        tracks: await readTracks(night.dir),
      };
    }),
  );
}
