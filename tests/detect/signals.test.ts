import { describe, expect, it } from 'vitest';
import { robustBaseline, targetBursts } from '../../jobs/detect/bursts.ts';
import { mergePairs, PairAccumulator } from '../../jobs/detect/coaction.ts';
import { DEFAULT_CONFIG } from '../../jobs/detect/config.ts';
import { seededRng } from '../../jobs/detect/graph.ts';
import { scoreCluster, scoreUpperBound } from '../../jobs/detect/score.ts';
import {
  commentSignature,
  createHostilityCheck,
  estimatedJaccard,
  minhash,
  nearDuplicateGroups,
  signatureGroups,
} from '../../jobs/detect/text.ts';
import type { SignalName } from '../../jobs/detect/types.ts';
import { DAY, MINUTE, T0 } from './events.ts';

const burstOptions = {
  binMinutes: [10, 60, 360],
  candidateZ: 4,
  minActors: 8,
  dataStart: T0,
  dataEnd: T0 + 3 * DAY,
};

function timeline(points: Array<[number, number]>): { ts: Float64Array; actor: Int32Array } {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  return { ts: Float64Array.from(sorted, (p) => p[0]), actor: Int32Array.from(sorted, (p) => p[1]) };
}

describe('burst detection', () => {
  it('takes the empty bins into the baseline: a quiet target has median 0 and a Poisson floor', () => {
    const baseline = robustBaseline([1, 2, 1], 100);
    expect(baseline.median).toBe(0);
    expect(baseline.scale).toBe(1);
    const busy = robustBaseline(
      Array.from({ length: 100 }, (_, i) => 50 + (i % 5)),
      100,
    );
    expect(busy.median).toBe(52);
    expect(busy.scale).toBeCloseTo(Math.max(1.4826 * 1, Math.sqrt(52)), 5);
  });

  it('finds a tight burst of distinct actors, tightly in narrow bins, and not a steady stream', () => {
    const steady: Array<[number, number]> = Array.from({ length: 300 }, (_, i) => [
      T0 + i * 14 * MINUTE,
      i % 40,
    ]);
    const burst: Array<[number, number]> = Array.from({ length: 20 }, (_, i) => [
      T0 + DAY + i * 30_000,
      100 + i,
    ]);
    const quiet = timeline(steady);
    expect(
      targetBursts(quiet.ts, quiet.actor, burstOptions, new Int32Array(200).fill(-1), 0).episodes,
    ).toEqual([]);
    const hit = timeline([...steady, ...burst]);
    const { episodes } = targetBursts(hit.ts, hit.actor, burstOptions, new Int32Array(200).fill(-1), 0);
    // Every width sees it; the 10-minute episode holds it tightly.
    expect(episodes.map((e) => e.scaleMinutes).sort((a, b) => a - b)).toEqual([10, 60, 360]);
    const tight = episodes.find((e) => e.scaleMinutes === 10)!;
    expect(tight.start).toBeLessThanOrEqual(T0 + DAY);
    expect(tight.end).toBeGreaterThan(T0 + DAY + 19 * 30_000);
    expect(tight.end - tight.start).toBeLessThanOrEqual(30 * MINUTE);
  });

  it('catches a raid staggered over hours at a wider scale', () => {
    // 36 actors, one every 10 minutes: no 10-minute or one-hour bin has 8 of them.
    const raid: Array<[number, number]> = Array.from({ length: 36 }, (_, i) => [
      T0 + DAY + i * 10 * MINUTE,
      i,
    ]);
    const { ts, actor } = timeline(raid);
    const { episodes } = targetBursts(ts, actor, burstOptions, new Int32Array(50).fill(-1), 0);
    expect(episodes.map((e) => e.scaleMinutes)).toEqual([360]);
  });

  it('bins each row by its time to the millisecond, either side of a bin edge', () => {
    const steady: Array<[number, number]> = Array.from({ length: 300 }, (_, i) => [
      T0 + i * 14 * MINUTE,
      i % 40,
    ]);
    // Eight actors in the last milliseconds of a 10-minute bin, eight others from the next one's first.
    const edge = T0 + DAY + 30 * MINUTE;
    const before: Array<[number, number]> = Array.from({ length: 8 }, (_, i) => [edge - 1 - i, 100 + i]);
    const after: Array<[number, number]> = Array.from({ length: 8 }, (_, i) => [edge + i, 200 + i]);
    const { ts, actor } = timeline([...steady, ...before, ...after]);
    const { episodes } = targetBursts(ts, actor, burstOptions, new Int32Array(300).fill(-1), 0);
    const tight = episodes.find((e) => e.scaleMinutes === 10)!;
    // Two crowded bins, one either side of the edge, make one episode over both.
    expect([tight.start, tight.end]).toEqual([edge - 10 * MINUTE, edge + 10 * MINUTE]);
    const alone = timeline([...steady, ...after]);
    const late = targetBursts(alone.ts, alone.actor, burstOptions, new Int32Array(300).fill(-1), 0);
    expect(late.episodes.find((e) => e.scaleMinutes === 10)!.start).toBe(edge);
  });
});

