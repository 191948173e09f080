import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  ACCOUNT_COLUMNS,
  EVENT_COLUMNS,
  EVENT_TYPES,
  FOLLOW_COLUMNS,
  type TableSpec,
} from '../../shared/contract/index.ts';
import {
  type ColumnValues,
  FORMAT_EXTENSION,
  type OutputFormat,
  openTableWriter,
  type TableWriter,
} from '../formats/index.ts';
import type { FollowGraph } from './follows.ts';
import { type Population, REGIONS } from './population.ts';
import type { Rng } from './rng.ts';
import type { WorldLayout } from './types.ts';

/** Rows a batch holds before it is written: large enough to be fast, small enough to keep memory flat. */
export const BATCH_ROWS = 65_536;

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
 * Streams events in time order into the layout's files, BATCH_ROWS at a time. `append` only
 * buffers (no promise per event on the hot path); the caller flushes when it reports a full batch.
 */
export class EventStreamWriter {
  private writer: TableWriter | null = null;
  private path = '';
  private fill = 0;
  private readonly eventId: string[] = [];
  private readonly ts = new Float64Array(BATCH_ROWS);
  private readonly type: string[] = [];
  private readonly actor: string[] = [];
  private readonly target: string[] = [];
  private readonly content: Array<string | null> = [];
  private readonly text: Array<string | null> = [];
  written = 0;

  constructor(private readonly format: OutputFormat) {}

  /** Directs the next events to `path` (a new partition), closing the previous file. */
  async use(path: string): Promise<void> {
    if (path === this.path) return;
    await this.flush();
    await this.writer?.close();
    await mkdir(dirname(path), { recursive: true });
    this.writer = await openTableWriter(path, this.format, EVENT_COLUMNS);
    this.path = path;
  }

  /** Buffers one event; true when the batch is full and must be flushed. */
  append(
    eventId: string,
    ts: number,
    type: number,
    actor: string,
    target: string,
    content: string | null,
    text: string | null,
  ): boolean {
    const i = this.fill++;
    this.eventId[i] = eventId;
    this.ts[i] = ts;
    this.type[i] = EVENT_TYPES[type] as string;
    this.actor[i] = actor;
    this.target[i] = target;
    this.content[i] = content;
    this.text[i] = text;
    this.written++;
    return this.fill === BATCH_ROWS;
  }

  async flush(): Promise<void> {
    if (this.fill === 0 || !this.writer) return;
    const n = this.fill;
    this.eventId.length = this.type.length = this.actor.length = this.target.length = n;
    this.content.length = this.text.length = n;
    await this.writer.write({
      event_id: this.eventId,
      ts: this.ts.subarray(0, n),
      type: this.type,
      actor_id: this.actor,
      target_id: this.target,
      content_id: this.content,
      text: this.text,
    });
    this.fill = 0;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer?.close();
    this.writer = null;
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
