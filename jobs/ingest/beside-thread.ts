/**
 * The worker thread that reads the accounts and follows tables while the main thread reads the
 * events: by ids of their own (readLocalAccounts, readLocalFollows), matched to the events' accounts
 * on the main thread once they are read. Both tables share one dictionary: the follows' ids are
 * mostly accounts', so each id is sent and looked up among the events' once. Run as one bundled
 * script (workerScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SwarmscopeError } from '../runtime/errors.ts';
import { type LocalAccounts, type LocalFollows, readLocalAccounts, readLocalFollows } from './accounts.ts';
import { createDictionary } from './dictionary.ts';
import type { RejectBatch, RejectLog } from './rejects.ts';

export type BesideTable = 'accounts' | 'follows';

/** The files of each table to read (listed on the main thread), null for a table not given. */
export type BesideThreadData = Record<BesideTable, string[] | null>;

/** A table as read, but for its rejects (sent before it, batch by batch). */
export type Sent<T> = Omit<T, 'rejects'>;

export type BesideReply =
  | { kind: 'rows'; table: BesideTable; count: number }
  | { kind: 'rejects'; table: BesideTable; batch: RejectBatch }
  | { kind: 'accounts'; read: Sent<LocalAccounts> }
  | { kind: 'follows'; read: Sent<LocalFollows> }
  | { kind: 'failed'; message: string; code: string | null };

/** Rows read between two progress messages: a message a batch at most, not one a row. */
const ROWS_A_MESSAGE = 65_536;

const port = parentPort!;
const files = workerData as BesideThreadData;

/** Counts rows for the main thread's progress meter, a message every ROWS_A_MESSAGE rows. */
function rowCounter(table: BesideTable) {
  let pending = 0;
  const flush = () => {
    if (pending > 0) port.postMessage({ kind: 'rows', table, count: pending } satisfies BesideReply);
    pending = 0;
  };
  return {
    tick(count = 1) {
      pending += count;
      if (pending >= ROWS_A_MESSAGE) flush();
    },
    flush,
  };
}

async function sendRejects(table: BesideTable, rejects: RejectLog): Promise<void> {
  for await (const batch of rejects.batches())
    port.postMessage({ kind: 'rejects', table, batch } satisfies BesideReply);
  await rejects.dispose();
}

/** The typed arrays' buffers, handed over rather than copied. */
function buffers(...arrays: ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

async function main(): Promise<void> {
  /** The ids of both tables: the follows' continue the accounts'. */
  const dictionary = createDictionary();
  if (files.accounts) {
    const counter = rowCounter('accounts');
    const { rejects, ...read } = await readLocalAccounts(files.accounts, counter, dictionary);
    counter.flush();
    await sendRejects('accounts', rejects);
    const { ids, createdAt, followers, rows } = read;
    port.postMessage(
      { kind: 'accounts', read } satisfies BesideReply,
      buffers(ids.bytes, ids.starts, createdAt, followers, rows),
    );
  }
  if (files.follows) {
    const counter = rowCounter('follows');
    const { rejects, ...read } = await readLocalFollows(files.follows, counter, dictionary);
    counter.flush();
    await sendRejects('follows', rejects);
    const { ids, follower, followee, since } = read;
    port.postMessage(
      { kind: 'follows', read } satisfies BesideReply,
      buffers(ids.bytes, ids.starts, follower, followee, since),
    );
  }
}

main().catch((error: unknown) => {
  port.postMessage({
    kind: 'failed',
    message: error instanceof Error ? error.message : String(error),
    code: error instanceof SwarmscopeError ? error.code : null,
  } satisfies BesideReply);
});