describe('co-action pairs', () => {
  const options = {
    windowsSeconds: [60, 600],
    windowWeights: [1, 0.5],
    maxNeighbors: 8,
    minWeight: 0,
    accountCount: 10,
  };
  /** One object's events into `acc`; `endTarget` unless more objects of the same target follow. */
  const addObject = (acc: PairAccumulator, events: Array<[number, number]>, endTarget = true) => {
    const { ts, actor } = timeline(events);
    const everyone = new Int32Array(1000).fill(-1);
    acc.add(ts, actor, 0, ts.length, everyone, 1);
    if (endTarget) acc.endTarget();
  };

  it('counts a pair once per target, sums across shards in order, and keeps pairs on enough targets', () => {
    const shardA = new PairAccumulator(options);
    addObject(shardA, [
      [T0, 1],
      [T0 + 10_000, 2],
      [T0 + 20_000, 1],
    ]);
    const shardB = new PairAccumulator(options);
    addObject(shardB, [
      [T0, 1],
      [T0 + 300_000, 2],
    ]);
    addObject(shardB, [
      [T0, 3],
      [T0 + 5_000, 4],
    ]);
    const merged = mergePairs([shardA.finish(), shardB.finish()], 2);
    expect(Array.from(merged.key)).toEqual([1 * 10 + 2]);
    expect(merged.targets[0]).toBe(2);
    const popularity = 1 / Math.log(2 + 5);
    expect(merged.weight[0]).toBeCloseTo(popularity * 1 + popularity * 0.5, 10);
  });

  it('starts over on reset as a new accumulator would, after a shard that grew its room', () => {
    const events: Array<[number, number]> = [
      [T0, 1],
      [T0 + 1_000, 2],
      [T0 + 2_000, 3],
      [T0 + 90_000, 1],
    ];
    const fresh = new PairAccumulator(options);
    addObject(fresh, events);
    const reused = new PairAccumulator({ ...options, accountCount: 1000 });
    // ~160k co-actions of accounts at random: past the room it starts with.
    const rng = seededRng(7);
    addObject(
      reused,
      Array.from({ length: 20_000 }, (_, i): [number, number] => [T0 + i * 10, Math.floor(rng() * 1000)]),
    );
    expect(reused.finish().key.length).toBeGreaterThan(1 << 16);
    reused.reset(options);
    addObject(reused, events);
    const plainTable = (t: ReturnType<PairAccumulator['finish']>) => [
      Array.from(t.key),
      Array.from(t.weight),
      Array.from(t.targets),
    ];
    expect(plainTable(reused.finish())).toEqual(plainTable(fresh.finish()));
  });

  it('counts two videos of one target once, at the better weight', () => {
    const acc = new PairAccumulator(options);
    addObject(
      acc,
      [
        [T0, 1],
        [T0 + 300_000, 2],
      ],
      false,
    );
    addObject(acc, [
      [T0, 1],
      [T0 + 1_000, 2],
    ]);
    const table = acc.finish();
    expect(Array.from(table.targets)).toEqual([1]);
    expect(table.weight[0]).toBeCloseTo(1 / Math.log(2 + 5), 10);
  });

  it('weighs co-acting on a popular object less than on an obscure one', () => {
    const obscure = new PairAccumulator(options);
    addObject(obscure, [
      [T0, 1],
      [T0 + 1000, 2],
    ]);
    const popular = new PairAccumulator({ ...options, accountCount: 1000 });
    const crowd: Array<[number, number]> = [
      [T0, 1],
      [T0 + 1000, 2],
      ...Array.from({ length: 200 }, (_, i): [number, number] => [T0 + 10 * DAY + i * 1000, 10 + i]),
    ];
    addObject(popular, crowd);
    const pairWeight = (table: ReturnType<PairAccumulator['finish']>, key: number) =>
      table.weight[Array.from(table.key).indexOf(key)]!;
    expect(pairWeight(popular.finish(), 1 * 1000 + 2)).toBeLessThan(
      pairWeight(obscure.finish(), 1 * 10 + 2) / 2,
    );
  });
});

