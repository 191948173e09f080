import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../jobs/detect/config.ts';
import {
  FollowGraph,
  IndexedReach,
  RowsByKey,
  rowsByKey,
  rowsByTargetAndActor,
} from '../../jobs/detect/event-index.ts';
import { createDetectPool } from '../../jobs/detect/pipeline.ts';
import { partitionByTarget, shardConfig } from '../../jobs/detect/shard.ts';
import shardStage from '../../jobs/detect/shard-stage.ts';
import type { IndexResult } from '../../jobs/detect/types.ts';
import type { EventColumns } from '../../jobs/ingest/types.ts';
import { onSharedMemory } from '../../jobs/runtime/shared-memory.ts';
import { rng } from './events.ts';

/** Random rows over `accounts` accounts (several buckets of keys), in time order or not. */
function columns(length: number, accounts: number, inTimeOrder: boolean): EventColumns {
  const random = rng(7);
  const ts = Float64Array.from({ length }, (_, i) => (inTimeOrder ? i * 10 : Math.floor(random() * 50) * 10));
  return {
    length,
    ts,
    type: new Uint8Array(length),
    actor: Int32Array.from({ length }, () => Math.floor(random() * accounts)),
    target: Int32Array.from({ length }, () => Math.floor(random() ** 3 * accounts)),
    content: new Int32Array(length).fill(-1),
    text: new Int32Array(length).fill(-1),
  };
}

/** The kept rows of each key in time order (input order breaking ties), as a plain grouping would list them. */
function grouped(keys: Int32Array, keep: Uint8Array, accounts: number, ts: Float64Array): number[][] {
  const rows: number[][] = Array.from({ length: accounts }, () => []);
  keys.forEach((k, i) => {
    if (keep[i]) rows[k]!.push(i);
  });
  for (const list of rows) list.sort((a, b) => ts[a]! - ts[b]! || a - b);
  return rows;
}

