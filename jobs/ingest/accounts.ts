import {
  ACCOUNT_COLUMNS,
  FOLLOW_COLUMNS,
  type TableSpec,
  type Validated,
  validateAccountRow,
  validateFollowRow,
} from '../../shared/contract/index.ts';
import { batchRecord, type ColumnBatch } from './columns.ts';
import { createDictionary } from './dictionary.ts';
import { fileDigest } from './files.ts';
import { RejectLog } from './rejects.ts';
import { scanInput } from './scan.ts';
import { hashStrings } from './string-index.ts';
import type { RecordSink } from './text.ts';
import type { AccountColumns, Dictionary, FollowColumns, InputFileSummary } from './types.ts';

/**
 * Ids as UTF-8 bytes, by code (id first + i is bytes[starts[i], starts[i + 1])): those a table added
 * to a dictionary of the tables' own, read without the events' one and matched to it after
 * (eventCodes, alignAccounts, alignFollows), so that it can be read on a thread while the events are.
 * `first` is 0 unless the table was read after another into the same dictionary (the follows after
 * the accounts on the beside thread): its ids then continue the other's.
 */
export interface LocalIds {
  bytes: Uint8Array;
  starts: Int32Array;
  first: number;
}

interface LocalTable {
  ids: LocalIds;
  files: InputFileSummary[];
  rejects: RejectLog;
}

/** The accounts table by its own ids: the last valid row of each id, and how many valid rows it had. */
export interface LocalAccounts extends LocalTable {
  createdAt: Float64Array;
  followers: Float64Array;
  rows: Int32Array;
}

/** The valid follow edges, in file order, as codes of their own ids. */
export interface LocalFollows extends LocalTable {
  follower: Int32Array;
  followee: Int32Array;
  since: Float64Array;
}

/** Counts the rows read, for a progress meter. */
export interface RowCounter {
  tick(count?: number): void;
}

interface TableRows<T> {
  validate(raw: Record<string, unknown>): Validated<T>;
  /** Keeps a valid row. */
  keep(row: T): void;
  /**
   * Decides the rows of a columnar batch from its typed columns, in row order: a row that plainly
   * passes the contract's checks is kept as `keep` would keep it; every other row is handed to
   * `unsure`, in its place, which runs `validate` on it (deciding it and wording the reason), so
   * both paths give the same result.
   */
  batch(batch: ColumnBatch, unsure: (i: number) => void): void;
  /** Told a file's row count before its rows, when its container says it. */
  reserve?(rows: number): void;
}

/** Typed scratch columns for one batch, grown to the largest batch seen. */
class Scratch {
  codes = new Int32Array(0);
  numbers = new Float64Array(0);
  otherNumbers = new Float64Array(0);

  fit(length: number): this {
    if (this.codes.length < length) {
      this.codes = new Int32Array(length);
      this.numbers = new Float64Array(length);
      this.otherNumbers = new Float64Array(length);
    }
    return this;
  }
}

/** A dictionary's ids from code `first` as LocalIds, their bytes copied out (so that they can be handed to another thread). */
function localIds(dictionary: Dictionary, first: number): LocalIds {
  const { strings, size } = dictionary;
  const starts = new Int32Array(size - first + 1);
  const from = strings.start(first);
  for (let code = first; code <= size; code++) starts[code - first] = strings.start(code) - from;
  return { bytes: strings.bytes.slice(from, from + starts[size - first]!), starts, first };
}

/** Reads the rows of a table's files (listed already): rejected ones go to its RejectLog, valid ones to `rows.keep`. */
async function readTable<T>(
  files: string[],
  spec: TableSpec,
  rows: TableRows<T>,
  meter: RowCounter | null,
): Promise<{ files: InputFileSummary[]; rejects: RejectLog }> {
  const read = { files: [] as InputFileSummary[], rejects: new RejectLog() };
  for (const file of files) {
    const digest = fileDigest(file);
    digest.catch(() => {});
    let count = 0;
    const sink: RecordSink = {
      record(raw, row) {
        count += 1;
        meter?.tick();
        const result = rows.validate(raw);
        if (!result.ok) read.rejects.add(file, row, result.reason, JSON.stringify(raw) ?? null);
        else rows.keep(result.value);
      },
      malformed(reason, raw, row) {
        count += 1;
        read.rejects.add(file, row, reason, JSON.stringify(raw) ?? null);
      },
    };
    await scanInput(file, spec, {
      sink,
      rows: (told) => rows.reserve?.(told),
      batch(batch) {
        let unsure = 0;
        rows.batch(batch, (i) => {
          unsure += 1;
          sink.record(batchRecord(batch, i), batch.firstRow + i);
        });
        count += batch.length - unsure;
        meter?.tick(batch.length - unsure);
      },
    });
    read.files.push({ path: file, rows: count, ...(await digest) });
  }
  return read;
}

/** Per-id columns of the accounts table, grown with its dictionary. */
class AccountRows {
  createdAt = new Float64Array(0);
  followers = new Float64Array(0);
  rows = new Int32Array(0);