describe('comments', () => {
  it('groups near-identical comments from at least three authors, and nothing else', () => {
    const texts = [
      'Everyone go report this fraud, she deserves it!!',
      'everyone go report this fraud she deserves it',
      'Everyone go report this fraud, she deserves it 😡',
      'What a lovely sunset over the lake',
      'totally unrelated remark about cooking pasta',
    ];
    const groups = nearDuplicateGroups(texts, [1, 2, 3, 4, 5], { jaccard: 0.8, minAuthors: 3 });
    expect(Array.from(groups)).toEqual([0, 0, 0, -1, -1]);
    const twoAuthors = nearDuplicateGroups(texts.slice(0, 3), [1, 2, 1], { jaccard: 0.8, minAuthors: 3 });
    expect(Array.from(twoAuthors)).toEqual([-1, -1, -1]);
    expect(estimatedJaccard(minhash(texts[0]!), minhash(texts[3]!))).toBeLessThan(0.2);
  });

  it('groups the same from signatures computed once, short comments having none', () => {
    const texts = [
      'first',
      'Everyone go report this fraud, she deserves it!!',
      'lol',
      'everyone go report this fraud she deserves it',
      'Everyone go report this fraud, she deserves it 😡',
    ];
    const signatures = texts.map(commentSignature);
    expect(signatures.map((s) => s === null)).toEqual([true, false, true, false, false]);
    const options = { jaccard: 0.8, minAuthors: 3 };
    const authors = [1, 2, 3, 4, 5];
    expect(Array.from(signatureGroups(signatures, authors, options))).toEqual([-1, 0, -1, 0, 0]);
    expect(Array.from(nearDuplicateGroups(texts, authors, options))).toEqual([-1, 0, -1, 0, 0]);
  });

  it('groups copies sharing one signature array as copies each with their own array', () => {
    const rng = seededRng(3);
    const bases = Array.from({ length: 4 }, () =>
      Uint32Array.from({ length: 64 }, () => (rng() * 2 ** 32) >>> 0),
    );
    // Half of one's bands and half of another's: alike enough to neither and first of no bucket,
    // so it and its copies stay alone.
    const halves = Uint32Array.from([...bases[0]!.subarray(0, 32), ...bases[1]!.subarray(32)]);
    const alone = [bases[0]!, bases[1]!, halves, halves, halves];
    const apart = { jaccard: 0.8, minAuthors: 2 };
    expect(Array.from(signatureGroups(alone, [1, 2, 3, 4, 5], apart))).toEqual([-1, -1, -1, -1, -1]);
    // Variants of a few texts, altered at up to 40 of 64 hashes from a tiny set of values: many share
    // bands with comments they are not alike enough to join.
    const variants = Array.from({ length: 60 }, () => {
      const variant = Uint32Array.from(bases[Math.floor(rng() * bases.length)]!);
      const altered = Math.floor(rng() * 41);
      for (let k = 0; k < altered; k++) variant[Math.floor(rng() * 64)] = Math.floor(rng() * 2);
      return variant;
    });
    const shared = Array.from({ length: 500 }, () =>
      rng() < 0.05 ? null : variants[Math.floor(rng() * 60)]!,
    );
    const copied = shared.map((s) => s && Uint32Array.from(s));
    const authors = Array.from(shared, () => Math.floor(rng() * 40));
    for (const options of [
      { jaccard: 0.8, minAuthors: 2 },
      { jaccard: 0.5, minAuthors: 3 },
    ]) {
      const groups = Array.from(signatureGroups(shared, authors, options));
      expect(groups).toEqual(Array.from(signatureGroups(copied, authors, options)));
      expect(new Set(groups).size).toBeGreaterThan(3);
    }
  });

  it('flags hostile language in several languages, and not friendly comments', () => {
    const hostile = createHostilityCheck();
    expect(hostile('you are a f4gg0t')).toBe(true);
    expect(hostile('du bist ein arschloch')).toBe(true);
    expect(hostile('espèce de connard')).toBe(true);
    expect(hostile('eres un cabrón')).toBe(true);
    expect(hostile('great video, thanks for sharing')).toBe(false);
    // Short entries of the merged lists collide with ordinary words of other languages.
    expect(hostile('désolé mais tu devrais t’excuser, la qualité a baissé')).toBe(false);
  });
});

