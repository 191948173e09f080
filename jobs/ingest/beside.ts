import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { SwarmscopeError } from '../runtime/errors.ts';
import { type Logger, type Progress, progress } from '../runtime/log.ts';
import { workerScript } from '../runtime/worker-script.ts';
import {
  alignAccounts,
  alignFollows,
  eventCodes,
  type LocalAccounts,
  type LocalFollows,
  readLocalAccounts,
  readLocalFollows,
} from './accounts.ts';
import type { BesideReply, BesideTable, BesideThreadData } from './beside-thread.ts';
import { listInputFiles } from './files.ts';
import { RejectLog } from './rejects.ts';
import type { AccountColumns, Dictionary, FollowColumns } from './types.ts';

const BESIDE_THREAD = new URL('./beside-thread.ts', import.meta.url);

/**
 * Tables smaller than this (both together) are read on the main thread after the events: a thread
 * costs more to start (its script bundled, its modules loaded) than it would save.
 */
const THREAD_BYTES = 8 << 20;

const ACCOUNTS_STAGE = 'ingest accounts';
const FOLLOWS_STAGE = 'ingest follows';

/** The accounts and follows tables, read beside the events and matched to their accounts once given. */
export interface TablesBeside {
  /** The accounts table aligned with the events' dictionary; null when no accounts were given. */
  accounts(accounts: Dictionary): Promise<AccountColumns | null>;
  /** The follows between accounts of the events' dictionary; null when no follows were given. */
  follows(accounts: Dictionary): Promise<FollowColumns | null>;
  /** Stops reading (the events could not be read): no result will be asked for. */
  cancel(): Promise<void>;
}

export interface BesideOptions {
  log?: Logger;
  /** Read on a worker thread; by default when the tables' files are THREAD_BYTES or more. */
  thread?: boolean;
}

interface LocalTables {
  accounts: LocalAccounts | null;
  follows: LocalFollows | null;
}

/** The failure a thread reported, as the error it was there (the CLI words it the same). */
function threadError(message: string, code: string | null): Error {
  return code ? new SwarmscopeError(code, message) : new Error(message);
}

/** Each table as a promise of its own: a failure in the follows leaves the accounts read. */
type LocalReads = { [T in BesideTable]: Promise<LocalTables[T]> };

/** Reads both tables on a worker thread; its rejects are added to logs of this thread as they come. */
function readOnThread(files: BesideThreadData, meters: Record<BesideTable, Progress | null>) {
  let worker: Worker | null = null;
  let stopped = false;
  const rejects: Record<BesideTable, RejectLog> = { accounts: new RejectLog(), follows: new RejectLog() };
  const settle = {} as Record<BesideTable, { resolve(read: unknown): void; reject(error: unknown): void }>;
  const promise = <T extends BesideTable>(table: T) =>
    new Promise<LocalTables[T]>((resolve, reject) => {
      settle[table] = { resolve: resolve as (read: unknown) => void, reject };
    });
  const reads: LocalReads = { accounts: promise('accounts'), follows: promise('follows') };
  /** Tables not read yet: a failure rejects them (and only then stops the thread and drops its rejects). */
  const pending = new Set<BesideTable>(['accounts', 'follows']);
  const done = (table: BesideTable, read: LocalTables[BesideTable]) => {
    pending.delete(table);
    settle[table].resolve(read);
  };
  const fail = (error: unknown) => {
    if (pending.size === 0) return;
    const failed = [...pending];
    pending.clear();
    for (const table of failed) settle[table].reject(error);
    void stop(failed);
  };
  /** Ends the thread; the rejects of the tables it did not finish go (the others' are the caller's). */
  const stop = async (unread = [...pending]) => {
    stopped = true;
    await (worker as Worker | null)?.terminate();
    await Promise.all(unread.map((table) => rejects[table].dispose()));
  };
  if (!files.accounts) done('accounts', null);
  if (!files.follows) done('follows', null);
  workerScript(BESIDE_THREAD)
    .then((script) => {
      if (stopped) throw new Error('the accounts and follows reading was cancelled');
      const thread = new Worker(script, { eval: true, workerData: files });
      worker = thread;
      thread.on('message', (reply: BesideReply) => {
        if (reply.kind === 'rows') meters[reply.table]?.tick(reply.count);
        else if (reply.kind === 'rejects') {
          const { source, row, reason, raw } = reply.batch;
          for (let i = 0; i < row.length; i++)
            rejects[reply.table].add(source[i]!, row[i]!, reason[i]!, raw[i]!);
        } else if (reply.kind === 'failed') fail(threadError(reply.message, reply.code));
        else done(reply.kind, { ...reply.read, rejects: rejects[reply.kind] } as LocalTables[BesideTable]);
      });
      thread.on('error', fail);
      // Read already when it ends after its last table; before it (out of memory), a failure.
      thread.on('exit', (code) =>
        fail(new Error(`the accounts and follows reading thread stopped (exit code ${code})`)),
      );
    })
    .catch(fail);
  for (const read of Object.values(reads)) read.catch(() => {});
  return { reads, stop };
}

