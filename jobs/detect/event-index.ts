import type { EventColumns } from '../ingest/types.ts';
import { AccountMarks } from './marks.ts';

/**
 * Row indices grouped by one key column (compressed sparse rows): the rows of key k are
 * `rows[offsets[k] .. offsets[k+1])`, in input order until `sortedByTime` orders them by ts.
 */
export class RowsByKey {
  readonly offsets: Int32Array;
  readonly rows: Int32Array;
  private readonly timeSorted: Uint8Array;

  constructor(
    keys: Int32Array,
    keyCount: number,
    keep: Uint8Array,
    private readonly ts: Float64Array,
  ) {
    this.offsets = new Int32Array(keyCount + 1);
    for (let i = 0; i < keys.length; i++) if (keep[i]) this.offsets[keys[i]! + 1]!++;
    for (let k = 0; k < keyCount; k++) this.offsets[k + 1]! += this.offsets[k]!;
    this.rows = new Int32Array(this.offsets[keyCount]!);
    const fill = this.offsets.slice(0, keyCount);
    for (let i = 0; i < keys.length; i++) if (keep[i]) this.rows[fill[keys[i]!]!++] = i;
    this.timeSorted = new Uint8Array(keyCount);
  }

  /** The rows of `key`, ascending in time (sorted on first use). */
  sortedByTime(key: number): Int32Array {
    const slice = this.rows.subarray(this.offsets[key], this.offsets[key + 1]);
    if (!this.timeSorted[key]) {
      const ts = this.ts;
      // Logs mostly come in time order: a scan is then all it takes (rows are in input order already).
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
  const all = new Uint8Array(follower.length).fill(1);
  const byFollowee = new RowsByKey(followee, accountCount, all, new Float64Array(follower.length));
  const followerRows = new Int32Array(byFollowee.rows.length);
  for (let i = 0; i < followerRows.length; i++) followerRows[i] = follower[byFollowee.rows[i]!]!;
  // Sorted per followee, so that membership is a binary search.
  for (let k = 0; k < accountCount; k++)
    followerRows.subarray(byFollowee.offsets[k], byFollowee.offsets[k + 1]).sort();
  const followersOf = (followee: number) =>
    followee < accountCount
      ? followerRows.subarray(byFollowee.offsets[followee], byFollowee.offsets[followee + 1])
      : new Int32Array(0);
  return {
    followersOf,
    follows(a, b) {
      const list = followersOf(b);
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid]! < a) lo = mid + 1;
        else hi = mid;
      }
      return lo < list.length && list[lo] === a;
    },
  };
}

/** Distinct accounts that acted on each target, counted on first use. */
export class TargetReach {
  private readonly counts = new Map<number, number>();
  private readonly actors: AccountMarks;

  constructor(private readonly index: EventIndex) {
    this.actors = new AccountMarks(index.accountCount);
  }

  count(target: number): number {
    let count = this.counts.get(target);
    if (count === undefined) {
      const { actor } = this.index.columns;
      this.actors.clear();
      count = 0;
      for (const r of this.index.byTarget.of(target)) if (this.actors.add(actor[r]!)) count++;
      this.counts.set(target, count);
    }
    return count;
  }

  share(target: number): number {
    return this.count(target) / this.index.accountCount;
  }
}