describe('score', () => {
  const none = Object.fromEntries(Object.keys(DEFAULT_CONFIG.signals).map((k) => [k, 0])) as Record<
    SignalName,
    number
  >;
  const harm = { hostile_share: 0.6, report_share: 0.4 };
  const coordination = {
    new_account_share: 0.8,
    instigator_share: 0.7,
    near_duplicate_share: 0.5,
    outsider_share: 0.9,
  };

  it('needs both harm and coordination, and counts coordination by strangers fully', () => {
    expect(scoreCluster({ ...none, ...harm }, DEFAULT_CONFIG)).toBe(0);
    expect(scoreCluster({ ...none, ...coordination }, DEFAULT_CONFIG)).toBe(0);
    const both = scoreCluster({ ...none, ...harm, ...coordination }, DEFAULT_CONFIG);
    expect(both).toBeGreaterThan(DEFAULT_CONFIG.flag_score);
    expect(both).toBeLessThanOrEqual(1);
    const fans = scoreCluster({ ...none, ...harm, ...coordination, outsider_share: 0 }, DEFAULT_CONFIG);
    expect(fans).toBeLessThan(DEFAULT_CONFIG.flag_score);
  });

  it('keeps hostile but independent, established, unsynchronised criticism under the flag', () => {
    const criticism = { ...none, hostile_share: 0.5, outsider_share: 1, burst_z: 20, synchrony: 0.1 };
    expect(scoreCluster(criticism, DEFAULT_CONFIG)).toBeLessThan(DEFAULT_CONFIG.flag_score);
  });

  it('discounts groups whose targets act back on them (follow-for-follow)', () => {
    const full = { ...none, ...harm, ...coordination };
    expect(scoreCluster({ ...full, self_targeting_share: 0.9 }, DEFAULT_CONFIG)).toBeLessThan(
      scoreCluster(full, DEFAULT_CONFIG) / 5,
    );
  });

  it('bounds the score from the cheap signals alone, so that weaker candidates can stop early', () => {
    const full = { ...none, ...harm, ...coordination, synchrony: 0.2, self_targeting_share: 0.1 };
    const cheap = {
      burst_z: full.burst_z,
      new_account_share: full.new_account_share,
      outsider_share: full.outsider_share,
      report_share: full.report_share,
    };
    expect(scoreUpperBound(cheap, DEFAULT_CONFIG)).toBeGreaterThanOrEqual(scoreCluster(full, DEFAULT_CONFIG));
    expect(scoreUpperBound({ ...cheap, outsider_share: 0, report_share: 0 }, DEFAULT_CONFIG)).toBeLessThan(
      DEFAULT_CONFIG.flag_score,
    );
  });
});
