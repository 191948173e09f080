import { sharedStrings } from '../ingest/dictionary.ts';
import type { EventSet } from '../ingest/types.ts';
import { type Logger, progress } from '../runtime/log.ts';
import { createStagePool, type StagePool } from '../runtime/pool.ts';
import { onSharedMemory, sharedArray } from '../runtime/shared-memory.ts';
import { brigadeCandidates, type FlagWindow } from './candidates.ts';
import { joinPairs, PairKeysSeen, splitByKey } from './coaction.ts';
import { type EventIndex, FollowGraph, IndexedReach, RowsByKey, TargetReach } from './event-index.ts';
import {
  type ClusterEvidence,
  CommentFacts,
  type EvidenceContext,
  evidenceMarks,
  weighCandidate,
} from './evidence.ts';
import { whyFlagged } from './explain.ts';
import { coordinationGroups, seededRng } from './graph.ts';
import { indexStage } from './index-stage.ts';
import { shardPileOns } from './pile-ons.ts';
import { scoreCluster } from './score.ts';
import { partitionByTarget, SHARD_COUNT, shardConfig, transferList } from './shard.ts';
import type { StageResult, StageTask } from './stage.ts';
import { createHostilityCheck } from './text.ts';
import type {
  BaselinesResult,
  BaselinesTask,
  BurstEpisodes,
  DetectConfig,
  IndexResult,
  IndexTask,
  MergeResult,
  MergeTask,
  ShardPileOns,
  ShardResult,
  ShardTask,
} from './types.ts';

/** What the detector reads: the events, and the optional account facts and follow graph, by account code. */
export interface DetectInput {
  events: EventSet;
  /** Account creation (epoch-ms) and follower counts by account code; NaN where unknown. */
  createdAt?: Float64Array;
  followers?: Float64Array;
  follows?: { follower: Int32Array; followee: Int32Array };
}

export interface DetectRunOptions {
  config: DetectConfig;
  threads: number;
  seed: number;
  /** Flag only clusters with activity in [from, to); events from `to` on are ignored. */
  window?: FlagWindow;
  log: Logger;
  /** The detector's workers, when the caller started them (from `createDetectPool`) and destroys them. */
  pool?: DetectPool;
}

/** Workers of the shards and, after them, of the merge of their pairs. */
export type DetectPool = StagePool<StageTask, StageResult>;

/** The detector's pool: started before the input is read, its workers load while it is. */
export function createDetectPool(threads: number): Promise<DetectPool> {
  return createStagePool<StageTask, StageResult>(new URL('./stage.ts', import.meta.url), threads);
}

// The pool's module answers each kind of task with its kind of result.
const runShard = (pool: DetectPool, task: ShardTask) =>
  pool.run(task, transferList(task)) as Promise<ShardResult>;
const runIndex = (pool: DetectPool, task: IndexTask) => pool.run(task) as Promise<IndexResult>;
const runBaselines = (pool: DetectPool, task: BaselinesTask) => pool.run(task) as Promise<BaselinesResult>;
const runMerge = (pool: DetectPool, task: MergeTask) => pool.run(task) as Promise<MergeResult>;

