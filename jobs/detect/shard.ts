import type { EventColumns } from '../ingest/types.ts';
import type { ShardTask } from './types.ts';

/** Fixed, so that the shards (and so the output) do not depend on the number of threads. */
export const SHARD_COUNT = 16;

export function shardOf(target: number): number {
  return target % SHARD_COUNT;
}

/** Shards copied per pass over the columns: the first ones reach the workers early, and the columns are read only a few times. */
const SHARDS_PER_PASS = 4;

/**
 * Splits the events `keep` selects into SHARD_COUNT shards by target account, each holding its own
 * copies of the columns (to be transferred to a worker). Rows stay in input order within a shard.
 * Yields the shards a few at a time, each as soon as it is copied, so that the workers start on
 * them while the next ones are.
 */
export function* partitionByTarget(
  columns: EventColumns,
  keep: Uint8Array,
  base: Omit<ShardTask, 'shard' | 'ts' | 'actor' | 'target' | 'content'>,
): Generator<ShardTask> {
  const { ts, actor, target, content } = columns;
  const shardOfRow = new Uint8Array(columns.length);
  const sizes = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < columns.length; i++) {
    shardOfRow[i] = shardOf(target[i]!);
    if (keep[i]) sizes[shardOfRow[i]!]!++;
  }
  for (let first = 0; first < SHARD_COUNT; first += SHARDS_PER_PASS) {
    const tasks = Array.from({ length: Math.min(SHARDS_PER_PASS, SHARD_COUNT - first) }, (_, k) => {
      const size = sizes[first + k]!;
      return {
        ...base,
        shard: first + k,
        ts: new Float64Array(size),
        actor: new Int32Array(size),
        target: new Int32Array(size),
        content: new Int32Array(size),
      };
    });
    const fill = new Int32Array(tasks.length);
    for (let i = 0; i < columns.length; i++) {
      const k = shardOfRow[i]! - first;
      if (!keep[i] || k < 0 || k >= tasks.length) continue;
      const task = tasks[k]!;
      const at = fill[k]!++;
      task.ts[at] = ts[i]!;
      task.actor[at] = actor[i]!;
      task.target[at] = target[i]!;
      task.content[at] = content[i]!;
    }
    yield* tasks;
  }
}

export function transferList(task: ShardTask): ArrayBuffer[] {
  return [task.ts.buffer, task.actor.buffer, task.target.buffer, task.content.buffer] as ArrayBuffer[];
}
