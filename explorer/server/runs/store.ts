import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readRun } from '../../../jobs/output/run-files.ts';
import { RUN_FILES, type RunManifest, type SignalSpec } from '../../../shared/contract/index.ts';
import { columnReader } from './columns.ts';
import { discoverRuns, type RunLocation } from './discover.ts';
import type { Pseudonymize } from './pseudonym.ts';

/** Row numbers of one table grouped by cluster: rows of cluster c are rows[offsets[c] .. offsets[c+1]). */
export interface RowGroups {
  offsets: Int32Array;
  rows: Int32Array;
}

export interface ClusterTable {
  ids: string[];
  kind: string[];
  score: Float64Array;
  firstTs: Float64Array;
  lastTs: Float64Array;
  nActors: Float64Array;
  nTargets: Float64Array;
  nInteractions: Float64Array;
  why: string[];
  /** One column per manifest signal, in the manifest's order. */
  signals: Float64Array[];
  rowById: Map<string, number>;
}

export interface MemberTable {
  account: string[];
  role: string[];
  instigator: Uint8Array;
  roleEvidence: (string | null)[];
  nActions: Float64Array;
  firstTs: Float64Array;
  createdAt: Float64Array;
  followers: Float64Array;
  isNew: Uint8Array;
  isOutsider: Uint8Array;
  byCluster: RowGroups;
}

export interface InteractionTable {
  ts: Float64Array;
  type: string[];
  actor: string[];
  target: string[];
  contentId: (string | null)[];
  text: (string | null)[];
  duplicateGroup: Float64Array;
  hostile: Uint8Array;
  byCluster: RowGroups;
}

/** A run's tables as the explorer serves them, parsed once and kept while its manifest is unchanged. */
export interface LoadedRun {
  id: string;
  dir: string;
  manifest: RunManifest;
  signals: SignalSpec[];
  clusters: ClusterTable;
  members: MemberTable;
  interactions: InteractionTable;
  /** Pseudonym of every account of the run, and back (for an audited reveal). */
  pseudonyms: Map<string, string>;
  accountsByPseudonym: Map<string, string>;
  /** The pseudonym of any account id, remembered for a later reveal. */
  pseudonymOf(accountId: string): string;
}

/** Groups rows by their cluster's row number with a counting sort: two passes, two typed arrays. */
export function groupByCluster(clusterOfRow: (string | null)[], rowById: Map<string, number>): RowGroups {
  const offsets = new Int32Array(rowById.size + 1);
  const clusterRows = new Int32Array(clusterOfRow.length).fill(-1);
  for (let i = 0; i < clusterOfRow.length; i++) {
    const row = rowById.get(clusterOfRow[i] ?? '');
    if (row === undefined) continue;
    clusterRows[i] = row;
    offsets[row + 1]!++;
  }
  for (let c = 0; c < rowById.size; c++) offsets[c + 1]! += offsets[c]!;
  const next = offsets.slice(0, rowById.size);
  const rows = new Int32Array(offsets[rowById.size]!);
  // Visiting rows in order keeps each cluster's rows in file order (interactions are by time).
  for (let i = 0; i < clusterRows.length; i++) {
    const c = clusterRows[i]!;
    if (c >= 0) rows[next[c]!++] = i;
  }
  return { offsets, rows };
}