  /** Makes room for ids [0, size). */
  fit(size: number): void {
    if (size <= this.rows.length) return;
    const capacity = Math.max(size, 2 * this.rows.length, 1024);
    const createdAt = new Float64Array(capacity).fill(Number.NaN);
    const followers = new Float64Array(capacity).fill(Number.NaN);
    const rows = new Int32Array(capacity);
    createdAt.set(this.createdAt);
    followers.set(this.followers);
    rows.set(this.rows);
    this.createdAt = createdAt;
    this.followers = followers;
    this.rows = rows;
  }

  set(code: number, createdAt: number, followers: number): void {
    this.createdAt[code] = createdAt;
    this.followers[code] = followers;
    this.rows[code]! += 1;
  }
}

/**
 * Reads the accounts table by its own ids (into `ids`, a dictionary of the tables' own); a later row
 * for the same id overrides an earlier one.
 */
export async function readLocalAccounts(
  files: string[],
  meter: RowCounter | null = null,
  ids: Dictionary = createDictionary(),
): Promise<LocalAccounts> {
  const first = ids.size;
  const accounts = new AccountRows();
  const scratch = new Scratch();
  const read = await readTable(
    files,
    ACCOUNT_COLUMNS,
    {
      validate: validateAccountRow,
      keep(row) {
        const code = ids.intern(row.account_id);
        accounts.fit(ids.size);
        accounts.set(code, row.created_at, row.followers);
      },
      batch(batch, unsure) {
        const { account_id: id, created_at: created, followers: count } = batch.columns;
        const { codes, numbers: at, otherNumbers: counts } = scratch.fit(batch.length);
        id!.internUnorderedInto(batch.length, ids, codes);
        accounts.fit(ids.size);
        if (created) created.millisInto(batch.length, at);
        else at.fill(Number.NaN);
        // Followers as a typed whole number (or missing); text and anything odd go through the validator.
        if (count) count.countsInto(batch.length, counts);
        else counts.fill(Number.NaN);
        for (let i = 0; i < batch.length; i++) {
          const code = codes[i]!;
          if (code === -1 || Number.isNaN(at[i]!) || counts[i] === -1) unsure(i);
          else accounts.set(code, at[i]!, counts[i]!);
        }
      },
    },
    meter,
  );
  const size = ids.size;
  return {
    ids: localIds(ids, first),
    createdAt: accounts.createdAt.slice(0, size),
    followers: accounts.followers.slice(0, size),
    rows: accounts.rows.slice(0, size),
    ...read,
  };
}

/** Ids looked up together in the events' dictionary (a cache line of its index each, 512 KB). */
const LOOKUP_BLOCK = 8192;

/**
 * Each local id's code in `accounts` (the events' dictionary), -1 where the events do not mention
 * it, by local code: those of ids [0, ids.first) are `before`'s (the codes of the ids they continue).
 */
export function eventCodes(
  ids: LocalIds,
  accounts: Dictionary,
  before: Int32Array = new Int32Array(0),
): Int32Array {
  if (before.length !== ids.first)
    throw new Error(`eventCodes: ${before.length} codes before ids that start at ${ids.first}`);
  const count = ids.starts.length - 1;
  const strings = { bytes: ids.bytes, start: (index: number) => ids.starts[index]! };
  const hashes = new Int32Array(count);
  hashStrings(strings, 0, count, hashes, 0);
  const codes = new Int32Array(ids.first + count);
  codes.set(before);
  // A block at a time: the index slots and strings each pass of lookupEach reads stay in cache for
  // the next (over all the ids at once, each pass would miss again, the index being far larger).
  for (let from = 0; from < count; from += LOOKUP_BLOCK) {
    const to = Math.min(count, from + LOOKUP_BLOCK);
    accounts.lookupEach(strings, hashes, from, to, codes.subarray(ids.first + from, ids.first + to));
  }
  return codes;
}

/**
 * The accounts table aligned with `accounts` (the events' dictionary): NaN where an account has no
 * row. Rows for accounts the events never mention are counted as unknown and left out. `codes` are
 * its ids' eventCodes (given when already looked up).
 */
export function alignAccounts(
  local: LocalAccounts,
  accounts: Dictionary,
  codes = eventCodes(local.ids, accounts),
): AccountColumns {
  const createdAt = new Float64Array(accounts.size).fill(Number.NaN);
  const followers = new Float64Array(accounts.size).fill(Number.NaN);
  let unknown = 0;
  for (let id = 0; id < local.rows.length; id++) {
    const code = codes[id]!;
    if (code < 0) unknown += local.rows[id]!;
    else if (local.rows[id]! > 0) {
      createdAt[code] = local.createdAt[id]!;
      followers[code] = local.followers[id]!;
    }
  }
  return { createdAt, followers, files: local.files, rejects: local.rejects, unknown };
}

/** Follow edges as growing typed columns. */
class EdgeColumns {
  follower = new Int32Array(1024);
  followee = new Int32Array(1024);
  since = new Float64Array(1024);
  length = 0;

