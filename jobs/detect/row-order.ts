/** Whether `values` never decrease. */
export function isAscending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false;
  return true;
}

/** Row indices in time order (input order breaks ties): the identity when rows already are, as logs usually are. */
export function orderByTime(ts: Float64Array): Int32Array {
  const order = new Int32Array(ts.length);
  for (let i = 0; i < ts.length; i++) order[i] = i;
  if (!isAscending(ts)) order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  return order;
}

/**
 * `order` stably re-sorted by an integer key (counting sort, O(rows + keys)): rows of equal key keep
 * their order, so sorting by time, then content, then target gives (target, content, time) order.
 * Keys are `key[row] + offset`, each in [0, keyCount).
 */
export function stableSortByKey(
  order: Int32Array,
  key: Int32Array,
  offset: number,
  keyCount: number,
): Int32Array {
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < order.length; i++) starts[key[order[i]!]! + offset + 1]!++;
  for (let k = 0; k < keyCount; k++) starts[k + 1]! += starts[k]!;
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    sorted[starts[key[row]! + offset]!++] = row;
  }
  return sorted;
}

/** Index of the first of `values` (ascending) at or above `value`. */
export function lowerBound(values: Int32Array | Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first of `rows` (ascending in time) at or after `t`. */
export function firstAtOrAfter(rows: Int32Array, ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[rows[mid]!]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first of `rows` (ascending in time) after `t`. */
export function firstAfter(rows: Int32Array, ts: Float64Array, t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[rows[mid]!]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Buckets of `sortByKey` up to this size are sorted by insertion, larger ones by a comparison sort. */
const INSERTION_SORT_MAX = 32;

/**
 * `keys` (integers in [0, 2^53)) and their `values`, sorted by key into new arrays. Stable: equal
 * keys keep their order, so sums over them are in input order. The keys are bucketed by
 * `floor(key / radix)` in one counting sort that carries the values along, then each bucket is
 * sorted on its own: pair keys `low * accountCount + high` with `radix = accountCount` leave a few
 * keys a bucket (the random writes of one pass, not of one pass per digit of a radix sort).
 */
export function sortByKey(
  keys: Float64Array,
  values: Float64Array,
  radix: number,
): { keys: Float64Array; values: Float64Array } {
  const n = keys.length;
  let maxKey = 0;
  for (let i = 0; i < n; i++) if (keys[i]! > maxKey) maxKey = keys[i]!;
  const bucketCount = Math.floor(maxKey / radix) + 1;
  const starts = new Int32Array(bucketCount + 1);
  for (let i = 0; i < n; i++) starts[Math.floor(keys[i]! / radix) + 1]!++;
  for (let b = 0; b < bucketCount; b++) starts[b + 1]! += starts[b]!;
  const sortedKeys = new Float64Array(n);
  const sortedValues = new Float64Array(n);
  const fill = starts.slice(0, bucketCount);
  for (let i = 0; i < n; i++) {
    const at = fill[Math.floor(keys[i]! / radix)]!++;
    sortedKeys[at] = keys[i]!;
    sortedValues[at] = values[i]!;
  }
  for (let b = 0; b < bucketCount; b++) {
    const from = starts[b]!;
    const to = starts[b + 1]!;
    if (to - from <= INSERTION_SORT_MAX) {
      for (let i = from + 1; i < to; i++) {
        const key = sortedKeys[i]!;
        const value = sortedValues[i]!;
        let j = i - 1;
        for (; j >= from && sortedKeys[j]! > key; j--) {
          sortedKeys[j + 1] = sortedKeys[j]!;
          sortedValues[j + 1] = sortedValues[j]!;
        }
        sortedKeys[j + 1] = key;
        sortedValues[j + 1] = value;
      }
      continue;
    }
    const bucketKeys = sortedKeys.slice(from, to);
    const bucketValues = sortedValues.slice(from, to);
    const order = Int32Array.from(bucketKeys.keys()).sort((x, y) => bucketKeys[x]! - bucketKeys[y]! || x - y);
    for (let i = 0; i < order.length; i++) {
      sortedKeys[from + i] = bucketKeys[order[i]!]!;
      sortedValues[from + i] = bucketValues[order[i]!]!;
    }
  }
  return { keys: sortedKeys, values: sortedValues };
}
