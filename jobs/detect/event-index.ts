import type { EventColumns } from '../ingest/types.ts';
import { lowerBound } from './row-order.ts';

/**
 * Row indices grouped by one key column (compressed sparse rows): the rows of key k are
 * `rows[offsets[k] .. offsets[k+1])`, in input order until `sortedByTime` orders them by ts.
 */
export class RowsByKey {
  private readonly timeSorted: Uint8Array;

  constructor(
    readonly offsets: Int32Array,
    readonly rows: Int32Array,
    private readonly ts: Float64Array,
    /** Whether the input rows are in time order: then so are every key's rows, and no key needs a look. */
    inTimeOrder: boolean,
  ) {
    this.timeSorted = new Uint8Array(offsets.length - 1);
    if (inTimeOrder) this.timeSorted.fill(1);
  }

  /** The rows of `key`, ascending in time (sorted on first use). */
  sortedByTime(key: number): Int32Array {
    const slice = this.rows.subarray(this.offsets[key], this.offsets[key + 1]);
    if (!this.timeSorted[key]) {
      const ts = this.ts;
      // Rows in time order need only this scan (rows are in input order already).
      let sorted = true;
      for (let i = 1; i < slice.length && sorted; i++) sorted = ts[slice[i - 1]!]! <= ts[slice[i]!]!;
      if (!sorted) slice.sort((a, b) => ts[a]! - ts[b]! || a - b);
      this.timeSorted[key] = 1;
    }
    return slice;
  }

  of(key: number): Int32Array {
    return this.rows.subarray(this.offsets[key], this.offsets[key + 1]);
  }

  /** How many rows `key` has, without the view `of` allocates: evidence sizes up millions of pairs. */
  count(key: number): number {
    return this.offsets[key + 1]! - this.offsets[key]!;
  }
}

/** Row counts by key (and a last slot of 0) summed in place: each key's end, and the rows' total last. */
function sumInPlace(counts: Int32Array): void {
  for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!;
}

/**
 * The rows `keep` selects grouped by target and by actor, both at once: one pass counts them, one
 * places them. Placed backwards, each key's rows keep their input order and its end becomes its
 * start, so that the sums are the offsets.
 */
export function rowsByTargetAndActor(
  columns: EventColumns,
  keep: Uint8Array,
  accountCount: number,
): { byTarget: RowsByKey; byActor: RowsByKey } {
  const { target, actor, ts, length } = columns;
  const targetOffsets = new Int32Array(accountCount + 1);
  const actorOffsets = new Int32Array(accountCount + 1);
  for (let i = 0; i < length; i++)
    if (keep[i]) {
      targetOffsets[target[i]!]!++;
      actorOffsets[actor[i]!]!++;
    }
  sumInPlace(targetOffsets);
  sumInPlace(actorOffsets);
  const targetRows = new Int32Array(targetOffsets[accountCount]!);
  const actorRows = new Int32Array(actorOffsets[accountCount]!);
  for (let i = length - 1; i >= 0; i--)
    if (keep[i]) {
      targetRows[--targetOffsets[target[i]!]!] = i;
      actorRows[--actorOffsets[actor[i]!]!] = i;
    }
  let inTimeOrder = true;
  for (let i = 1; i < length && inTimeOrder; i++) inTimeOrder = ts[i - 1]! <= ts[i]!;
  return {
    byTarget: new RowsByKey(targetOffsets, targetRows, ts, inTimeOrder),
    byActor: new RowsByKey(actorOffsets, actorRows, ts, inTimeOrder),
  };
}

/** The events and the accounts' facts the evidence stage reads. */
export interface EventIndex {
  columns: EventColumns;
  accountCount: number;
  byTarget: RowsByKey;
  byActor: RowsByKey;
  /** Account creation (epoch-ms) by account code; NaN when unknown. */
  createdAt: Float64Array;
  /** Follower count by account code; NaN when unknown. */
  followers: Float64Array;
  /** Whether `follower` followed `followee` before the window. */
  follows(follower: number, followee: number): boolean;
  /** The accounts that follow `followee`. */
  followersOf(followee: number): Int32Array;
}

/** Sorts values[from, to) ascending: an insertion sort for the short lists most accounts have. */
function sortAscending(values: Int32Array, from: number, to: number): void {
  if (to - from > 16) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = values[i]!;
    let j = i - 1;
    for (; j >= from && values[j]! > v; j--) values[j + 1] = values[j]!;
    values[j + 1] = v;
  }
}

/** Follow graph lookups over parallel arrays of account codes. */
export function indexFollows(
  follower: Int32Array,
  followee: Int32Array,
  accountCount: number,
): Pick<EventIndex, 'follows' | 'followersOf'> {
  const n = follower.length;
  const offsets = new Int32Array(accountCount + 1);
  for (let i = 0; i < n; i++) offsets[followee[i]!]!++;
  sumInPlace(offsets);
  const followerRows = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) followerRows[--offsets[followee[i]!]!] = follower[i]!;
  // Each followee's followers ascending, so that membership is a binary search.
  for (let k = 0; k < accountCount; k++) sortAscending(followerRows, offsets[k]!, offsets[k + 1]!);
  const followersOf = (followee: number) =>
    followee < accountCount
      ? followerRows.subarray(offsets[followee], offsets[followee + 1])
      : new Int32Array(0);
  return {
    followersOf,
    follows(a, b) {
      const list = followersOf(b);
      const at = lowerBound(list, a);
      return at < list.length && list[at] === a;
    },
  };
}

/** Distinct accounts that acted on each target (as the shards counted them). */
export class TargetReach {
  constructor(
    private readonly counts: Int32Array,
    private readonly accountCount: number,
  ) {}

  count(target: number): number {
    return this.counts[target]!;
  }

  share(target: number): number {
    return this.count(target) / this.accountCount;
  }
}
