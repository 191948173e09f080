import type { EventColumns } from '../ingest/types.ts';
import { lowerBound, stableSortByKey } from './row-order.ts';

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

  /** How many of `key`'s rows come before `t` (its first ones in time order), without a view. */
  countBefore(key: number, t: number): number {
    return this.countInTime(key, t, false);
  }

  /** How many of `key`'s rows come at or before `t` (its first ones in time order), without a view. */
  countUntil(key: number, t: number): number {
    return this.countInTime(key, t, true);
  }

  private countInTime(key: number, t: number, atToo: boolean): number {
    if (!this.timeSorted[key]) this.sortedByTime(key);
    const { rows, ts } = this;
    const from = this.offsets[key]!;
    let lo = from;
    let hi = this.offsets[key + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const at = ts[rows[mid]!]!;
      if (at < t || (atToo && at === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo - from;
  }

  /** How many rows `key` has, without the view `of` allocates: evidence sizes up millions of pairs. */
  count(key: number): number {
    return this.offsets[key + 1]! - this.offsets[key]!;
  }
}

/** The rows `keep` selects grouped by `keys` (a counting sort: each key's rows in input order). */
function rowsByKey(
  keys: Int32Array,
  keyCount: number,
  keep: Uint8Array,
  ts: Float64Array,
  inTimeOrder: boolean,
): RowsByKey {
  const offsets = new Int32Array(keyCount + 1);
  for (let i = 0; i < keys.length; i++) if (keep[i]) offsets[keys[i]! + 1]!++;
  for (let k = 0; k < keyCount; k++) offsets[k + 1]! += offsets[k]!;
  const rows = new Int32Array(offsets[keyCount]!);
  const fill = offsets.slice(0, keyCount);
  for (let i = 0; i < keys.length; i++) if (keep[i]) rows[fill[keys[i]!]!++] = i;
  return new RowsByKey(offsets, rows, ts, inTimeOrder);
}

/** The rows `keep` selects grouped by target and by actor (the input's time order checked once for both). */
export function rowsByTargetAndActor(
  columns: EventColumns,
  keep: Uint8Array,
  accountCount: number,
): { byTarget: RowsByKey; byActor: RowsByKey } {
  const { ts, length } = columns;
  let inTimeOrder = true;
  for (let i = 1; i < length && inTimeOrder; i++) inTimeOrder = ts[i - 1]! <= ts[i]!;
  return {
    byTarget: rowsByKey(columns.target, accountCount, keep, ts, inTimeOrder),
    byActor: rowsByKey(columns.actor, accountCount, keep, ts, inTimeOrder),
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

/** Follow graph lookups over parallel arrays of account codes. */
export function indexFollows(
  follower: Int32Array,
  followee: Int32Array,
  accountCount: number,
): Pick<EventIndex, 'follows' | 'followersOf'> {
  const n = follower.length;
  // Each followee's followers ascending, so that membership is a binary search: rows are taken in
  // follower order (a counting sort, unless the input already comes that way).
  let byFollower: Int32Array | null = null;
  for (let i = 1; i < n && !byFollower; i++)
    if (follower[i]! < follower[i - 1]!) {
      const identity = new Int32Array(n);
      for (let k = 0; k < n; k++) identity[k] = k;
      byFollower = stableSortByKey(identity, follower, 0, accountCount);
    }
  const offsets = new Int32Array(accountCount + 1);
  for (let i = 0; i < n; i++) offsets[followee[i]! + 1]!++;
  for (let k = 0; k < accountCount; k++) offsets[k + 1]! += offsets[k]!;
  const followerRows = new Int32Array(n);
  const fill = offsets.slice(0, accountCount);
  for (let k = 0; k < n; k++) {
    const i = byFollower ? byFollower[k]! : k;
    followerRows[fill[followee[i]!]!++] = follower[i]!;
  }
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