/** Every target's reach, from the shards' counts. */
function targetReach(results: ShardResult[], accountCount: number): TargetReach {
  const counts = new Int32Array(accountCount);
  for (const { reach } of results)
    for (let i = 0; i < reach.target.length; i++) counts[reach.target[i]!] = reach.actors[i]!;
  return new TargetReach(counts, accountCount);
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

export interface FlaggedCluster {
  id: string;
  score: number;
  whyFlagged: string;
  evidence: ClusterEvidence;
}

export interface Detection {
  index: EventIndex;
  /** Flagged clusters, highest score first. */
  clusters: FlaggedCluster[];
  /** Events the run looked at (before the window's end), and those inside the window. */
  eventsUsed: number;
  eventsInWindow: number;
  counts: Record<string, number>;
  timings: Record<string, number>;
}

function padded(values: Float64Array | undefined, length: number): Float64Array {
  const out = new Float64Array(length).fill(Number.NaN);
  if (values) out.set(values.subarray(0, length));
  return out;
}

function mergeEpisodes(results: ShardResult[]): BurstEpisodes {
  const pick = <K extends keyof BurstEpisodes>(key: K) => results.map((r) => r.episodes[key]);
  const concat = <T extends Float64Array | Int32Array>(parts: T[], make: new (n: number) => T): T => {
    const out = new make(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  return {
    target: concat(pick('target'), Int32Array),
    content: concat(pick('content'), Int32Array),
    start: concat(pick('start'), Float64Array),
    end: concat(pick('end'), Float64Array),
    z: concat(pick('z'), Float64Array),
    scaleMinutes: concat(pick('scaleMinutes'), Float64Array),
  };
}

/**
 * The grouping of the rows `keep` selects by target and by actor, and of the follows, for a pool
 * thread (see indexStage), on shared memory: the events are already when the ingest read them (then
 * nothing is copied).
 */
function indexTask(input: DetectInput, keep: Uint8Array, accountCount: number): IndexTask {
  const { length, ts, target, actor } = input.events.columns;
  const follows = input.follows ?? { follower: new Int32Array(0), followee: new Int32Array(0) };
  return {
    stage: 'index',
    columns: { length, ts: onSharedMemory(ts), target: onSharedMemory(target), actor: onSharedMemory(actor) },
    keep,
    accountCount,
    follows: { follower: onSharedMemory(follows.follower), followee: onSharedMemory(follows.followee) },
  };
}

/** The events by target and by actor and the follow graph (`grouped`), with the accounts' facts. */
function indexEvents(input: DetectInput, accountCount: number, grouped: IndexResult): EventIndex {
  const { columns } = input.events;
  return {
    columns,
    accountCount,
    byTarget: RowsByKey.of(grouped.byTarget, columns.ts),
    byActor: RowsByKey.of(grouped.byActor, columns.ts),
    createdAt: padded(input.createdAt, accountCount),
    followers: padded(input.followers, accountCount),
    followGraph: new FollowGraph(grouped.followGraph.offsets, grouped.followGraph.followers),
  };
}

/** Whether `b` repeats `a`: most of its actors already in `a`, on a shared target. */
function repeats(a: ClusterEvidence, b: ClusterEvidence, overlap: number): boolean {
  const targets = new Set(a.targets);
  if (!b.targets.some((t) => targets.has(t))) return false;
  const actors = new Set(a.actors);
  let shared = 0;
  for (const x of b.actors) if (actors.has(x)) shared++;
  return shared >= overlap * b.actors.length;
}

/**
 * The detector: shards by target through the stage pool (bursts and co-action pairs), screens and
 * weighs each shard's pile-ons as it comes in, merges the pairs in shard order (a range of keys on
 * each pool thread), groups coordinated accounts (Louvain + components), weighs each brigade
 * candidate, and keeps those that score at least `flag_score`, repeats of a stronger one dropped.
 */
export async function detect(input: DetectInput, options: DetectRunOptions): Promise<Detection> {
  const { config, log } = options;
  const timings: Record<string, number> = {};
  const { columns } = input.events;
  const accountCount = Math.max(1, input.events.accounts.size);
  const window = options.window ?? { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };

  let started = performance.now();
  // On shared memory: the pool threads that index the events and measure the baselines read it.
  const keep = sharedArray(Uint8Array, columns.length);
  let eventsUsed = 0;
  let eventsInWindow = 0;
  let dataStart = Number.POSITIVE_INFINITY;
  let dataEnd = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < columns.length; i++) {
    const t = columns.ts[i]!;
    if (t >= window.to) continue;
    keep[i] = 1;
    eventsUsed++;
    if (t >= window.from) eventsInWindow++;
    if (t < dataStart) dataStart = t;
    if (t > dataEnd) dataEnd = t;
  }
  if (eventsInWindow === 0) {
    started = performance.now();
    const index = indexEvents(input, accountCount, indexStage(indexTask(input, keep, accountCount)));
    timings.index = performance.now() - started;
    return { index, clusters: [], eventsUsed, eventsInWindow, counts: {}, timings };
  }

  // The workers start first (unless the caller started them even earlier, to load while the input
  // is read).
  const pool = options.pool ?? (await createDetectPool(options.threads));
  let index: EventIndex;
  const results: ShardResult[] = [];
  // Each shard's pile-ons and their evidence (null: ruled out), weighed as the shard came in.
  const screened: ShardPileOns[] = [];
  let keysSeen: PairKeysSeen | null = null;
  let markingMs = 0;
  let reach: TargetReach;
  let episodes: BurstEpisodes;
  let ctx: EvidenceContext;
  let merged: MergeResult[];
  try {
    // First of all, on the pool threads, while this one partitions the events: the events grouped
    // by target and by actor with the follow graph, and the lexicon over a sample of all comments.
    const indexing = runIndex(pool, indexTask(input, keep, accountCount));
    const baselining = runBaselines(pool, {
      stage: 'baselines',
      text: onSharedMemory(columns.text),
      keep,
      texts: sharedStrings(input.events.texts),
    });
    // Awaited once the shards are out; until then a failure must not count as unhandled.
    indexing.catch(() => {});
    baselining.catch(() => {});
    const tasks = partitionByTarget(
      columns,
      keep,
      {
        dataStart,
        dataEnd,
        accountCount,
        config: shardConfig(config),
      },
      pool.threads,
    );
    const shardProgress = progress(log, 'shards', 'shards', SHARD_COUNT);
    const running: Array<Promise<ShardResult>> = [];
    // Wakes this thread when it waits for the next shard to come in (see below).
    let shardArrived = () => {};
    let merging: Promise<MergeResult[]> | null = null;
    // As each shard comes in: its pair keys marked for the merge (not all of them once the last is
    // in; the largest shard comes first: room for as many keys in each), and once the last is in,
    // the pool threads merge a range of pair keys each (the tables and marks are shared memory).
    const shardIn = (result: ShardResult) => {
      shardProgress.tick();
      const started = performance.now();
      keysSeen ??= PairKeysSeen.forKeys(result.pairs.key.length * SHARD_COUNT);
      keysSeen.add(result.pairs);
      markingMs += performance.now() - started;
      results.push(result);
      shardArrived();
      if (results.length < running.length) return result;
      // From the first task on, while the main thread partitioned and screened.
      timings.shards = shardProgress.done();
      const tables = [...results].sort((x, y) => x.shard - y.shard).map((r) => r.pairs);
      const marks = keysSeen.bitmaps;
      merging = Promise.all(
        splitByKey(tables, pool.threads).map((range) =>
          runMerge(pool, {
            stage: 'merge',
            tables: range,
            keysSeen: marks,
            minTargets: config.min_shared_targets,
          }),
        ),
      );
      // Awaited once the pile-ons are weighed; until then a failure must not count as unhandled.
      merging.catch(() => {});
      return result;
    };
    // Each shard goes to the pool as soon as it is copied; the partition's time is the copying alone.
    timings.partition = 0;
    for (;;) {
      started = performance.now();
      const next = tasks.next();
      timings.partition += performance.now() - started;
      if (next.done) break;
      running.push(runShard(pool, next.value).then(shardIn));
    }
    const sharding = Promise.all(running);
    // Awaited once the index is built; until then a failed shard must not count as unhandled.
    sharding.catch(() => {});
    const grouped = await indexing;
    started = performance.now();
    index = indexEvents(input, accountCount, grouped);
    // The grouping's time on its thread, and the rest of the index's here.
    timings.index = grouped.indexMs + performance.now() - started;
    const baselines = await baselining;
    timings.baselines = baselines.baselinesMs;
    const indexedReach = new IndexedReach(index);
    // One context for the screening and the weighing: the evidence's functions then see objects of
    // one shape (a second one made V8 throw their optimized code away again and again).
    ctx = {
      index,
      comments: new CommentFacts(input.events.texts, createHostilityCheck()),
      config,
      marks: evidenceMarks(accountCount),
      hostileBaseRate: baselines.hostileBaseRate,
      reach: indexedReach,
    };
    // This thread screens and weighs each shard's pile-ons in the order the shards come in (not the
    // order they were sent: it would wait for the largest while the others are in). On pool threads
    // the screening cost more than it saved: each thread warms its own compiled code and its
    // comments' caches, which this one has warm already. The order changes nothing in the output.
    for (let next = 0; next < running.length; next++) {
      if (next === results.length) {
        const arrival = new Promise<void>((resolve) => {
          shardArrived = resolve;
        });
        // A failed shard ends the wait too (and the run).
        await Promise.race([arrival, sharding]);
      }
      const result = results[next]!;
      // Its targets' reach, as the shard counted it: call-out candidates among them cost no count.
      indexedReach.learn(result.reach);
      screened.push(shardPileOns(ctx, result.shard, result.episodes, window));
      // A turn of the event loop: the shards in meanwhile are marked, the last starts the merge.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await sharding;
    results.sort((a, b) => a.shard - b.shard);

    reach = targetReach(results, accountCount);
    episodes = mergeEpisodes(results);
    merged = await merging!;
  } finally {
    if (!options.pool) await pool.destroy();
  }
  // The screening's: its time as the shards came in.
  timings.screening = sum(screened, (s) => s.screeningMs);
  // The merge's time: the marking as the shards came in, and the slowest range.
  timings.merge = markingMs + Math.max(...merged.map((m) => m.mergeMs));
  const pairs = joinPairs(merged.map((m) => m.pairs));

  started = performance.now();
  const groups = coordinationGroups(pairs, {
    accountCount,
    rng: seededRng(options.seed),
    resolution: config.louvain_resolution,
    minSize: config.min_actors,
  });
  timings.coordination = performance.now() - started;

  started = performance.now();
  // Pile-ons in shard order (as the merged episodes come), then brigades.
  const pileOns = screened.sort((a, b) => a.shard - b.shard).flatMap((s) => s.pileOns);
  const brigades = brigadeCandidates(groups, episodes, index, reach, config, window);
  const candidates = [...pileOns.map((p) => p.candidate), ...brigades];
  timings.candidates = performance.now() - started;

  started = performance.now();
  const weighing = progress(log, 'evidence', 'candidates', pileOns.length + brigades.length);
  const weighed: Array<{ evidence: ClusterEvidence; score: number }> = [];
  let ruledOut = 0;
  const record = (evidence: ClusterEvidence | null) => {
    if (evidence) weighed.push({ evidence, score: scoreCluster(evidence.signals, config) });
    else ruledOut++;
    weighing.tick();
  };
  for (const { evidence } of pileOns) record(evidence);
  for (const brigade of brigades) record(weighCandidate(ctx, brigade, config.flag_score));
  const firstRow = (e: ClusterEvidence) => e.candidate.rows[0]!;
  weighed.sort(
    (a, b) =>
      b.score - a.score ||
      columns.ts[firstRow(a.evidence)]! - columns.ts[firstRow(b.evidence)]! ||
      firstRow(a.evidence) - firstRow(b.evidence) ||
      a.evidence.candidate.kind.localeCompare(b.evidence.candidate.kind),
  );
  const kept: Array<{ evidence: ClusterEvidence; score: number }> = [];
  for (const w of weighed) {
    if (w.score < config.flag_score) break;
    if (!kept.some((k) => repeats(k.evidence, w.evidence, config.repeat_overlap))) kept.push(w);
  }
  const handle = (a: number) => `@${input.events.accounts.id(a)}`;
  const clusters = kept.map((w, i) => ({
    id: `cl-${String(i + 1).padStart(4, '0')}`,
    score: w.score,
    whyFlagged: whyFlagged(w.evidence, index, config, handle),
    evidence: w.evidence,
  }));
  weighing.done({ flagged: clusters.length });
  // The weighing alone (the pile-ons' as their shards came in): not the brigades' candidates.
  timings.evidence = sum(screened, (s) => s.weighingMs) + performance.now() - started;

  return {
    index,
    clusters,
    eventsUsed,
    eventsInWindow,
    timings,
    counts: {
      burst_episodes: episodes.target.length,
      coordination_edges: pairs.key.length,
      coordination_groups: groups.length,
      pile_on_candidates: candidates.filter((c) => c.kind === 'pile_on').length,
      brigade_candidates: candidates.filter((c) => c.kind === 'brigade').length,
      candidates_ruled_out_early: ruledOut,
    },
  };
}
