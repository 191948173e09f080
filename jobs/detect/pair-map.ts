const EMPTY = -1;

/** Spreads a pair key (an integer below 2^53) over 32 bits: its low and high words mixed (murmur3 finaliser). */
function hashKey(key: number): number {
  let h = (key >>> 0) ^ Math.imul((key / 4_294_967_296) | 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A weight and a count per pair key, in typed arrays (open addressing, linear probing): millions of
 * co-action pairs without a boxed Map key or an object each. Entries are read back in insertion order.
 */
export class PairMap {
  keys: Float64Array;
  weights: Float64Array;
  counts: Int32Array;
  /** Slots in insertion order. */
  private order: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.weights = new Float64Array(slots);
    this.counts = new Int32Array(slots);
    this.order = new Int32Array(slots >>> 1);
    this.mask = slots - 1;
  }

  /** The slot of `key`, added with weight and count 0 when absent. */
  slot(key: number): number {
    if (this.size === this.order.length) this.grow();
    const keys = this.keys;
    let s = hashKey(key) & this.mask;
    for (;;) {
      const k = keys[s]!;
      if (k === key) return s;
      if (k === EMPTY) break;
      s = (s + 1) & this.mask;
    }
    keys[s] = key;
    this.order[this.size++] = s;
    return s;
  }

  /** The slot of `key`, or -1. */
  find(key: number): number {
    const keys = this.keys;
    let s = hashKey(key) & this.mask;
    for (;;) {
      const k = keys[s]!;
      if (k === key) return s;
      if (k === EMPTY) return -1;
      s = (s + 1) & this.mask;
    }
  }

  /** The slot of the i-th key added. */
  inserted(i: number): number {
    return this.order[i]!;
  }

  /** Empties the map, in time proportional to its size (it is reused target after target). */
  clear(): void {
    for (let i = 0; i < this.size; i++) {
      const s = this.order[i]!;
      this.keys[s] = EMPTY;
      this.weights[s] = 0;
      this.counts[s] = 0;
    }
    this.size = 0;
  }

  /** The keys, ascending, with their weights and counts. */
  sorted(): { key: Float64Array; weight: Float64Array; count: Int32Array } {
    const key = new Float64Array(this.size);
    for (let i = 0; i < this.size; i++) key[i] = this.keys[this.order[i]!]!;
    key.sort();
    const weight = new Float64Array(this.size);
    const count = new Int32Array(this.size);
    for (let i = 0; i < key.length; i++) {
      const s = this.find(key[i]!);
      weight[i] = this.weights[s]!;
      count[i] = this.counts[s]!;
    }
    return { key, weight, count };
  }

  private grow(): void {
    const { keys, weights, counts, order, size } = this;
    const slots = keys.length * 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.weights = new Float64Array(slots);
    this.counts = new Int32Array(slots);
    this.order = new Int32Array(slots >>> 1);
    this.mask = slots - 1;
    this.size = 0;
    for (let i = 0; i < size; i++) {
      const from = order[i]!;
      const s = this.slot(keys[from]!);
      this.weights[s] = weights[from]!;
      this.counts[s] = counts[from]!;
    }
  }
}
