import { EVENT_TYPES } from '../../shared/contract/index.ts';
import type { KeyedStrings } from '../formats/arrow-writer.ts';
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

/** Pre-window videos of a creator are numbered below this (the generator posts at most 999). */
const VIDEOS_PER_CREATOR = 1024;

/**
 * Keys of content ids for the Arrow dictionary (see KeyedStrings), stable across a file's batches: a
 * creator's pre-window video by creator and number (however it reached the batch: planted events name
 * theirs as strings), any other content (LIVE rooms, new posts) by first sight.
 */
export class ContentKeys {
  private readonly others = new Map<string, number>();

  constructor(private readonly ids: IdScheme) {}

  ofVideo(creator: number, video: number, id: string): number {
    return video < VIDEOS_PER_CREATOR ? creator * VIDEOS_PER_CREATOR + video : this.ofOther(id);
  }

  of(content: string): number {
    const video = this.ids.parseVideo(content);
    return video ? this.ofVideo(video.creator, video.video, content) : this.ofOther(content);
  }

  /** Negative, so never one of a video's keys. */
  private ofOther(content: string): number {
    let key = this.others.get(content);
    if (key === undefined) {
      key = -1 - this.others.size;
      this.others.set(content, key);
    }
    return key;
  }
}

function keyed(strings: Array<string | null>, keys: ArrayLike<number>): KeyedStrings {
  return Object.assign(strings, { dictionaryKeys: keys });
}

/**
 * The batch as the contract's event columns, with platform-looking ids. Account and content columns
 * carry their numbers as keys, so the Arrow dictionary need not look ids up by string.
 */
export function eventColumns(
  batch: EventBatch,
  ids: IdScheme,
  accountIds: readonly string[],
  contentKeys: ContentKeys,
): Record<string, ColumnValues> {
  const n = batch.length;
  const eventId = new Array<string>(n);
  const type = new Array<string>(n);
  const actor = new Array<string>(n);
  const target = new Array<string>(n);
  const content = new Array<string | null>(n);
  const contentKey = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const targetIndex = batch.target[i] as number;
    const video = batch.video[i] as number;
    eventId[i] = ids.event(batch.first + i);
    type[i] = EVENT_TYPES[batch.type[i] as number] as string;
    actor[i] = accountIds[batch.actor[i] as number] as string;
    target[i] = accountIds[targetIndex] as string;
    if (video >= 0) {
      const id = ids.video(targetIndex, video);
      content[i] = id;
      contentKey[i] = contentKeys.ofVideo(targetIndex, video, id);
    } else if (video === NO_CONTENT) {
      content[i] = null;
    } else {
      const id = batch.contents[-2 - video] as string;
      content[i] = id;
      contentKey[i] = contentKeys.of(id);
    }
  }
  return {
    event_id: eventId,
    ts: batch.ts.subarray(0, n),
    type: keyed(type, batch.type.subarray(0, n)),
    actor_id: keyed(actor, batch.actor.subarray(0, n)),
    target_id: keyed(target, batch.target.subarray(0, n)),
    content_id: keyed(content, contentKey),
    text: batch.text.length === n ? batch.text : batch.text.slice(0, n),
  };
}
