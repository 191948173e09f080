import type { EventColumns } from '../ingest/types.ts';
import type { ShardTask } from './types.ts';

/** Fixed, so that the shards (and so the output) do not depend on the number of threads. */
export const SHARD_COUNT = 16;

export function shardOf(target: number): number {
  return target % SHARD_COUNT;
}

/**
 * Splits the events `keep` selects into SHARD_COUNT shards by target account, each holding its own
 * copies of the columns (to be transferred to a worker). Rows stay in input order within a shard.
 * Yields each shard as soon as it is copied, so that a worker can start on it while the next is.
 */
export function* partitionByTarget(
  columns: EventColumns,
  keep: Uint8Array,
  base: Omit<ShardTask, 'shard' | 'ts' | 'actor' | 'target' | 'content'>,
): Generator<ShardTask> {
  const { ts, actor, target, content } = columns;
  // The kept rows grouped by shard (a counting sort), then each shard's columns gathered in one loop.
  const starts = new Int32Array(SHARD_COUNT + 1);
  for (let i = 0; i < columns.length; i++) if (keep[i]) starts[shardOf(target[i]!) + 1]!++;
  for (let s = 0; s < SHARD_COUNT; s++) starts[s + 1]! += starts[s]!;
  const rows = new Int32Array(starts[SHARD_COUNT]!);
  const fill = starts.slice(0, SHARD_COUNT);
  for (let i = 0; i < columns.length; i++) if (keep[i]) rows[fill[shardOf(target[i]!)]!++] = i;
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    const from = starts[shard]!;
    const size = starts[shard + 1]! - from;
    const task: ShardTask = {
      ...base,
      shard,
      ts: new Float64Array(size),
      actor: new Int32Array(size),
      target: new Int32Array(size),
      content: new Int32Array(size),
    };
    for (let k = 0; k < size; k++) {
      const i = rows[from + k]!;
      task.ts[k] = ts[i]!;
      task.actor[k] = actor[i]!;
      task.target[k] = target[i]!;
      task.content[k] = content[i]!;
    }
    yield task;
  }
}

export function transferList(task: ShardTask): ArrayBuffer[] {
  return [task.ts.buffer, task.actor.buffer, task.target.buffer, task.content.buffer] as ArrayBuffer[];
}
