import { describe, expect, it } from 'vitest';
import { FirstSeenNumbers } from '../../jobs/detect/collections.ts';
import { seededRng } from '../../jobs/detect/graph.ts';

describe('first-seen numbers', () => {
  it('numbers keys beyond 31 bits by first appearance, as a map would, reset after reset', () => {
    const rng = seededRng(9);
    const numbers = new FirstSeenNumbers();
    for (const count of [5_000, 40, 0, 700]) {
      // Few distinct keys, each repeated, many sharing their low words (hash collisions to resolve).
      const distinct = Array.from({ length: Math.ceil(count / 4) }, (_, i) =>
        i % 2 ? i * 2 ** 32 + 7 : Math.floor(rng() * 2 ** 52),
      );
      const keys = Array.from({ length: count }, () => distinct[Math.floor(rng() * distinct.length)]!);
      const map = new Map<number, number>();
      const expected = keys.map((k) => {
        if (!map.has(k)) map.set(k, map.size);
        return map.get(k);
      });
      numbers.reset(keys.length);
      expect(keys.map((k) => numbers.numberOf(k))).toEqual(expected);
      expect(numbers.size).toBe(map.size);
    }
  });
});