describe('event index', () => {
  it('groups the kept rows by target and by actor in time order, input order breaking ties', () => {
    const accounts = 5_000;
    for (const inTimeOrder of [true, false]) {
      const events = columns(20_000, accounts, inTimeOrder);
      const keep = Uint8Array.from({ length: events.length }, (_, i) => (i % 7 === 3 ? 0 : 1));
      const { byTarget, byActor } = rowsByTargetAndActor(events, keep, accounts);
      const targets = grouped(events.target, keep, accounts, events.ts);
      const actors = grouped(events.actor, keep, accounts, events.ts);
      for (let k = 0; k < accounts; k++) {
        expect(Array.from(byTarget.of(k))).toEqual(targets[k]);
        expect(Array.from(byActor.of(k))).toEqual(actors[k]);
      }
    }
  });

  it('groups rows the same through buckets of keys as straight into their keys', () => {
    const accounts = 5_000;
    const events = columns(20_000, accounts, true);
    const keep = Uint8Array.from({ length: events.length }, (_, i) => (i % 5 === 0 ? 0 : 1));
    const kept = keep.reduce((n, k) => n + k, 0);
    const scratch = { rows: new Int32Array(kept), keys: new Int32Array(kept) };
    const straight = rowsByKey(events.actor, accounts, keep, events.ts, true, null);
    const bucketed = rowsByKey(events.actor, accounts, keep, events.ts, true, scratch);
    expect(Array.from(bucketed.offsets)).toEqual(Array.from(straight.offsets));
    expect(Array.from(bucketed.rows)).toEqual(Array.from(straight.rows));
    const actors = grouped(events.actor, keep, accounts, events.ts);
    for (let k = 0; k < accounts; k++) expect(Array.from(bucketed.of(k))).toEqual(actors[k]);
  });

  it('counts a key’s rows before, or up to, a time from its rows in time order', () => {
    const accounts = 300;
    for (const inTimeOrder of [true, false]) {
      const events = columns(6_000, accounts, inTimeOrder);
      const { byActor } = rowsByTargetAndActor(events, new Uint8Array(events.length).fill(1), accounts);
      for (let a = 0; a < accounts; a += 7)
        for (const t of [0, 100, 250, 10_000, 1e9]) {
          const times = Array.from(byActor.of(a), (r) => events.ts[r]!);
          expect(byActor.countBefore(a, t)).toBe(times.filter((x) => x < t).length);
          expect(byActor.countUntil(a, t)).toBe(times.filter((x) => x <= t).length);
          // The rows it counted come first.
          const first = Array.from(byActor.of(a).subarray(0, byActor.countUntil(a, t)));
          expect(first.every((r) => events.ts[r]! <= t)).toBe(true);
        }
    }
  });

  it('answers who follows whom from follows in any order, and lists every follower, ascending', () => {
    const random = rng(3);
    const accounts = 200;
    const edges = Array.from({ length: 3_000 }, () => [
      Math.floor(random() * accounts),
      Math.floor(random() ** 2 * accounts),
    ]);
    const follower = Int32Array.from(edges, (e) => e[0]!);
    const followee = Int32Array.from(edges, (e) => e[1]!);
    const graph = FollowGraph.of(follower, followee, accounts);
    const known = new Set(edges.map(([a, b]) => `${a}>${b}`));
    for (let b = 0; b < accounts; b++) {
      const expected = edges.filter((e) => e[1] === b).map((e) => e[0]!);
      expect(Array.from(graph.followersOf(b))).toEqual(expected.sort((x, y) => x - y));
      for (let a = 0; a < accounts; a += 3) expect(graph.follows(a, b)).toBe(known.has(`${a}>${b}`));
    }
    expect(graph.follows(1, accounts + 5)).toBe(false);
    expect(graph.followersOf(accounts + 5)).toHaveLength(0);
  });

  it("counts a target's reach from the index as the shards count it, for every account", () => {
    const accounts = 3_000;
    const events = columns(30_000, accounts, false);
    const keep = Uint8Array.from({ length: events.length }, (_, i) => (i % 5 === 1 ? 0 : 1));
    const index = {
      columns: events,
      accountCount: accounts,
      ...rowsByTargetAndActor(events, keep, accounts),
    };
    const fromShards = new Int32Array(accounts);
    const tasks = partitionByTarget(events, keep, {
      dataStart: 0,
      dataEnd: 500,
      accountCount: accounts,
      config: shardConfig(DEFAULT_CONFIG),
    });
    const shardReaches = [...tasks].map((task) => shardStage(task).reach);
    for (const reach of shardReaches)
      reach.target.forEach((t, k) => {
        fromShards[t] = reach.actors[k]!;
      });
    // Popular targets (skewed draws) and accounts never targeted alike; asked twice (the second cached).
    const reach = new IndexedReach(index);
    for (const round of [0, 1])
      expect(
        Int32Array.from({ length: accounts }, (_, a) => reach.count(a)),
        `round ${round}`,
      ).toEqual(fromShards);
    expect(fromShards.some((n) => n > 20) && fromShards.includes(0)).toBe(true);
    // Told some shards' counts as they come in (every other one here), it counts the rest itself.
    const told = new IndexedReach(index);
    shardReaches.forEach((shardReach, s) => {
      if (s % 2 === 0) told.learn(shardReach);
    });
    expect(Int32Array.from({ length: accounts }, (_, a) => told.count(a))).toEqual(fromShards);
  });

  it('is built on a pool thread into shared memory, and answers as when built here', async () => {
    const accounts = 4_000;
    const events = columns(30_000, accounts, false);
    const keep = onSharedMemory(Uint8Array.from({ length: events.length }, (_, i) => (i % 9 === 2 ? 0 : 1)));
    const random = rng(5);
    const follower = Int32Array.from({ length: 8_000 }, () => Math.floor(random() * accounts));
    const followee = Int32Array.from({ length: 8_000 }, () => Math.floor(random() * accounts));
    const here = {
      ...rowsByTargetAndActor(events, keep, accounts),
      followGraph: FollowGraph.of(follower, followee, accounts),
    };
    const shared = {
      length: events.length,
      ts: onSharedMemory(events.ts),
      target: onSharedMemory(events.target),
      actor: onSharedMemory(events.actor),
    };
    const pool = await createDetectPool(2);
    let built: IndexResult;
    try {
      built = (await pool.run({
        stage: 'index',
        columns: shared,
        keep,
        accountCount: accounts,
        follows: { follower: onSharedMemory(follower), followee: onSharedMemory(followee) },
      })) as IndexResult;
    } finally {
      await pool.destroy();
    }
    expect(built.byTarget.rows.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(built.followGraph.followers.buffer).toBeInstanceOf(SharedArrayBuffer);
    const there = {
      byTarget: RowsByKey.of(built.byTarget, events.ts),
      byActor: RowsByKey.of(built.byActor, events.ts),
      followGraph: new FollowGraph(built.followGraph.offsets, built.followGraph.followers),
    };
    for (let k = 0; k < accounts; k += 7) {
      expect(there.byTarget.of(k)).toEqual(here.byTarget.of(k));
      expect(there.byActor.countUntil(k, 200)).toBe(here.byActor.countUntil(k, 200));
      expect(there.followGraph.followersOf(k)).toEqual(here.followGraph.followersOf(k));
    }
  });
});