  /** Makes room for `count` more edges. */
  reserve(count: number): void {
    const size = this.length + count;
    if (size <= this.follower.length) return;
    const follower = new Int32Array(size);
    const followee = new Int32Array(size);
    const since = new Float64Array(size);
    follower.set(this.follower.subarray(0, this.length));
    followee.set(this.followee.subarray(0, this.length));
    since.set(this.since.subarray(0, this.length));
    this.follower = follower;
    this.followee = followee;
    this.since = since;
  }

  push(from: number, to: number, at: number): void {
    if (this.length === this.follower.length) this.reserve(this.length);
    this.follower[this.length] = from;
    this.followee[this.length] = to;
    this.since[this.length] = at;
    this.length += 1;
  }

  /**
   * The slots of the next `count` edges, made room for: a batch is decoded there in place, then kept
   * by setting `length` (pushes meanwhile write at `length`, over slots already read).
   */
  next(count: number): { follower: Int32Array; followee: Int32Array; since: Float64Array } {
    // Doubling when the row count was not told: not a copy of every edge a batch.
    if (this.length + count > this.follower.length) this.reserve(Math.max(count, this.length));
    const to = this.length + count;
    return {
      follower: this.follower.subarray(this.length, to),
      followee: this.followee.subarray(this.length, to),
      since: this.since.subarray(this.length, to),
    };
  }

  /** The edges, in arrays of their own: no copy when they fill the columns (a row count told up front). */
  columns(): { follower: Int32Array; followee: Int32Array; since: Float64Array } {
    const { follower, followee, since, length } = this;
    if (length === follower.length) return { follower, followee, since };
    return {
      follower: follower.slice(0, length),
      followee: followee.slice(0, length),
      since: since.slice(0, length),
    };
  }
}

/**
 * Reads the follow graph's valid edges by their own ids (into `ids`, a dictionary of the tables'
 * own), in file order.
 */
export async function readLocalFollows(
  files: string[],
  meter: RowCounter | null = null,
  ids: Dictionary = createDictionary(),
): Promise<LocalFollows> {
  const first = ids.size;
  const edges = new EdgeColumns();
  const read = await readTable(
    files,
    FOLLOW_COLUMNS,
    {
      validate: validateFollowRow,
      keep(row) {
        edges.push(ids.intern(row.follower_id), ids.intern(row.followee_id), row.since);
      },
      reserve: (rows) => edges.reserve(rows),
      batch(batch, unsure) {
        const { follower_id: fromColumn, followee_id: toColumn, since: sinceColumn } = batch.columns;
        const first = edges.length;
        // Decoded straight into the edge columns: kept as they are unless a row is not.
        const { follower: from, followee: to, since } = edges.next(batch.length);
        fromColumn!.internUnorderedInto(batch.length, ids, from);
        toColumn!.internUnorderedInto(batch.length, ids, to);
        if (sinceColumn) sinceColumn.millisInto(batch.length, since);
        else since.fill(Number.NaN);
        /** Edges kept so far: a row's edge moves down over the rows before it that were not kept as decoded. */
        let kept = 0;
        for (let i = 0; i < batch.length; i++) {
          const follower = from[i]!;
          const followee = to[i]!;
          // Missing ids, a self-follow and a since that is there but unreadable are the validator's to word.
          if (
            follower === -1 ||
            followee === -1 ||
            follower === followee ||
            (Number.isNaN(since[i]!) && sinceColumn && sinceColumn.text(i) !== null)
          ) {
            edges.length = first + kept;
            unsure(i);
            kept = edges.length - first;
          } else {
            if (kept !== i) {
              from[kept] = follower;
              to[kept] = followee;
              since[kept] = since[i]!;
            }
            kept += 1;
          }
        }
        edges.length = first + kept;
      },
    },
    meter,
  );
  return { ids: localIds(ids, first), ...edges.columns(), ...read };
}

/**
 * array[0, kept): a view when it keeps most of the array (copying ~90 MB of edges at 10M would cost
 * more than the little memory it frees), a copy of its own when most was left out.
 */
function keptPart<T extends Int32Array | Float64Array>(array: T, kept: number): T {
  return (4 * kept >= 3 * array.length ? array.subarray(0, kept) : array.slice(0, kept)) as T;
}

/**
 * The follow edges between accounts `accounts` (the events' dictionary) has, as its codes, in file
 * order; an edge with an account the events never mention is counted as unknown and left out.
 * `codes` are its ids' eventCodes (given when its ids continue another table's).
 */
export function alignFollows(
  local: LocalFollows,
  accounts: Dictionary,
  codes = eventCodes(local.ids, accounts),
): FollowColumns {
  const { follower, followee, since } = local;
  let kept = 0;
  // In place: an edge moves only down, over the ones left out.
  for (let edge = 0; edge < follower.length; edge++) {
    const from = codes[follower[edge]!]!;
    const to = codes[followee[edge]!]!;
    if ((from | to) < 0) continue;
    follower[kept] = from;
    followee[kept] = to;
    since[kept] = since[edge]!;
    kept += 1;
  }
  return {
    follower: keptPart(follower, kept),
    followee: keptPart(followee, kept),
    since: keptPart(since, kept),
    files: local.files,
    rejects: local.rejects,
    unknown: follower.length - kept,
  };
}
