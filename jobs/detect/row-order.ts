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

/** Index of the first of `values` in [from, to) (ascending there) at or above `value`; `to` when none. */
export function lowerBound(
  values: Int32Array | Float64Array,
  value: number,
  from = 0,
  to = values.length,
): number {
  let lo = from;
  let hi = to;
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

/** Buckets of `sortByPair` up to this size are sorted by insertion, larger ones by a comparison sort. */
const INSERTION_SORT_MAX = 32;

/** Groups of buckets `sortByPair` spreads the pairs over first: few enough for the caches to follow every one. */
const GROUPS = 256;

/** The pairs of `sortByPair` by group, reused call after call (a shard sorts its pairs once). */
let groupedLow = new Int32Array(0);
let groupedHigh = new Int32Array(0);
let groupedValues = new Float64Array(0);
let groupedTags = new Int32Array(0);

/**
 * Sorts pairs (`low`, `high`: non-negative integers) and their `values` and `tags` in place, by low, then high.
 * Stable: equal pairs keep their order, so sums over them are in input order. Integer counting
 * sorts that carry the rest along: first into at most GROUPS groups of lows, then each group (small
 * enough to stay in the caches) by its lows; each low's pairs (a few, as a rule) are then sorted by
 * high. Writes to a few hundred places at a time, not a cache miss a pair.
 */
export function sortByPair(low: Int32Array, high: Int32Array, values: Float64Array, tags: Int32Array): void {
  const n = low.length;
  let maxLow = 0;
  for (let i = 0; i < n; i++) if (low[i]! > maxLow) maxLow = low[i]!;
  const shift = Math.max(0, Math.ceil(Math.log2((maxLow + 1) / GROUPS)));
  const lowsPerGroup = 1 << shift;
  const groups = (maxLow >> shift) + 1;
  const groupStart = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) groupStart[(low[i]! >> shift) + 1]!++;
  for (let g = 0; g < groups; g++) groupStart[g + 1]! += groupStart[g]!;
  if (groupedLow.length < n) {
    groupedLow = new Int32Array(n);
    groupedHigh = new Int32Array(n);
    groupedValues = new Float64Array(n);
    groupedTags = new Int32Array(n);
  }
  const fill = groupStart.slice(0, groups);
  for (let i = 0; i < n; i++) {
    const at = fill[low[i]! >> shift]!++;
    groupedLow[at] = low[i]!;
    groupedHigh[at] = high[i]!;
    groupedValues[at] = values[i]!;
    groupedTags[at] = tags[i]!;
  }
  const lowStart = new Int32Array(lowsPerGroup + 1);
  const mask = lowsPerGroup - 1;
  for (let g = 0; g < groups; g++) {
    const from = groupStart[g]!;
    const to = groupStart[g + 1]!;
    if (from === to) continue;
    lowStart.fill(0);
    for (let i = from; i < to; i++) lowStart[(groupedLow[i]! & mask) + 1]!++;
    lowStart[0] = from;
    for (let b = 0; b < lowsPerGroup; b++) lowStart[b + 1]! += lowStart[b]!;
    for (let i = from; i < to; i++) {
      const at = lowStart[groupedLow[i]! & mask]!++;
      high[at] = groupedHigh[i]!;
      values[at] = groupedValues[i]!;
      tags[at] = groupedTags[i]!;
    }
    // lowStart[b] is now where low b's pairs end (and b + 1's start).
    let lowFrom = from;
    for (let b = 0; b < lowsPerGroup; b++) {
      const lowTo = lowStart[b]!;
      // A loop, not fill(): most lows hold one pair or none, and a call each would cost more.
      for (let i = lowFrom; i < lowTo; i++) low[i] = (g << shift) + b;
      if (lowTo - lowFrom > 1) sortByHigh(high, values, tags, lowFrom, lowTo);
      lowFrom = lowTo;
    }
  }
}

/** A crowded low's pairs while `sortByHigh` sorts them, reused call after call. */
let bucketPacked = new Float64Array(0);
let bucketHigh = new Int32Array(0);
let bucketValues = new Float64Array(0);
let bucketTags = new Int32Array(0);
let bucketOrder = new Int32Array(0);

/** Stably sorts rows [from, to) of `high`, and `values` and `tags` alike, in place. */
function sortByHigh(
  high: Int32Array,
  values: Float64Array,
  tags: Int32Array,
  from: number,
  to: number,
): void {
  if (to - from <= INSERTION_SORT_MAX) {
    for (let i = from + 1; i < to; i++) {
      const h = high[i]!;
      const value = values[i]!;
      const tag = tags[i]!;
      let j = i - 1;
      for (; j >= from && high[j]! > h; j--) {
        high[j + 1] = high[j]!;
        values[j + 1] = values[j]!;
        tags[j + 1] = tags[j]!;
      }
      high[j + 1] = h;
      values[j + 1] = value;
      tags[j + 1] = tag;
    }
    return;
  }
  const size = to - from;
  if (bucketHigh.length < size) {
    bucketPacked = new Float64Array(size * 2);
    bucketHigh = new Int32Array(size * 2);
    bucketValues = new Float64Array(size * 2);
    bucketTags = new Int32Array(size * 2);
    bucketOrder = new Int32Array(size * 2);
  }
  bucketHigh.set(high.subarray(from, to));
  bucketValues.set(values.subarray(from, to));
  bucketTags.set(tags.subarray(from, to));
  const order = bucketOrder.subarray(0, size);
  // Each high with its place in the bucket below it, in one float (exact: highs are below 2^31):
  // a native sort, stable, without a comparator call a comparison.
  const place = 2 ** Math.ceil(Math.log2(size));
  if (place <= 2 ** 22) {
    const packed = bucketPacked.subarray(0, size);
    for (let i = 0; i < size; i++) packed[i] = bucketHigh[i]! * place + i;
    packed.sort();
    for (let i = 0; i < size; i++) order[i] = packed[i]! - Math.floor(packed[i]! / place) * place;
  } else {
    for (let i = 0; i < size; i++) order[i] = i;
    order.sort((x, y) => bucketHigh[x]! - bucketHigh[y]! || x - y);
  }
  for (let i = 0; i < size; i++) {
    high[from + i] = bucketHigh[order[i]!]!;
    values[from + i] = bucketValues[order[i]!]!;
    tags[from + i] = bucketTags[order[i]!]!;
  }
}
