import type { RejectLog } from './rejects.ts';
import type { Strings } from './string-index.ts';

/**
 * The events of a run in columns: one typed array a field, ids dictionary-encoded to dense integers,
 * so that no stage holds a per-row object. Row i is the i-th kept (valid, first-seen) event.
 */
export interface EventColumns {
  length: number;
  /** Epoch milliseconds, UTC. */
  ts: Float64Array;
  /** Index into EVENT_TYPES. */
  type: Uint8Array;
  /** Index into `accounts`. */
  actor: Int32Array;
  /** Index into `accounts`. */
  target: Int32Array;
  /** Index into `contents`, -1 when null. */
  content: Int32Array;
  /** Index into `texts`, -1 when null. */
  text: Int32Array;
}

/** Dense ids: `ids[i]` is the string whose code is i. */
export interface Dictionary {
  /** Every id as a string, by code; made when read (read `size` to count them). */
  readonly ids: string[];
  /** How many ids there are. */
  readonly size: number;
  /** The id whose code is `code`: decoded alone, for the few ids an output prints (`ids` makes them all). */
  id(code: number): string;
  /** The ids' UTF-8 bytes, by code; valid until the next id is added. */
  readonly strings: Strings;
  /** The code of `id`, adding it when new. */
  intern(id: string): number;
  /** The code of `id`, or -1 when it is not in the dictionary. */
  lookup(id: string): number;
  /**
   * The code of the id whose UTF-8 bytes are source[start, end), adding it (as `id` when given) when
   * new; `hash` is their hashBytes when the caller has it already.
   */
  internBytes(source: Uint8Array, start: number, end: number, id?: string, hash?: number): number;
  /** The code of the id whose UTF-8 bytes are source[start, end), or -1; `hash` as in internBytes. */
  lookupBytes(source: Uint8Array, start: number, end: number, hash?: number): number;
  /** Whether the id whose code is `code` has the UTF-8 bytes source[start, end). */
  equalBytes(code: number, source: Uint8Array, start: number, end: number): boolean;
  /**
   * Makes room for up to `count` more ids of `byteCount` UTF-8 bytes in all, when a reader foresees
   * them (an Arrow dictionary's entries): the dictionary then grows once, not by doublings.
   */
  reserve(count: number, byteCount: number): void;
  /**
   * Reads the index slots that ids of these hashes (hashes[from, to)) are looked for in first, in one
   * tight loop, before they are looked up or interned one by one: the cache misses of a large index
   * then overlap instead of stalling one at a time. Returns what it read (so that it is read).
   */
  warm(hashes: Int32Array, from: number, to: number): number;
  /**
   * lookupBytes of strings [from, to) of `strings` (string i is strings.bytes[start(i), start(i + 1)),
   * its hashBytes hashes[i]) into out[0, to - from), many at once: their cache misses overlap.
   */
  lookupEach(
    strings: { readonly bytes: Uint8Array; start(index: number): number },
    hashes: Int32Array,
    from: number,
    to: number,
    out: Int32Array,
  ): void;
}

export interface InputFileSummary {
  path: string;
  bytes: number;
  sha256: string;
  rows: number;
}

/** Many strings held compactly (UTF-8 bytes and offsets, as Arrow does), read one at a time. */
export interface StringColumn {
  readonly length: number;
  get(index: number): string;
}

export interface EventSet {
  columns: EventColumns;
  /** event_id of each kept row, by row. */
  eventIds: StringColumn;
  accounts: Dictionary;
  contents: Dictionary;
  texts: StringColumn;
  /** Rows rejected, with their reasons: counts in memory, rows bounded in memory (see RejectLog). */
  rejects: RejectLog;
  duplicates: number;
  files: InputFileSummary[];
}

/** Accounts table, aligned with an EventSet's `accounts` dictionary (NaN / -1 where unknown). */
export interface AccountColumns {
  createdAt: Float64Array;
  followers: Float64Array;
  files: InputFileSummary[];
  rejects: RejectLog;
  /** Valid rows about accounts the events do not mention: skipped. */
  unknown: number;
}

/** Follow graph before the window, as parallel arrays of account codes. */
export interface FollowColumns {
  follower: Int32Array;
  followee: Int32Array;
  /** NaN when not given. */
  since: Float64Array;
  files: InputFileSummary[];
  rejects: RejectLog;
  /** Valid edges with an account the events do not mention: skipped. */
  unknown: number;
}
