/** Row indices in time order (input order breaks ties): the identity when rows already are, as logs usually are. */
export function orderByTime(ts: Float64Array): Int32Array {
  const order = new Int32Array(ts.length);
  let sorted = true;
  for (let i = 0; i < ts.length; i++) {
    order[i] = i;
    if (i > 0 && ts[i]! < ts[i - 1]!) sorted = false;
  }
  if (!sorted) order.sort((a, b) => ts[a]! - ts[b]! || a - b);
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

/** One more than the largest value: the key count of `stableSortByKey` for codes from 0 (or -1 with offset 1). */
export function keyCount(values: Int32Array, offset: number): number {
  let max = -offset;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max + offset + 1;
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
