import { EVENT_TYPES } from '../../shared/contract/index.ts';
import type { ColumnValues } from '../formats/index.ts';
import type { IdScheme } from './ids.ts';

/** Rows a batch holds before it is written: large enough to be fast, small enough to keep memory flat. */
export const BATCH_ROWS = 65_536;

/** `video` code of an event without content (a follow, an account report). */
export const NO_CONTENT = -1;

/**
 * A batch of events as typed columns of account and video numbers: what the generating thread
 * fills, and transfers (not copies) to the thread that names and encodes them.
 */
export interface EventBatch {
  /** Number of the batch's first event in the world (event ids are numbered in output order). */
  first: number;
  length: number;
  ts: Float64Array;
  type: Uint8Array;
  actor: Int32Array;
  target: Int32Array;
  /** The target's video number; NO_CONTENT; or `-2 - k` for `contents[k]` (LIVE rooms, new posts of planted scenarios). */
  video: Int32Array;
  contents: string[];
  text: Array<string | null>;
}

export function createEventBatch(first: number): EventBatch {
  return {
    first,
    length: 0,
    ts: new Float64Array(BATCH_ROWS),
    type: new Uint8Array(BATCH_ROWS),
    actor: new Int32Array(BATCH_ROWS),
    target: new Int32Array(BATCH_ROWS),
    video: new Int32Array(BATCH_ROWS),
    contents: [],
    text: [],
  };
}

/** Buffers of the batch that can be moved to another thread without a copy. */
export function transferables(batch: EventBatch): ArrayBuffer[] {
  return [batch.ts, batch.type, batch.actor, batch.target, batch.video].map((a) => a.buffer as ArrayBuffer);
}

/** The batch as the contract's event columns, with platform-looking ids. */
export function eventColumns(
  batch: EventBatch,
  ids: IdScheme,
  accountIds: readonly string[],
): Record<string, ColumnValues> {
  const n = batch.length;
  const eventId = new Array<string>(n);
  const type = new Array<string>(n);
  const actor = new Array<string>(n);
  const target = new Array<string>(n);
  const content = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const targetIndex = batch.target[i] as number;
    const video = batch.video[i] as number;
    eventId[i] = ids.event(batch.first + i);
    type[i] = EVENT_TYPES[batch.type[i] as number] as string;
    actor[i] = accountIds[batch.actor[i] as number] as string;
    target[i] = accountIds[targetIndex] as string;
    content[i] =
      video >= 0
        ? ids.video(targetIndex, video)
        : video === NO_CONTENT
          ? null
          : (batch.contents[-2 - video] as string);
  }
  return {
    event_id: eventId,
    ts: batch.ts.subarray(0, n),
    type,
    actor_id: actor,
    target_id: target,
    content_id: content,
    text: batch.text.length === n ? batch.text : batch.text.slice(0, n),
  };
}
