import { describe, expect, it } from 'vitest';
import { AliasTable, Rng } from '../../jobs/generate/rng.ts';

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.uint32());

describe('Rng', () => {
  it('repeats the same sequence for the same seed, and another for another seed', () => {
    expect(draws(new Rng(1), 50)).toEqual(draws(new Rng(1), 50));
    expect(draws(new Rng(1), 50)).not.toEqual(draws(new Rng(2), 50));
  });

  it('gives forks their own streams, seeded by the label', () => {
    expect(draws(new Rng(1).fork('a'), 20)).toEqual(draws(new Rng(1).fork('a'), 20));
    expect(draws(new Rng(1).fork('a'), 20)).not.toEqual(draws(new Rng(1).fork('b'), 20));
  });

  it('draws uniform floats in [0, 1) and integers in range', () => {
    const rng = new Rng(9);
    const xs = Array.from({ length: 100_000 }, () => rng.float());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 2);
    const seen = new Set(Array.from({ length: 1000 }, () => rng.range(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('AliasTable', () => {
  it('draws each index in proportion to its weight', () => {
    const weights = [5, 1, 0, 3, 1];
    const table = new AliasTable(weights);
    const rng = new Rng(4);
    const counts = new Array(weights.length).fill(0) as number[];
    const n = 200_000;
    for (let i = 0; i < n; i++) counts[table.sample(rng)]! += 1;
    weights.forEach((w, i) => {
      expect(counts[i]! / n).toBeCloseTo(w / 10, 2);
    });
    expect(counts[2]).toBe(0);
  });

  it('refuses an empty or all-zero table', () => {
    expect(() => new AliasTable([])).toThrow(/at least one/);
    expect(() => new AliasTable([0, 0])).toThrow(/positive/);
  });
});
