import { describe, expect, it } from 'vitest';
import { robustBaseline } from '../../jobs/detect/bursts.ts';
import { mergePairs, PairKeysSeen } from '../../jobs/detect/coaction.ts';
import { DEFAULT_CONFIG } from '../../jobs/detect/config.ts';
import { seededRng } from '../../jobs/detect/graph.ts';
import { partitionByTarget, SHARD_COUNT, shardConfig, shardOf } from '../../jobs/detect/shard.ts';
import shardStage from '../../jobs/detect/shard-stage.ts';
import type { ShardResult, ShardTask } from '../../jobs/detect/types.ts';
import type { EventColumns } from '../../jobs/ingest/types.ts';
import { DAY, MINUTE, T0 } from './events.ts';

const ACCOUNTS = 400;
const config = shardConfig(DEFAULT_CONFIG);

interface Row {
  ts: number;
  actor: number;
  target: number;
  content: number;
}

/**
 * Background on a few targets, several videos each (and profile events, content -1), with a raid
 * of 20 fresh accounts on video 2 of target 5 and a crew of 6 that co-acts on targets 5, 21 and 37.
 * Every timestamp distinct, so that time order is one order.
 */
function world(seed: number): Row[] {
  const rng = seededRng(seed);
  const rows: Row[] = [];
  const used = new Set<number>();
  const push = (ts: number, actor: number, target: number, content: number) => {
    let t = Math.floor(ts);
    while (used.has(t)) t++;
    used.add(t);
    rows.push({ ts: t, actor, target, content });
  };
  for (let i = 0; i < 3_000; i++) {
    const target = [5, 21, 37, 6, 22][Math.floor(rng() * 5)]!;
    const content = Math.floor(rng() * 4) - 1;
    push(T0 + rng() * 3 * DAY, Math.floor(rng() * 200), target, content);
  }
  for (let i = 0; i < 20; i++) push(T0 + DAY + i * 15_000, 300 + i, 5, 2);
  for (const [k, target] of [5, 21, 37].entries())
    for (let i = 0; i < 6; i++) push(T0 + (k + 1) * 12 * 60 * MINUTE + i * 5_000, 350 + i, target, 0);
  return rows.sort((a, b) => a.ts - b.ts);
}

function task(rows: Row[], shard = 0): ShardTask {
  return {
    shard,
    ts: Float64Array.from(rows, (r) => r.ts),
    actor: Int32Array.from(rows, (r) => r.actor),
    target: Int32Array.from(rows, (r) => r.target),
    content: Int32Array.from(rows, (r) => r.content),
    dataStart: T0,
    dataEnd: T0 + 3 * DAY,
    accountCount: ACCOUNTS,
    targetShift: 0,
    config,
  };
}

/** A result as plain arrays, for toEqual. */
function plain(result: ShardResult) {
  const { episodes, pairs, reach } = result;
  return {
    episodes: Object.fromEntries(
      Object.entries(episodes).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]),
    ),
    pairs: {
      key: Array.from(pairs.key),
      weight: Array.from(pairs.weight),
      targets: Array.from(pairs.targets),
    },
    reach: { target: Array.from(reach.target), actors: Array.from(reach.actors) },
  };
}

