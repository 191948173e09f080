const EMPTY = -1;

/**
 * Slots above which `clear` starts over at the first capacity: the table a big target grew would
 * spread every later small target's probes over megabytes, a cache miss each.
 */
const SHRINK_ABOVE_SLOTS = 1 << 16;

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
 * A weight per pair key, in typed arrays (open addressing, linear probing): millions of
 * co-action pairs without a boxed Map key or an object each. `inserted(i)` lists the slots in use, in
 * no particular order.
 */
export class PairMap {
  keys = new Float64Array(0);
  weights = new Float64Array(0);
  /** The slots in use, so that clearing and listing cost the size, not the capacity. */
  private order = new Int32Array(0);
  private mask = 0;
  private readonly firstSlots: number;
  size = 0;

  constructor(capacity = 1024) {
    this.firstSlots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity * 2)));
    this.allocate(this.firstSlots);
  }

  /** The slot of `key`, added with weight 0 when absent (which may grow the map: read `keys` and `weights` after). */
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

  /** The i-th slot in use, i < size. */
  inserted(i: number): number {
    return this.order[i]!;
  }

  /** Empties the map, in time proportional to its size (it is reused target after target). */
  clear(): void {
    if (this.keys.length > SHRINK_ABOVE_SLOTS && this.keys.length > this.firstSlots) {
      this.allocate(this.firstSlots);
      return;
    }
    for (let i = 0; i < this.size; i++) {
      const s = this.order[i]!;
      this.keys[s] = EMPTY;
      this.weights[s] = 0;
    }
    this.size = 0;
  }

  /** Empty, with `slots` slots. */
  private allocate(slots: number): void {
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.weights = new Float64Array(slots);
    this.order = new Int32Array(slots >>> 1);
    this.mask = slots - 1;
    this.size = 0;
  }

  private grow(): void {
    const { keys, weights } = this;
    this.allocate(keys.length * 2);
    // Old slots in table order: sequential reads (insertion order would be a cache miss each).
    for (let from = 0; from < keys.length; from++) {
      if (keys[from] === EMPTY) continue;
      const s = this.slot(keys[from]!);
      this.weights[s] = weights[from]!;
    }
  }
}
