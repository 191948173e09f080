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
 */
export function partitionByTarget(
  columns: EventColumns,
  keep: Uint8Array,
  base: Omit<ShardTask, 'shard' | 'ts' | 'type' | 'actor' | 'target' | 'content'>,
): ShardTask[] {
  const sizes = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < columns.length; i++) if (keep[i]) sizes[shardOf(columns.target[i]!)]!++;
  const tasks: ShardTask[] = Array.from(sizes, (size, shard) => ({
    ...base,
    shard,
    ts: new Float64Array(size),
    type: new Uint8Array(size),
    actor: new Int32Array(size),
    target: new Int32Array(size),
    content: new Int32Array(size),
  }));
  const fill = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < columns.length; i++) {
    if (!keep[i]) continue;
    const s = shardOf(columns.target[i]!);
    const task = tasks[s]!;
    const at = fill[s]!++;
    task.ts[at] = columns.ts[i]!;
    task.type[at] = columns.type[i]!;
    task.actor[at] = columns.actor[i]!;
    task.target[at] = columns.target[i]!;
    task.content[at] = columns.content[i]!;
  }
  return tasks;
}

export function transferList(task: ShardTask): ArrayBuffer[] {
  return [
    task.ts.buffer,
    task.type.buffer,
    task.actor.buffer,
    task.target.buffer,
    task.content.buffer,
  ] as ArrayBuffer[];
}
