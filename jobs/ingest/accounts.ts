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
import { scanInput } from './scan.ts';
import type { RecordSink } from './text.ts';
import type { AccountColumns, Dictionary, FollowColumns, InputFileSummary, RejectRecord } from './types.ts';

interface TableRead {
  files: InputFileSummary[];
  rejects: RejectRecord[];
  /** Valid rows about accounts the events do not mention: left out. */
  unknown: number;
}

/** What a table's fast path made of a batch row. */
const KEPT = 0;
const UNKNOWN = 1;
const UNSURE = 2;

interface TableRows<T> {
  validate(raw: Record<string, unknown>): Validated<T>;
  /** Keeps a valid row; false when it names an account outside the events' dictionary. */
  keep(row: T): boolean;
  /**
   * Row i of a columnar batch decided from its typed columns when it plainly passes the contract's
   * checks (KEPT, or UNKNOWN as `keep` would say), else UNSURE: the row then goes through
   * `validate`, which decides it and words the reason, so both paths give the same result.
   */
  fast(batch: ColumnBatch, i: number): number;
}

/** Reads a table whose rows are about the events' accounts: valid ones go to `rows.keep`. */
async function readTable<T>(
  paths: string[],
  spec: TableSpec,
  stage: string,
  rows: TableRows<T>,
  log: Logger | undefined,
): Promise<TableRead> {
  const read: TableRead = { files: [], rejects: [], unknown: 0 };
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
        if (!result.ok)
          read.rejects.push({ source: file, row, reason: result.reason, raw: JSON.stringify(raw) ?? null });
        else if (!rows.keep(result.value)) read.unknown += 1;
      },
      malformed(reason, raw, row) {
        count += 1;
        read.rejects.push({ source: file, row, reason, raw: JSON.stringify(raw) ?? null });
      },
    };
    await scanInput(file, spec, {
      sink,
      batch(batch) {
        let decided = 0;
        for (let i = 0; i < batch.length; i++) {
          const outcome = rows.fast(batch, i);
          if (outcome === UNSURE) sink.record(batchRecord(batch, i), batch.firstRow + i);
          else {
            if (outcome === UNKNOWN) read.unknown += 1;
            decided += 1;
          }
        }
        count += decided;
        meter?.tick(decided);
      },
    });
    read.files.push({ path: file, rows: count, ...(await digest) });
  }
  meter?.done({ rejected: read.rejects.length, unknown: read.unknown });
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
  const createdAt = new Float64Array(accounts.ids.length).fill(Number.NaN);
  const followers = new Float64Array(accounts.ids.length).fill(Number.NaN);
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
      fast(batch, i) {
        const { account_id: id, created_at: created, followers: count } = batch.columns;
        const code = id!.lookup(i, accounts);
        const at = created?.millis(i) ?? Number.NaN;
        // Followers as a typed number (or missing); text and anything odd go through the validator.
        const value = count ? count.value(i) : null;
        if (code === -1 || Number.isNaN(at)) return UNSURE;
        if (value !== null && !(typeof value === 'number' && Number.isInteger(value) && value >= 0))
          return UNSURE;
        if (code === -2) return UNKNOWN;
        createdAt[code] = at;
        followers[code] = value ?? Number.NaN;
        return KEPT;
      },
    },
    options.log,
  );
  return { createdAt, followers, ...read };
}

/** Reads the follow graph before the window, keeping edges between accounts the events mention. */
export async function readFollows(
  paths: string[],
  accounts: Dictionary,
  options: { log?: Logger } = {},
): Promise<FollowColumns> {
  const follower: number[] = [];
  const followee: number[] = [];
  const since: number[] = [];
  const keepEdge = (from: number, to: number, at: number): void => {
    follower.push(from);
    followee.push(to);
    since.push(at);
  };
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
        keepEdge(from, to, row.since);
        return true;
      },
      fast(batch, i) {
        const { follower_id: fromColumn, followee_id: toColumn, since: sinceColumn } = batch.columns;
        const from = fromColumn!.lookup(i, accounts);
        const to = toColumn!.lookup(i, accounts);
        // Missing ids, and two unknown ids (which may be the same account), are the validator's to word.
        if (from === -1 || to === -1 || from === to) return UNSURE;
        const at = sinceColumn ? sinceColumn.millis(i) : Number.NaN;
        if (Number.isNaN(at) && sinceColumn && sinceColumn.text(i) !== null) return UNSURE;
        if (from === -2 || to === -2) return UNKNOWN;
        keepEdge(from, to, at);
        return KEPT;
      },
    },
    options.log,
  );
  return {
    follower: Int32Array.from(follower),
    followee: Int32Array.from(followee),
    since: Float64Array.from(since),
    ...read,
  };
}
