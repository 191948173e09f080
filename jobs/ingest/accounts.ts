import {
  ACCOUNT_COLUMNS,
  FOLLOW_COLUMNS,
  type TableSpec,
  type Validated,
  validateAccountRow,
  validateFollowRow,
} from '../../shared/contract/index.ts';
import { type Logger, progress } from '../runtime/log.ts';
import { fileDigest, listInputFiles } from './files.ts';
import { asRecords, scanInput } from './scan.ts';
import type { AccountColumns, Dictionary, FollowColumns, InputFileSummary, RejectRecord } from './types.ts';

interface TableRead {
  files: InputFileSummary[];
  rejects: RejectRecord[];
  /** Valid rows about accounts the events do not mention: left out. */
  unknown: number;
}

/**
 * Reads a small table row by row: each valid row goes to `keep`, which returns false when it names
 * an account outside the events' dictionary (the row is then counted as unknown).
 */
async function readTable<T>(
  paths: string[],
  spec: TableSpec,
  stage: string,
  validate: (raw: Record<string, unknown>) => Validated<T>,
  keep: (row: T) => boolean,
  log: Logger | undefined,
): Promise<TableRead> {
  const read: TableRead = { files: [], rejects: [], unknown: 0 };
  const meter = log ? progress(log, stage, 'rows') : null;
  for (const file of await listInputFiles(paths, { log })) {
    const digest = fileDigest(file);
    digest.catch(() => {});
    let rows = 0;
    const reject = (row: number, reason: string, raw: unknown) =>
      read.rejects.push({ source: file, row, reason, raw: JSON.stringify(raw) ?? null });
    await scanInput(
      file,
      spec,
      asRecords({
        record(raw, row) {
          rows += 1;
          meter?.tick();
          const result = validate(raw);
          if (!result.ok) reject(row, result.reason, raw);
          else if (!keep(result.value)) read.unknown += 1;
        },
        malformed(reason, raw, row) {
          rows += 1;
          reject(row, reason, raw);
        },
      }),
    );
    read.files.push({ path: file, rows, ...(await digest) });
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
    validateAccountRow,
    (row) => {
      const code = accounts.lookup(row.account_id);
      if (code < 0) return false;
      createdAt[code] = row.created_at;
      followers[code] = row.followers;
      return true;
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
  const read = await readTable(
    paths,
    FOLLOW_COLUMNS,
    'ingest follows',
    validateFollowRow,
    (row) => {
      const from = accounts.lookup(row.follower_id);
      const to = accounts.lookup(row.followee_id);
      if (from < 0 || to < 0) return false;
      follower.push(from);
      followee.push(to);
      since.push(row.since);
      return true;
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
