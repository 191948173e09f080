import {
  ACCOUNT_COLUMNS,
  FOLLOW_COLUMNS,
  type TableSpec,
  type Validated,
  validateAccountRow,
  validateFollowRow,
} from '../../shared/contract/index.ts';
import { type Logger, progress } from '../runtime/log.ts';
import { batchRecord, type ColumnBatch } from './columns.ts';
import { fileDigest, listInputFiles } from './files.ts';
import { RejectLog } from './rejects.ts';
import { scanInput } from './scan.ts';
import type { RecordSink } from './text.ts';
import type { AccountColumns, Dictionary, FollowColumns, InputFileSummary } from './types.ts';

interface TableRead {
  files: InputFileSummary[];
  rejects: RejectLog;
  /** Valid rows about accounts the events do not mention: left out. */
  unknown: number;
}

interface TableRows<T> {
  validate(raw: Record<string, unknown>): Validated<T>;
  /** Keeps a valid row; false when it names an account outside the events' dictionary. */
  keep(row: T): boolean;
  /**
   * Decides the rows of a columnar batch from its typed columns, in row order: a row that plainly
   * passes the contract's checks is kept, or counted as unknown as `keep` would say; every other
   * row is handed to `unsure`, in its place, which runs `validate` on it (deciding it and wording
   * the reason), so both paths give the same result. Returns how many rows it counted as unknown.
   */
  batch(batch: ColumnBatch, unsure: (i: number) => void): number;
  /** Told a file's row count before its rows, when its container says it. */
  reserve?(rows: number): void;
}

/** Typed scratch columns for one batch, grown to the largest batch seen. */
class Scratch {
  codes = new Int32Array(0);
  otherCodes = new Int32Array(0);
  numbers = new Float64Array(0);
  otherNumbers = new Float64Array(0);

  fit(length: number): this {
    if (this.codes.length < length) {
      this.codes = new Int32Array(length);
      this.otherCodes = new Int32Array(length);
      this.numbers = new Float64Array(length);
      this.otherNumbers = new Float64Array(length);
    }
    return this;
  }
}

/** Reads a table whose rows are about the events' accounts: valid ones go to `rows.keep`. */
async function readTable<T>(
  paths: string[],
  spec: TableSpec,
  stage: string,
  rows: TableRows<T>,
  log: Logger | undefined,
): Promise<TableRead> {
  const read: TableRead = { files: [], rejects: new RejectLog(), unknown: 0 };
  const meter = log ? progress(log, stage, 'rows') : null;
  for (const file of await listInputFiles(paths, { log })) {
    const digest = fileDigest(file);
    digest.catch(() => {});
    let count = 0;
    const sink: RecordSink = {
      record(raw, row) {
        count += 1;
        meter?.tick();
        const result = rows.validate(raw);
        if (!result.ok) read.rejects.add(file, row, result.reason, JSON.stringify(raw) ?? null);
        else if (!rows.keep(result.value)) read.unknown += 1;
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
        // Not `read.unknown += rows.batch(…)`: the unsure rows add to read.unknown meanwhile.
        const unknown = rows.batch(batch, (i) => {
          unsure += 1;
          sink.record(batchRecord(batch, i), batch.firstRow + i);
        });
        read.unknown += unknown;
        count += batch.length - unsure;
        meter?.tick(batch.length - unsure);
      },
    });
    read.files.push({ path: file, rows: count, ...(await digest) });
  }
  meter?.done({ rejected: read.rejects.total, unknown: read.unknown });
  return read;
}

/**
 * Reads the accounts table into arrays aligned with `accounts` (the events' dictionary): NaN where an
 * account has no row. Rows for accounts the events never mention are skipped; a later row for the
 * same account overrides an earlier one.
 */
export async function readAccounts(
  paths: string[],
  accounts: Dictionary,
  options: { log?: Logger } = {},
): Promise<AccountColumns> {
  const createdAt = new Float64Array(accounts.size).fill(Number.NaN);
  const followers = new Float64Array(accounts.size).fill(Number.NaN);
  const scratch = new Scratch();
  const read = await readTable(
    paths,
    ACCOUNT_COLUMNS,
    'ingest accounts',
    {
      validate: validateAccountRow,
      keep(row) {
        const code = accounts.lookup(row.account_id);
        if (code < 0) return false;
        createdAt[code] = row.created_at;
        followers[code] = row.followers;
        return true;
      },
      batch(batch, unsure) {
        const { account_id: id, created_at: created, followers: count } = batch.columns;
        const { codes, numbers: at, otherNumbers: counts } = scratch.fit(batch.length);
        id!.lookupInto(batch.length, accounts, codes);
        if (created) created.millisInto(batch.length, at);
        else at.fill(Number.NaN);
        // Followers as a typed whole number (or missing); text and anything odd go through the validator.
        if (count) count.countsInto(batch.length, counts);
        else counts.fill(Number.NaN);
        let unknown = 0;
        for (let i = 0; i < batch.length; i++) {
          const code = codes[i]!;
          if (code === -1 || Number.isNaN(at[i]!) || counts[i] === -1) unsure(i);
          else if (code === -2) unknown += 1;
          else {
            createdAt[code] = at[i]!;
            followers[code] = counts[i]!;
          }
        }
        return unknown;
      },
    },
    options.log,
  );
  return { createdAt, followers, ...read };
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
}

/** Reads the follow graph before the window, keeping edges between accounts the events mention. */
export async function readFollows(
  paths: string[],
  accounts: Dictionary,
  options: { log?: Logger } = {},
): Promise<FollowColumns> {
  const edges = new EdgeColumns();
  const scratch = new Scratch();
  const read = await readTable(
    paths,
    FOLLOW_COLUMNS,
    'ingest follows',
    {
      validate: validateFollowRow,
      keep(row) {
        const from = accounts.lookup(row.follower_id);
        const to = accounts.lookup(row.followee_id);
        if (from < 0 || to < 0) return false;
        edges.push(from, to, row.since);
        return true;
      },
      reserve: (rows) => edges.reserve(rows),
      batch(batch, unsure) {
        const { follower_id: fromColumn, followee_id: toColumn, since: sinceColumn } = batch.columns;
        const { codes: from, otherCodes: to, numbers: since } = scratch.fit(batch.length);
        fromColumn!.lookupInto(batch.length, accounts, from);
        toColumn!.lookupInto(batch.length, accounts, to);
        if (sinceColumn) sinceColumn.millisInto(batch.length, since);
        else since.fill(Number.NaN);
        let unknown = 0;
        for (let i = 0; i < batch.length; i++) {
          const follower = from[i]!;
          const followee = to[i]!;
          // Missing ids, two unknown ids (which may be the same account) and a since that is there
          // but unreadable are the validator's to word.
          if (
            follower === -1 ||
            followee === -1 ||
            follower === followee ||
            (Number.isNaN(since[i]!) && sinceColumn && sinceColumn.text(i) !== null)
          )
            unsure(i);
          else if (follower === -2 || followee === -2) unknown += 1;
          else edges.push(follower, followee, since[i]!);
        }
        return unknown;
      },
    },
    options.log,
  );
  return {
    follower: edges.follower.slice(0, edges.length),
    followee: edges.followee.slice(0, edges.length),
    since: edges.since.slice(0, edges.length),
    ...read,
  };
}