async function loadRun(location: RunLocation, pseudonymize: Pseudonymize): Promise<LoadedRun> {
  const tables = await readRun(location.dir);
  const { manifest } = tables;
  const signals = manifest.signals ?? [];
  const c = columnReader(tables.clusters, join(location.dir, RUN_FILES.clusters));
  const ids = c.strings('cluster_id') as string[];
  const rowById = new Map(ids.map((id, row) => [id, row]));
  const clusters: ClusterTable = {
    ids,
    kind: c.strings('kind') as string[],
    score: c.numbers('score'),
    firstTs: c.numbers('first_ts'),
    lastTs: c.numbers('last_ts'),
    nActors: c.numbers('n_actors'),
    nTargets: c.numbers('n_targets'),
    nInteractions: c.numbers('n_interactions'),
    why: c.strings('why_flagged') as string[],
    signals: signals.map((s) =>
      c.has(s.column) ? c.numbers(s.column) : new Float64Array(ids.length).fill(Number.NaN),
    ),
    rowById,
  };
  const m = columnReader(tables.members, join(location.dir, RUN_FILES.members));
  const members: MemberTable = {
    account: m.strings('account_id') as string[],
    role: m.strings('role') as string[],
    instigator: m.bools('instigator'),
    roleEvidence: m.has('role_evidence') ? m.strings('role_evidence') : new Array(m.rows).fill(null),
    nActions: m.numbers('n_actions'),
    firstTs: m.numbers('first_ts'),
    createdAt: m.numbers('created_at'),
    followers: m.numbers('followers'),
    isNew: m.bools('is_new'),
    isOutsider: m.bools('is_outsider'),
    byCluster: groupByCluster(m.strings('cluster_id'), rowById),
  };
  const x = columnReader(tables.interactions, join(location.dir, RUN_FILES.interactions));
  const interactions: InteractionTable = {
    ts: x.numbers('ts'),
    type: x.strings('type') as string[],
    actor: x.strings('actor_id') as string[],
    target: x.strings('target_id') as string[],
    contentId: x.strings('content_id'),
    text: x.strings('text'),
    duplicateGroup: x.numbers('duplicate_group'),
    hostile: x.bools('hostile'),
    byCluster: groupByCluster(x.strings('cluster_id'), rowById),
  };
  const pseudonyms = new Map<string, string>();
  const accountsByPseudonym = new Map<string, string>();
  const pseudonymOf = (account: string): string => {
    let pseudonym = pseudonyms.get(account);
    if (pseudonym === undefined) {
      pseudonym = pseudonymize(account);
      pseudonyms.set(account, pseudonym);
      accountsByPseudonym.set(pseudonym, account);
    }
    return pseudonym;
  };
  for (const list of [members.account, interactions.actor, interactions.target])
    for (const id of list) pseudonymOf(id);
  return {
    id: location.id,
    dir: location.dir,
    manifest,
    signals,
    clusters,
    members,
    interactions,
    pseudonyms,
    accountsByPseudonym,
    pseudonymOf,
  };
}

interface CacheEntry {
  stamp: string;
  run: Promise<LoadedRun>;
}

/** Parsed runs kept in memory; older ones are dropped and re-read when asked for again. */
export const CACHED_RUNS = 8;

/**
 * The runs under a root, each parsed on first use and re-read when its manifest changes. At most
 * `maxRuns` stay parsed (least recently used first out), so a year of nightly runs fits in memory.
 */
export class RunStore {
  readonly root: string;
  readonly #pseudonymize: Pseudonymize;
  readonly #maxRuns: number;
  /** In order of use, oldest first. */
  readonly #cache = new Map<string, CacheEntry>();

  constructor(root: string, pseudonymize: Pseudonymize, maxRuns = CACHED_RUNS) {
    this.root = root;
    this.#pseudonymize = pseudonymize;
    this.#maxRuns = maxRuns;
  }

  list(): Promise<RunLocation[]> {
    return discoverRuns(this.root);
  }

  /** The run with this id among those discovered, or undefined: ids never become paths on their own. */
  async get(id: string): Promise<LoadedRun | undefined> {
    const location = (await this.list()).find((run) => run.id === id);
    if (!location) {
      this.#cache.delete(id);
      return undefined;
    }
    const info = await stat(join(location.dir, RUN_FILES.manifest)).catch(() => null);
    if (!info) return undefined;
    const stamp = `${location.dir}:${info.mtimeMs}:${info.size}:${info.ino}`;
    const cached = this.#cache.get(id);
    this.#cache.delete(id);
    if (cached?.stamp === stamp) {
      this.#cache.set(id, cached);
      return cached.run;
    }
    const run = loadRun(location, this.#pseudonymize);
    this.#cache.set(id, { stamp, run });
    for (const oldest of this.#cache.keys()) {
      if (this.#cache.size <= this.#maxRuns) break;
      this.#cache.delete(oldest);
    }
    // A run that fails to load is retried on the next request rather than cached as failed.
    run.catch(() => {
      if (this.#cache.get(id)?.run === run) this.#cache.delete(id);
    });
    return run;
  }
}
