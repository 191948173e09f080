import { describe, expect, it } from 'vitest';
import { crowdedWithin } from '../../jobs/detect/bursts.ts';
import { seededRng } from '../../jobs/detect/graph.ts';
import { sortByPair } from '../../jobs/detect/row-order.ts';
import { MINUTE, T0 } from './events.ts';

const rng = seededRng(7);
const randomInts = (n: number, below: number) =>
  Int32Array.from({ length: n }, () => Math.floor(rng() * below));

describe('row orders', () => {
  it('sorts pairs by low, then high, with their values and tags, equal pairs in input order, crowded lows too', () => {
    const n = 5_000;
    // Half on 50 lows (past the insertion sort's reach), half spread thin over many.
    const low = Int32Array.from({ length: n }, (_, i) =>
      i % 2 ? Math.floor(rng() * 50) : 50 + Math.floor(rng() * 390_000),
    );
    const high = Int32Array.from({ length: n }, (_, i) =>
      i % 2 ? Math.floor(rng() * 50) : Math.floor(rng() * 3),
    );
    const values = Float64Array.from(low.keys());
    const tags = Int32Array.from(low.keys(), (i) => -i);
    const expected = Array.from(low.keys()).sort((a, b) => low[a]! - low[b]! || high[a]! - high[b]! || a - b);
    const [lows, highs] = [expected.map((i) => low[i]!), expected.map((i) => high[i]!)];
    sortByPair(low, high, values, tags);
    expect(Array.from(values)).toEqual(expected);
    expect(Array.from(tags)).toEqual(expected.map((i) => -i || 0));
    expect(Array.from(low)).toEqual(lows);
    expect(Array.from(high)).toEqual(highs);
  });
});

describe('burst pre-check', () => {
  it('is true whenever some bin holds enough distinct actors, and rules out sparse runs', () => {
    const binMs = 60 * MINUTE;
    const outcomes = new Set<boolean>();
    for (let trial = 0; trial < 300; trial++) {
      const n = 8 + Math.floor(rng() * 12);
      const spread = (1 + Math.floor(rng() * 24)) * binMs;
      const ts = Float64Array.from({ length: n }, () => T0 + Math.floor(rng() * spread)).sort();
      const actor = randomInts(n, 30);
      const actorsInBin = new Map<number, Set<number>>();
      ts.forEach((t, i) => {
        const bin = Math.floor((t - T0) / binMs);
        actorsInBin.set(bin, (actorsInBin.get(bin) ?? new Set()).add(actor[i]!));
      });
      const enough = [...actorsInBin.values()].some((actors) => actors.size >= 8);
      const crowded = crowdedWithin(ts, 8, binMs);
      if (enough) expect(crowded).toBe(true);
      outcomes.add(crowded);
    }
    expect(outcomes).toEqual(new Set([true, false]));
  });
});
