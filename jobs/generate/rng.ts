/**
 * A small seeded PRNG (sfc32) with the draws the generator needs. Every random choice of a world
 * comes from one of these, so the same seed gives the same bytes on every machine.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    // splitmix32 spreads a small seed (1, 2, 3…) over all four words of state.
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream for one part of the world, so that changing one part leaves the others' draws alone. */
  fork(label: string): Rng {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng(this.uint32() ^ h, h >>> 0);
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Exponential waiting time with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** Fisher–Yates in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }
}

/**
 * Walker/Vose alias table: draws index i with probability weights[i] / sum in O(1), which the
 * hot loop needs (millions of draws over hundreds of thousands of accounts).
 */
export class AliasTable {
  /**
   * Slot i's probability at 2i and alias at 2i + 1, side by side: a draw over a large table then
   * misses the cache once, not twice (the hot loop draws millions of times from 400k-account tables).
   */
  private readonly slots: Float64Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new Error('AliasTable needs at least one weight');
    this.size = n;
    const probability = new Float64Array(n);
    const alias = new Int32Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += weights[i] as number;
    if (!(sum > 0)) throw new Error('AliasTable needs a positive total weight');
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = ((weights[i] as number) * n) / sum;
      if ((scaled[i] as number) < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }
    while (smallCount > 0 && largeCount > 0) {
      const less = small[--smallCount] as number;
      const more = large[--largeCount] as number;
      probability[less] = scaled[less] as number;
      alias[less] = more;
      scaled[more] = (scaled[more] as number) + (scaled[less] as number) - 1;
      if ((scaled[more] as number) < 1) small[smallCount++] = more;
      else large[largeCount++] = more;
    }
    while (largeCount > 0) probability[large[--largeCount] as number] = 1;
    while (smallCount > 0) probability[small[--smallCount] as number] = 1;
    this.slots = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      this.slots[2 * i] = probability[i] as number;
      this.slots[2 * i + 1] = alias[i] as number;
    }
  }

  sample(rng: Rng): number {
    const i = rng.int(this.size);
    return rng.float() < (this.slots[2 * i] as number) ? i : (this.slots[2 * i + 1] as number);
  }
}