describe('shard partition', () => {
  it('puts every kept row in its target shard once, in input order, and leaves the others out', () => {
    const rng = seededRng(3);
    const length = 5_000;
    const columns = {
      length,
      ts: Float64Array.from({ length }, () => T0 + Math.floor(rng() * DAY)),
      actor: Int32Array.from({ length }, () => Math.floor(rng() * ACCOUNTS)),
      target: Int32Array.from({ length }, () => Math.floor(rng() * ACCOUNTS)),
      content: Int32Array.from({ length }, () => Math.floor(rng() * 30) - 1),
    } as EventColumns;
    const keep = Uint8Array.from({ length }, () => (rng() < 0.9 ? 1 : 0));
    const base = { dataStart: T0, dataEnd: T0 + DAY, accountCount: ACCOUNTS, config };
    const tasks = [...partitionByTarget(columns, keep, base)];
    expect(tasks.map((t) => t.shard).sort((a, b) => a - b)).toEqual(
      Array.from({ length: SHARD_COUNT }, (_, s) => s),
    );
    // Largest first: the last tasks a worker picks up are short ones.
    const sizes = tasks.map((t) => t.ts.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    for (const t of tasks) {
      const rows = Array.from(keep.keys()).filter((i) => keep[i] && shardOf(columns.target[i]!) === t.shard);
      expect(Array.from(t.ts)).toEqual(rows.map((i) => columns.ts[i]!));
      expect(Array.from(t.actor)).toEqual(rows.map((i) => columns.actor[i]!));
      expect(Array.from(t.target)).toEqual(rows.map((i) => columns.target[i]!));
      expect(Array.from(t.content)).toEqual(rows.map((i) => columns.content[i]!));
    }
    // The workers' first shards copied ahead of the others, the same shards in the same order.
    const plainTask = (t: ShardTask) => ({
      ...t,
      ts: Array.from(t.ts),
      actor: Array.from(t.actor),
      target: Array.from(t.target),
      content: Array.from(t.content),
    });
    for (const ahead of [0, 2, 5, SHARD_COUNT])
      expect([...partitionByTarget(columns, keep, base, ahead)].map(plainTask)).toEqual(tasks.map(plainTask));
  });

  it('gives each shard the targets of one low-bit pattern: staged in a table that much smaller, the same result', () => {
    const rows = world(13);
    const columns = {
      length: rows.length,
      ts: Float64Array.from(rows, (r) => r.ts),
      actor: Int32Array.from(rows, (r) => r.actor),
      target: Int32Array.from(rows, (r) => r.target),
      content: Int32Array.from(rows, (r) => r.content),
    } as EventColumns;
    const base = { dataStart: T0, dataEnd: T0 + 3 * DAY, accountCount: ACCOUNTS, config };
    const tasks = [...partitionByTarget(columns, new Uint8Array(rows.length).fill(1), base)];
    expect(tasks.every((t) => t.targetShift > 0)).toBe(true);
    for (const t of tasks) {
      expect(Array.from(t.target).every((target) => shardOf(target) === t.shard)).toBe(true);
      const staged = plain(shardStage(t));
      expect(staged).toEqual(plain(shardStage({ ...t, targetShift: 0 })));
      expect(staged.reach.target).toEqual([...new Set(t.target)].sort((a, b) => a - b));
    }
  });
});

describe('shard stage', () => {
  const rows = world(11);
  const whole = shardStage(task(rows));

  it('finds the raid on one video of a busy target, and the crew across targets', () => {
    const { episodes, pairs, reach } = whole;
    const onVideo = Array.from(episodes.target.keys()).filter((e) => episodes.content[e] === 2);
    expect(onVideo.length).toBeGreaterThan(0);
    for (const e of onVideo) expect(episodes.target[e]).toBe(5);
    const crewPair = 350 * ACCOUNTS + 351;
    const at = Array.from(pairs.key).indexOf(crewPair);
    expect(pairs.targets[at]).toBe(3);
    // Reach: each target's distinct actors.
    for (const [k, t] of Array.from(reach.target).entries())
      expect(reach.actors[k]).toBe(new Set(rows.filter((r) => r.target === t).map((r) => r.actor)).size);
  });

  it("looks at a busy target's videos one by one, in content order, each against its own baseline", () => {
    const { episodes } = whole;
    const ofVideos = Array.from(episodes.target.keys()).filter(
      (e) => episodes.target[e] === 5 && episodes.content[e]! >= 0,
    );
    const videos = [
      ...new Set(rows.filter((r) => r.target === 5 && r.content >= 0).map((r) => r.content)),
    ].sort((a, b) => a - b);
    // A video alone is a target with one object: its episodes are the account's (content -1).
    const alone = videos.flatMap((c) => {
      const found = shardStage(task(rows.filter((r) => r.target === 5 && r.content === c))).episodes;
      return Array.from(found.start.keys()).map((e) => [
        c,
        found.start[e],
        found.end[e],
        found.z[e],
        found.scaleMinutes[e],
      ]);
    });
    expect(alone.length).toBeGreaterThan(0);
    expect(
      ofVideos.map((e) => [
        episodes.content[e],
        episodes.start[e],
        episodes.end[e],
        episodes.z[e],
        episodes.scaleMinutes[e],
      ]),
    ).toEqual(alone);
  });

  it('gives the same result for rows out of time order', () => {
    const rng = seededRng(5);
    const shuffled = rows
      .map((r) => ({ r, k: rng() }))
      .sort((a, b) => a.k - b.k)
      .map(({ r }) => r);
    expect(plain(shardStage(task(shuffled)))).toEqual(plain(whole));
  });

  it('is its targets one by one, put together: grouping by target and video changes nothing', () => {
    const targets = [...new Set(rows.map((r) => r.target))].sort((a, b) => a - b);
    const apart = targets.map((t) => shardStage(task(rows.filter((r) => r.target === t))));
    expect(plain(whole).reach).toEqual({
      target: apart.flatMap((r) => Array.from(r.reach.target)),
      actors: apart.flatMap((r) => Array.from(r.reach.actors)),
    });
    expect(plain(whole).episodes.start).toEqual(apart.flatMap((r) => Array.from(r.episodes.start)));
    expect(plain(whole).episodes.content).toEqual(apart.flatMap((r) => Array.from(r.episodes.content)));
    // Targets in order, summed as the shard sums them: the same weights to the bit.
    const merged = mergePairs(
      apart.map((r) => r.pairs),
      1,
    );
    expect(plain(whole).pairs).toEqual({
      key: Array.from(merged.key),
      weight: Array.from(merged.weight),
      targets: Array.from(merged.targets),
    });
  });
});

describe('pair merge', () => {
  it('sums each pair over the tables in table order and keeps those on enough targets, as a map would', () => {
    const rng = seededRng(13);
    // Keys drawn from a small pool, so that many are in several tables, most in one.
    const tables = Array.from({ length: SHARD_COUNT }, () => {
      const keys = [...new Set(Array.from({ length: 400 }, () => Math.floor(rng() * 3_000) * 1e6 + 7))].sort(
        (a, b) => a - b,
      );
      return {
        key: Float64Array.from(keys),
        weight: Float64Array.from(keys, () => rng()),
        targets: Int32Array.from(keys, () => 1 + Math.floor(rng() * rng() * 4)),
      };
    });
    for (const minTargets of [1, 2, 3]) {
      const sums = new Map<number, { weight: number; targets: number }>();
      for (const t of tables)
        t.key.forEach((k, i) => {
          const sum = sums.get(k) ?? { weight: 0, targets: 0 };
          sums.set(k, { weight: sum.weight + t.weight[i]!, targets: sum.targets + t.targets[i]! });
        });
      const expected = [...sums].filter(([, s]) => s.targets >= minTargets).sort(([a], [b]) => a - b);
      const merged = mergePairs(tables, minTargets);
      expect(Array.from(merged.key)).toEqual(expected.map(([k]) => k));
      expect(Array.from(merged.weight)).toEqual(expected.map(([, s]) => s.weight));
      expect(Array.from(merged.targets)).toEqual(expected.map(([, s]) => s.targets));
      // The keys marked table by table as they came, in another order and with room for fewer (more
      // keys share a bit): the same pairs.
      for (const expectedKeys of [1, 400 * SHARD_COUNT]) {
        const seen = PairKeysSeen.forKeys(expectedKeys);
        for (const t of [...tables].reverse()) seen.add(t);
        expect(mergePairs(tables, minTargets, seen)).toEqual(merged);
      }
    }
  });
});

describe('robust baseline', () => {
  /** Median and MAD by sorting every bin's count (the empty ones as zeros). */
  function sortedBaseline(counts: number[], binCount: number) {
    const all = [...counts, ...Array<number>(Math.max(0, binCount - counts.length)).fill(0)].sort(
      (a, b) => a - b,
    );
    const median = (v: number[]) =>
      v.length ? (v[Math.floor((v.length - 1) / 2)]! + v[Math.floor(v.length / 2)]!) / 2 : 0;
    const med = median(all);
    const mad = median(all.map((c) => Math.abs(c - med)).sort((a, b) => a - b));
    const mean = binCount > 0 ? all.reduce((s, c) => s + c, 0) / binCount : 0;
    return { median: med, scale: Math.max(1.4826 * mad, Math.sqrt(mean), 1) };
  }

  it('matches sorting all the deviations, for quiet and busy targets alike', () => {
    const rng = seededRng(9);
    for (let trial = 0; trial < 500; trial++) {
      const binCount = 1 + Math.floor(rng() * 60);
      const used = Math.floor(rng() * (binCount + 1));
      const level = 1 + Math.floor(rng() * 40);
      const counts = Array.from({ length: used }, () => 1 + Math.floor(rng() * level));
      const expected = sortedBaseline(counts, binCount);
      expect(robustBaseline(counts, binCount)).toEqual(expected);
      // Bins' counts come as integers: counted into order, not sorted.
      expect(robustBaseline(Int32Array.from(counts), binCount)).toEqual(expected);
    }
  });
});