/**
 * Starts reading the accounts and follows tables while the events are read (on a worker thread
 * when they are large), each by its own ids; `accounts()` and `follows()` then match them to the
 * events' dictionary, with the same rows, rejects and unknown counts as readAccounts and readFollows.
 */
export function readBeside(
  paths: { accounts?: string[] | undefined; follows?: string[] | undefined },
  options: BesideOptions = {},
): TablesBeside {
  const { log } = options;
  const meter = (table: BesideTable) =>
    log && paths[table]?.length
      ? progress(log, table === 'accounts' ? ACCOUNTS_STAGE : FOLLOWS_STAGE, 'rows')
      : null;
  const meters: Record<BesideTable, Progress | null> = { accounts: null, follows: null };
  let stop: ((unread?: BesideTable[]) => Promise<void>) | null = null;
  let cancelled = false;
  /** The events' codes of the accounts' ids, looked up once: the follows' ids continue them on a thread. */
  let accountCodes: { accounts: Dictionary; codes: Promise<Int32Array> } | null = null;
  const codesOfAccounts = (local: Promise<LocalAccounts | null>, accounts: Dictionary) => {
    if (accountCodes?.accounts !== accounts)
      accountCodes = { accounts, codes: local.then((read) => eventCodes(read!.ids, accounts)) };
    return accountCodes.codes;
  };
  const read = (async () => {
    const files: BesideThreadData = {
      accounts: paths.accounts?.length ? await listInputFiles(paths.accounts, { log }) : null,
      follows: paths.follows?.length ? await listInputFiles(paths.follows, { log }) : null,
    };
    const all = [...(files.accounts ?? []), ...(files.follows ?? [])];
    const sizes = await Promise.all(all.map(async (file) => (await stat(file)).size));
    const thread = options.thread ?? sizes.reduce((sum, size) => sum + size, 0) >= THREAD_BYTES;
    if (!thread || all.length === 0 || cancelled) return { files, reads: null };
    meters.accounts = meter('accounts');
    meters.follows = meter('follows');
    const reading = readOnThread(files, meters);
    stop = reading.stop;
    return { files, reads: reading.reads };
  })();
  // Surfaced when a table is asked for, after the events' own failure if they have one.
  read.catch(() => {});
  return {
    async accounts(accounts) {
      if (!paths.accounts?.length) return null;
      const { files, reads } = await read;
      if (!reads) {
        meters.accounts = meter('accounts');
        const local = await readLocalAccounts(files.accounts!, meters.accounts);
        return finished(alignAccounts(local, accounts), meters.accounts);
      }
      const codes = await codesOfAccounts(reads.accounts, accounts);
      return finished(alignAccounts((await reads.accounts)!, accounts, codes), meters.accounts);
    },
    async follows(accounts) {
      if (!paths.follows?.length) return null;
      const { files, reads } = await read;
      if (!reads) {
        meters.follows = meter('follows');
        const local = await readLocalFollows(files.follows!, meters.follows);
        return finished(alignFollows(local, accounts), meters.follows);
      }
      const local = (await reads.follows)!;
      const before = local.ids.first > 0 ? await codesOfAccounts(reads.accounts, accounts) : undefined;
      return finished(alignFollows(local, accounts, eventCodes(local.ids, accounts, before)), meters.follows);
    },
    async cancel() {
      cancelled = true;
      await stop?.();
    },
  };
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
  const meter = options.log ? progress(options.log, ACCOUNTS_STAGE, 'rows') : null;
  const local = await readLocalAccounts(await listInputFiles(paths, options), meter);
  return finished(alignAccounts(local, accounts), meter);
}

/** The read's last progress line, with what was left out. */
function finished<T extends { rejects: RejectLog; unknown: number }>(read: T, meter: Progress | null): T {
  meter?.done({ rejected: read.rejects.total, unknown: read.unknown });
  return read;
}

/** Reads the follow graph before the window, keeping edges between accounts the events mention. */
export async function readFollows(
  paths: string[],
  accounts: Dictionary,
  options: { log?: Logger } = {},
): Promise<FollowColumns> {
  const meter = options.log ? progress(options.log, FOLLOWS_STAGE, 'rows') : null;
  const local = await readLocalFollows(await listInputFiles(paths, options), meter);
  return finished(alignFollows(local, accounts), meter);
}
