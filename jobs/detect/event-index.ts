import type { EventColumns } from '../ingest/types.ts';
import { sharedArray } from '../runtime/shared-memory.ts';
import { AccountMarks } from './marks.ts';
import { lowerBound } from './row-order.ts';

/**
 * Row indices grouped by one key column (compressed sparse rows): the rows of key k are
 * `rows[offsets[k] .. offsets[k+1])`, ascending in time (input order breaking ties). Never changed
 * once built: threads read it in place, on shared memory.
 */
export class RowsByKey {
  constructor(
    readonly offsets: Int32Array,
    readonly rows: Int32Array,
    private readonly ts: Float64Array,
  ) {}

  /** The grouping a pool thread made (its arrays on shared memory), over the events' times. */
  static of(grouping: RowGrouping, ts: Float64Array): RowsByKey {
    return new RowsByKey(grouping.offsets, grouping.rows, ts);
  }

  /** The grouping, to send to another thread (its arrays are on shared memory: they are not copied). */
  grouping(): RowGrouping {
    return { offsets: this.offsets, rows: this.rows };
  }

  /** The rows of `key`, ascending in time. */
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

/** A RowsByKey's arrays, as threads send them. */
export interface RowGrouping {
  offsets: Int32Array;
  rows: Int32Array;
}

/** Sorts each key's rows by time (row breaking ties) where they are not: input out of time order. */
function sortRunsByTime(offsets: Int32Array, rows: Int32Array, ts: Float64Array): void {
  for (let key = 0; key + 1 < offsets.length; key++) {
    const from = offsets[key]!;
    const to = offsets[key + 1]!;
    let sorted = true;
    for (let i = from + 1; i < to && sorted; i++) sorted = ts[rows[i - 1]!]! <= ts[rows[i]!]!;
    if (!sorted) rows.subarray(from, to).sort((a, b) => ts[a]! - ts[b]! || a - b);
  }
}

/** log2 of the keys a bucket of `rowsByKey` spans. */
const BUCKET_BITS = 10;

/**
 * The rows `keep` selects grouped by `keys`, each key's rows in time order (a counting sort, then,
 * unless `inTimeOrder`, a sort of each key's rows that are not), on shared memory (a pool thread
 * groups them for the others, see indexStage). With
 * `buckets`, rows go first to buckets of 2^BUCKET_BITS keys (in `scratch`), then from each bucket to
 * their keys: placed straight into their keys' slots, tens of millions of rows over hundreds of
 * thousands of keys miss the cache nearly every one (2x slower at 10M), while fewer fit it (and the
 * second pass would only cost).
 */
export function rowsByKey(
  keys: Int32Array,
  keyCount: number,
  keep: Uint8Array,
  ts: Float64Array,
  inTimeOrder: boolean,
  scratch: { rows: Int32Array; keys: Int32Array } | null,
): RowsByKey {
  const offsets = sharedArray(Int32Array, keyCount + 1);
  for (let i = 0; i < keys.length; i++) if (keep[i]) offsets[keys[i]! + 1]!++;
  for (let k = 0; k < keyCount; k++) offsets[k + 1]! += offsets[k]!;
  const kept = offsets[keyCount]!;
  const rows = sharedArray(Int32Array, kept);
  const fill = offsets.slice(0, keyCount);
  if (scratch) placeThroughBuckets(keys, keyCount, keep, offsets, fill, rows, scratch);
  else for (let i = 0; i < keys.length; i++) if (keep[i]) rows[fill[keys[i]!]!++] = i;
  if (!inTimeOrder) sortRunsByTime(offsets, rows, ts);
  return new RowsByKey(offsets, rows, ts);
}

/** rowsByKey's placing of the rows through buckets of 2^BUCKET_BITS keys (see there). */
function placeThroughBuckets(
  keys: Int32Array,
  keyCount: number,
  keep: Uint8Array,
  offsets: Int32Array,
  fill: Int32Array,
  rows: Int32Array,
  scratch: { rows: Int32Array; keys: Int32Array },
): void {
  const bucketFill = new Int32Array((keyCount >> BUCKET_BITS) + 1);
  for (let b = 0; b < bucketFill.length; b++) bucketFill[b] = offsets[b << BUCKET_BITS]!;
  for (let i = 0; i < keys.length; i++)
    if (keep[i]) {
      const at = bucketFill[keys[i]! >> BUCKET_BITS]!++;
      scratch.rows[at] = i;
      scratch.keys[at] = keys[i]!;
    }
  for (let j = 0; j < rows.length; j++) rows[fill[scratch.keys[j]!]!++] = scratch.rows[j]!;
}

/** Rows and keys from which `rowsByKey` places through buckets (measured: 1M rows are faster without). */
const BUCKETED_ROWS = 1 << 22;
const BUCKETED_KEYS = 1 << 18;

/** The rows `keep` selects grouped by target and by actor (the input's time order checked once for both). */
export function rowsByTargetAndActor(
  columns: Pick<EventColumns, 'length' | 'ts' | 'target' | 'actor'>,
  keep: Uint8Array,
  accountCount: number,
): { byTarget: RowsByKey; byActor: RowsByKey } {
  const { ts, length } = columns;
  let inTimeOrder = true;
  for (let i = 1; i < length && inTimeOrder; i++) inTimeOrder = ts[i - 1]! <= ts[i]!;
  let kept = 0;
  for (let i = 0; i < length; i++) kept += keep[i]!;
  const scratch =
    kept > BUCKETED_ROWS && accountCount > BUCKETED_KEYS
      ? { rows: new Int32Array(kept), keys: new Int32Array(kept) }
      : null;
  return {
    byTarget: rowsByKey(columns.target, accountCount, keep, ts, inTimeOrder, scratch),
    byActor: rowsByKey(columns.actor, accountCount, keep, ts, inTimeOrder, scratch),
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
  /** Who followed whom before the window. */
  followGraph: FollowGraph;
}

/**
 * Who followed whom before the window: each followee's followers, ascending (compressed sparse
 * rows: followee b's are `followers[offsets[b] .. offsets[b+1])`), so that whether a follows b is a
 * binary search. Never changed once built: threads read it in place, on shared memory.
 */
export class FollowGraph {
  constructor(
    readonly offsets: Int32Array,
    readonly followers: Int32Array,
  ) {}

  /** The graph of parallel arrays of account codes, on shared memory. */
  static of(follower: Int32Array, followee: Int32Array, accountCount: number): FollowGraph {
    const n = follower.length;
    const offsets = sharedArray(Int32Array, accountCount + 1);
    for (let i = 0; i < n; i++) offsets[followee[i]! + 1]!++;
    for (let k = 0; k < accountCount; k++) offsets[k + 1]! += offsets[k]!;
    const followers = sharedArray(Int32Array, n);
    const fill = offsets.slice(0, accountCount);
    for (let i = 0; i < n; i++) followers[fill[followee[i]!]!++] = follower[i]!;
    // Follows listed by follower come out ascending already: only the others are sorted.
    for (let b = 0; b < accountCount; b++) {
      const from = offsets[b]!;
      const to = offsets[b + 1]!;
      let ascending = true;
      for (let i = from + 1; i < to && ascending; i++) ascending = followers[i - 1]! <= followers[i]!;
      if (!ascending) followers.subarray(from, to).sort();
    }
    return new FollowGraph(offsets, followers);
  }

  /** Whether `follower` followed `followee`. */
  follows(follower: number, followee: number): boolean {
    if (followee >= this.offsets.length - 1) return false;
    const to = this.offsets[followee + 1]!;
    const at = lowerBound(this.followers, follower, this.offsets[followee], to);
    return at < to && this.followers[at] === follower;
  }

  /** The accounts that follow `followee`, ascending. */
  followersOf(followee: number): Int32Array {
    if (followee >= this.offsets.length - 1) return new Int32Array(0);
    return this.followers.subarray(this.offsets[followee], this.offsets[followee + 1]);
  }
}

/** Distinct accounts that acted on a target. */
export interface Reach {
  count(target: number): number;
}

/**
 * Reach counted from the index when first asked, as the shards count it: the evidence asks about a
 * cluster's call-out candidates only, so a pile-on is weighed as its shard comes in, not after the last.
 */
export class IndexedReach implements Reach {
  private readonly counts: Int32Array;
  private readonly actors: AccountMarks;

  constructor(private readonly index: Pick<EventIndex, 'columns' | 'accountCount' | 'byTarget'>) {
    this.counts = new Int32Array(index.accountCount).fill(-1);
    this.actors = new AccountMarks(index.accountCount);
  }

  /**
   * The reach a shard counted for its targets (the same counts): not counted again here, which for a
   * popular call-out candidate means reading all it received. After the last shard, none is.
   */
  learn(reach: { target: Int32Array; actors: Int32Array }): void {
    for (let i = 0; i < reach.target.length; i++) this.counts[reach.target[i]!] = reach.actors[i]!;
  }

  count(target: number): number {
    let count = this.counts[target]!;
    if (count >= 0) return count;
    const { offsets, rows } = this.index.byTarget;
    const { actor } = this.index.columns;
    this.actors.clear();
    count = 0;
    for (let i = offsets[target]!; i < offsets[target + 1]!; i++)
      if (this.actors.add(actor[rows[i]!]!)) count++;
    this.counts[target] = count;
    return count;
  }
}

/** Distinct accounts that acted on each target (as the shards counted them). */
export class TargetReach implements Reach {
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
