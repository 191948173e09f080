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

/**
 * `order`, whose rows come in runs of equal `runKey`, stably re-sorted by `key` (codes from -1) within
 * each run: (target, time) order to (target, content, time) in one pass a run, not two sorts of all rows.
 */
export function sortWithinRuns(order: Int32Array, runKey: Int32Array, key: Int32Array): Int32Array {
  const n = order.length;
  const sorted = new Int32Array(n);
  // Per key + 1: its rows in the current run, then where its next row goes; 0 outside the run.
  const cursor = new Int32Array(keyCount(key, 1));
  const distinct = new Int32Array(n);
  for (let from = 0; from < n; ) {
    const run = runKey[order[from]!]!;
    let to = from;
    let kinds = 0;
    for (; to < n && runKey[order[to]!] === run; to++) {
      const k = key[order[to]!]! + 1;
      if (cursor[k]!++ === 0) distinct[kinds++] = k;
    }
    if (kinds === 1) {
      sorted.set(order.subarray(from, to), from);
      cursor[distinct[0]!] = 0;
      from = to;
      continue;
    }
    // Few keys a run as a rule: an insertion sort, without a call and a view per run.
    for (let i = 1; i < kinds; i++) {
      const k = distinct[i]!;
      let j = i - 1;
      for (; j >= 0 && distinct[j]! > k; j--) distinct[j + 1] = distinct[j]!;
      distinct[j + 1] = k;
    }
    let at = from;
    for (let d = 0; d < kinds; d++) {
      const count = cursor[distinct[d]!]!;
      cursor[distinct[d]!] = at;
      at += count;
    }
    for (let i = from; i < to; i++) sorted[cursor[key[order[i]!]! + 1]!++] = order[i]!;
    for (let d = 0; d < kinds; d++) cursor[distinct[d]!] = 0;
    from = to;
  }
  return sorted;
}

/** One more than the largest value: the key count of `stableSortByKey` for codes from 0 (or -1 with offset 1). */
export function keyCount(values: Int32Array, offset: number): number {
  let max = -offset;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max + offset + 1;
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

/**
 * The stable ascending order of `keys` (integers in [0, 2^53)): an LSD radix sort on 16-bit digits,
 * as many passes as the largest key needs. Equal keys keep their order: sums over them are in input order.
 */
export function radixOrder(keys: Float64Array): Int32Array {
  const n = keys.length;
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  let maxHigh = 0;
  let maxLow = 0;
  for (let i = 0; i < n; i++) {
    low[i] = keys[i]! >>> 0;
    high[i] = (keys[i]! / 4_294_967_296) >>> 0;
    if (high[i]! > maxHigh) maxHigh = high[i]!;
    if (low[i]! > maxLow) maxLow = low[i]!;
  }
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(1 << 16);
  const passes: Array<[Uint32Array, number]> = [[low, 0]];
  if (maxLow >= 1 << 16 || maxHigh > 0) passes.push([low, 16]);
  if (maxHigh > 0) passes.push([high, 0]);
  if (maxHigh >= 1 << 16) passes.push([high, 16]);
  for (const [words, shift] of passes) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(words[i]! >>> shift) & 0xffff]!++;
    let at = 0;
    for (let d = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      next[counts[(words[row]! >>> shift) & 0xffff]!++] = row;
    }
    [order, next] = [next, order];
  }
  return order;
}
