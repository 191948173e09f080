/** Rows a partition holds on average: its table (2 slots a row, 4 bytes a slot) then stays in L2. */
const PARTITION_ROWS = 16384;

/** Bits of the hash that pick a row's partition, for about `rows` rows. */
export function partitionBits(rows: number): number {
  let bits = 1;
  while (bits < 16 && rows >> bits > PARTITION_ROWS) bits += 1;
  return bits;
}

/** Room for `slots` / 2 (hash, row) pairs, in memory another thread can read. */
function sharedPairs(slots: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * slots));
}

/**
 * Rows' 32-bit key hashes, radix-partitioned by their top bits (each partition in row order), to
 * find the rows whose hash an earlier row had. One table over 10M keys is far larger than the
 * caches, so each insert would be a cache miss; a partition's own table stays in L2. Hashes only:
 * the pairs it finds are suspects, for `resolveRepeats` to confirm by comparing the keys (hash
 * collisions and true repeats alike are rare, so the keys are compared rarely).
 */
export class HashPartitions {
  private readonly shift: number;
  /** Per partition, (hash, row) pairs side by side: one write stream a partition. */
  private readonly pairs: Int32Array[];
  /** Per partition, how many pairs it holds. */
  private readonly sizes: Int32Array;

  /** `rows` sizes the partitions up front (they grow past it when more come). */
  constructor(bits: number, rows: number) {
    this.shift = 32 - bits;
    const partitions = 1 << bits;
    const capacity = 2 * Math.max(16, Math.ceil((rows / partitions) * 1.1));
    this.pairs = Array.from({ length: partitions }, () => sharedPairs(capacity));
    this.sizes = new Int32Array(partitions);
  }

  /** Adds the rows first, first + 1, … whose hashes are `hashes`. */
  add(hashes: Int32Array, first: number): void {
    const { shift, pairs, sizes } = this;
    for (let k = 0; k < hashes.length; k++) {
      const hash = hashes[k]!;
      const p = hash >>> shift;
      const at = 2 * sizes[p]!++;
      let partition = pairs[p]!;
      if (at === partition.length) {
        const grown = sharedPairs(2 * partition.length);
        grown.set(partition);
        pairs[p] = partition = grown;
      }
      partition[at] = hash;
      partition[at + 1] = first + k;
    }
  }

  /** The partitions' pairs (in shared memory: another thread may look some of them up) and sizes. */
  get partitions(): Partitions {
    return { pairs: this.pairs, sizes: this.sizes };
  }

  /** The suspects of partitions [from, to) (all by default): see lookUpPartitions. */
  suspects(from = 0, to = this.pairs.length): Int32Array<ArrayBuffer> {
    return lookUpPartitions(this.partitions, from, to);
  }
}

/** Radix partitions of (hash, row) pairs: see HashPartitions. */
export interface Partitions {
  /** Per partition, (hash, row) pairs side by side, rows in order. */
  pairs: readonly Int32Array[];
  /** Per partition, how many pairs it holds. */
  sizes: Int32Array;
}

/**
 * The suspects among partitions [from, to): (row, earlier) pairs, one for each row whose hash an
 * earlier row had, `earlier` being the first row with that hash. Partition by partition, rows in
 * order within each. Partitions apart are looked up apart: two threads may share them out.
 */
export function lookUpPartitions(
  { pairs, sizes }: Partitions,
  from: number,
  to: number,
): Int32Array<ArrayBuffer> {
  let largest = 0;
  for (let p = from; p < to; p++) largest = Math.max(largest, sizes[p]!);
  let slots = 16;
  while (slots < 2 * largest) slots *= 2;
  /** Per slot: 1 + the index (within its partition) of the first pair with a hash, 0 when empty. */
  const table = new Int32Array(slots);
  let found = new Int32Array(64);
  let count = 0;
  for (let p = from; p < to; p++) {
    const partition = pairs[p]!;
    const size = sizes[p]!;
    let tableSize = 16;
    while (tableSize < 2 * size) tableSize *= 2;
    const mask = tableSize - 1;
    table.fill(0, 0, tableSize);
    for (let k = 0; k < size; k++) {
      const hash = partition[2 * k]!;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const held = table[slot]!;
        if (held === 0) {
          table[slot] = k + 1;
          break;
        }
        if (partition[2 * (held - 1)] !== hash) continue;
        if (2 * count + 2 > found.length) {
          const grown = new Int32Array(2 * found.length);
          grown.set(found);
          found = grown;
        }
        found[2 * count] = partition[2 * k + 1]!;
        found[2 * count + 1] = partition[2 * held - 1]!;
        count += 1;
        break;
      }
    }
  }
  return found.slice(0, 2 * count);
}

/**
 * Confirms suspects (see HashPartitions.suspects) by comparing keys: `same(a, b)` says whether rows a
 * and b have the same key. Returns a flag a row, set on every row whose key an earlier row already
 * had (the first occurrence is kept), and the number of flags set; null when no key repeats.
 */
export function resolveRepeats(
  suspects: Int32Array,
  rows: number,
  same: (a: number, b: number) => boolean,
): { repeated: Uint8Array; repeats: number } | null {
  const order = Array.from({ length: suspects.length / 2 }, (_, s) => s);
  order.sort((a, b) => suspects[2 * a]! - suspects[2 * b]!);
  /** Per first row of a hash: the rows kept so far with that hash (distinct keys), in row order. */
  const kept = new Map<number, number[]>();
  let repeated: Uint8Array | null = null;
  let repeats = 0;
  for (const s of order) {
    const row = suspects[2 * s]!;
    const first = suspects[2 * s + 1]!;
    const keys = kept.get(first) ?? [first];
    kept.set(first, keys);
    if (keys.some((earlier) => same(earlier, row))) {
      repeated ??= new Uint8Array(rows);
      repeated[row] = 1;
      repeats += 1;
    } else keys.push(row);
  }
  return repeated ? { repeated, repeats } : null;
}

/** The suspects (see HashPartitions.suspects) among rows [0, count) whose hashes are `hashes`, all at once. */
export function findSuspects(hashes: Int32Array, count: number): Int32Array<ArrayBuffer> {
  const partitions = new HashPartitions(partitionBits(count), count);
  partitions.add(hashes.subarray(0, count), 0);
  return partitions.suspects();
}
