/** Rows a partition holds on average: its table (2 slots a row, 4 bytes a slot) then stays in L2. */
const PARTITION_ROWS = 16384;

/**
 * Finds the keys that repeat an earlier key, exactly: rows [0, count) with their 32-bit hashes, and
 * `same(earlier, later)` saying whether two rows whose hashes match have the same key (the caller
 * compares bytes). Returns a flag a row, set on every row whose key an earlier row already had (the
 * first occurrence is kept), and the number of flags set; null when no key repeats.
 *
 * One table over 10M keys is far larger than the caches, so each insert would be a cache miss. The
 * rows are radix-partitioned by their hash's top bits instead (stably, so each partition keeps row
 * order), then each partition is checked with its own small table: two sequential passes and
 * cache-resident probes.
 */
export function findRepeats(
  hashes: Int32Array,
  count: number,
  same: (earlier: number, later: number) => boolean,
): { repeated: Uint8Array; repeats: number } | null {
  let bits = 1;
  while (bits < 16 && count >> bits > PARTITION_ROWS) bits += 1;
  const shift = 32 - bits;
  const partitions = 1 << bits;
  const starts = new Int32Array(partitions + 1);
  for (let row = 0; row < count; row++) starts[(hashes[row]! >>> shift) + 1]! += 1;
  let largest = 0;
  for (let p = 0; p < partitions; p++) {
    largest = Math.max(largest, starts[p + 1]!);
    starts[p + 1]! += starts[p]!;
  }
  const cursor = starts.slice(0, partitions);
  /** (hash, row) pairs side by side, partition after partition: one write stream a partition. */
  const pairs = new Int32Array(2 * count);
  for (let row = 0; row < count; row++) {
    const hash = hashes[row]!;
    const at = 2 * cursor[hash >>> shift]!++;
    pairs[at] = hash;
    pairs[at + 1] = row;
  }

  let slots = 16;
  while (slots < 2 * largest) slots *= 2;
  /** Per slot: 1 + the index (within `rows`) of the row it holds, 0 when empty. */
  const table = new Int32Array(slots);
  let repeated: Uint8Array | null = null;
  let repeats = 0;
  for (let p = 0; p < partitions; p++) {
    const start = starts[p]!;
    const end = starts[p + 1]!;
    let size = 16;
    while (size < 2 * (end - start)) size *= 2;
    const mask = size - 1;
    table.fill(0, 0, size);
    for (let at = start; at < end; at++) {
      const hash = pairs[2 * at]!;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        const held = table[slot]!;
        if (held === 0) {
          table[slot] = at + 1;
          break;
        }
        if (pairs[2 * (held - 1)] === hash && same(pairs[2 * held - 1]!, pairs[2 * at + 1]!)) {
          repeated ??= new Uint8Array(count);
          repeated[pairs[2 * at + 1]!] = 1;
          repeats += 1;
          break;
        }
      }
    }
  }
  return repeated ? { repeated, repeats } : null;
}
