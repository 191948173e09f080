import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ACCOUNT_COLUMNS, FOLLOW_COLUMNS, type TableSpec } from '../../shared/contract/index.ts';
import { type ColumnValues, FORMAT_EXTENSION, type OutputFormat, openTableWriter } from '../formats/index.ts';
import { outputError } from '../runtime/errors.ts';
import { workerScript } from '../runtime/worker-script.ts';
import { BATCH_ROWS, createEventBatch, NO_CONTENT, transferables } from './event-batch.ts';
import type { WriterMessage, WriterReply, WriterThreadData } from './event-writer-thread.ts';
import type { FollowGraph } from './follows.ts';
import { type Population, REGIONS } from './population.ts';
import type { Rng } from './rng.ts';
import type { WorldLayout } from './types.ts';

export function dayString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Where each table of a world goes, by layout. */
export function worldPaths(out: string, format: OutputFormat, layout: WorldLayout) {
  const ext = FORMAT_EXTENSION[format];
  return {
    accounts: join(out, `accounts${ext}`),
    follows: join(out, `follows${ext}`),
    /** The events file holding `ts`: one file, or one partition a UTC day. */
    events: (ts: number) =>
      layout === 'single'
        ? join(out, `events${ext}`)
        : join(out, 'events', `date=${dayString(ts)}`, `part-0000${ext}`),
  };
}

/**
 * The files a generated world offers `detect` and `nightly`: `events` is the events file of the
 * single layout, or the root of the date partitions (`--events-root`) of the partitioned one.
 */
export function worldFiles(out: string, format: OutputFormat = 'arrow', layout: WorldLayout = 'single') {
  const paths = worldPaths(out, format, layout);
  return {
    events: layout === 'single' ? paths.events(0) : join(out, 'events'),
    accounts: paths.accounts,
    follows: paths.follows,
  };
}

const WRITER_THREAD = new URL('./event-writer-thread.ts', import.meta.url);
/** Batches handed to the writer thread and not yet written: bounds memory when writing is the slower side. */
const MAX_IN_FLIGHT = 2;

/**
 * Streams events in time order into the layout's files, BATCH_ROWS at a time. The calling thread
 * fills typed batches (`append` only buffers: no promise or string per event); a worker thread
 * names and encodes them, so generating and encoding run side by side.
 */
export class EventStreamWriter {
  private readonly worker: Worker;
  private batch = createEventBatch(0);
  private path = '';
  private inFlight = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  written = 0;

  static async start(
    format: OutputFormat,
    seed: number,
    accountIds: readonly string[],
  ): Promise<EventStreamWriter> {
    return new EventStreamWriter(await workerScript(WRITER_THREAD), format, seed, accountIds);
  }

  /** The writer thread runs `script`, the writer thread's module bundled (workerScript). */
  private constructor(script: string, format: OutputFormat, seed: number, accountIds: readonly string[]) {
    this.worker = new Worker(script, {
      eval: true,
      workerData: { seed, format, accountIds } satisfies WriterThreadData,
    });
    this.worker.on('message', (reply: WriterReply) => {
      if (reply.kind === 'failed') this.failure = outputError(reply.path, reply.message);
      else this.inFlight--;
      this.wake?.();
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      this.wake?.();
    });
    // A thread that dies without a word (out of memory) must not leave the generator waiting.
    this.worker.on('exit', (code) => {
      if (this.inFlight > 0 && !this.failure)
        this.failure = outputError(this.path, `the event writer thread stopped (exit code ${code})`);
      this.wake?.();
    });
  }

  private async settle(limit: number): Promise<void> {
    while (this.inFlight > limit && !this.failure)
      await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
  }

  /** Directs the next events to `path` (a new partition), closing the previous file. */
  async use(path: string): Promise<void> {
    if (path === this.path) return;
    await this.flush();
    this.path = path;
    this.worker.postMessage({ kind: 'use', path } satisfies WriterMessage);
  }

  /** The `video` code of a planted event's content. */
  content(content: string | null): number {
    if (content === null) return NO_CONTENT;
    this.batch.contents.push(content);
    return -1 - this.batch.contents.length;
  }

  /** Buffers one event; true when the batch is full and must be flushed. */
  append(
    ts: number,
    type: number,
    actor: number,
    target: number,
    video: number,
    text: string | null,
  ): boolean {
    const batch = this.batch;
    const i = batch.length++;
    batch.ts[i] = ts;
    batch.type[i] = type;
    batch.actor[i] = actor;
    batch.target[i] = target;
    batch.video[i] = video;
    batch.text.push(text);
    this.written++;
    return batch.length === BATCH_ROWS;
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    await this.settle(MAX_IN_FLIGHT - 1);
    const batch = this.batch;
    this.worker.postMessage({ kind: 'write', batch } satisfies WriterMessage, transferables(batch));
    this.inFlight++;
    this.batch = createEventBatch(this.written);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
      this.worker.postMessage({ kind: 'close' } satisfies WriterMessage);
      this.inFlight++;
      await this.settle(0);
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the writer thread after a failure elsewhere. */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Writes a table of `rows` rows from a function that fills one batch's columns at a time. */
async function writeBatched(
  path: string,
  format: OutputFormat,
  spec: TableSpec,
  rows: number,
  batch: (from: number, to: number) => Record<string, ColumnValues>,
): Promise<void> {
  const writer = await openTableWriter(path, format, spec);
  for (let from = 0; from < rows; from += BATCH_ROWS)
    await writer.write(batch(from, Math.min(rows, from + BATCH_ROWS)));
  await writer.close();
}

export function writeAccounts(
  path: string,
  format: OutputFormat,
  population: Population,
  accountIds: readonly string[],
): Promise<void> {
  return writeBatched(path, format, ACCOUNT_COLUMNS, population.length, (from, to) => ({
    account_id: accountIds.slice(from, to),
    created_at: population.createdAt.subarray(from, to),
    // int64 as bigint: every container writes it natively (Parquet's writer insists on it).
    followers: BigInt64Array.from(population.followers.subarray(from, to), (n) => BigInt(n)),
    country: Array.from(
      { length: to - from },
      (_, i) => REGIONS[population.region[from + i] as number]!.country,
    ),
    lang: Array.from({ length: to - from }, (_, i) => population.lang(from + i)),
  }));
}

/**
 * Writes the follow graph; `since` is drawn here (any time after both accounts existed and before
 * the window), so the graph itself holds no timestamps.
 */
export function writeFollows(
  path: string,
  format: OutputFormat,
  rng: Rng,
  graph: FollowGraph,
  population: Population,
  accountIds: readonly string[],
  windowStart: number,
): Promise<void> {
  const followerOf = new Int32Array(graph.followees.length);
  for (let a = 0; a < population.length; a++)
    followerOf.fill(a, graph.offsets[a] as number, graph.offsets[a + 1] as number);
  return writeBatched(path, format, FOLLOW_COLUMNS, graph.followees.length, (from, to) => {
    const since = new Float64Array(to - from);
    for (let e = from; e < to; e++) {
      const follower = followerOf[e] as number;
      const followee = graph.followees[e] as number;
      const earliest = Math.max(
        population.createdAt[follower] as number,
        population.createdAt[followee] as number,
      );
      since[e - from] = Math.round(earliest + rng.float() * (windowStart - earliest));
    }
    return {
      follower_id: Array.from(followerOf.subarray(from, to), (a) => accountIds[a] as string),
      followee_id: Array.from(graph.followees.subarray(from, to), (a) => accountIds[a] as string),
      since,
    };
  });
}
