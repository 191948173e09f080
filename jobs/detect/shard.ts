import type { EventColumns } from '../ingest/types.ts';
import type { ShardTask } from './types.ts';

/** log2 of the shards: fixed, so that the shards (and so the output) do not depend on the number of threads. */
const SHARD_BITS = 4;
export const SHARD_COUNT = 1 << SHARD_BITS;

/** A target's shard: its low SHARD_BITS bits. */
export function shardOf(target: number): number {
  return target & (SHARD_COUNT - 1);
}

/** The shard of a row `keep` leaves out. */
const LEFT_OUT = 255;

/**
 * Splits the events `keep` selects into SHARD_COUNT shards by target account, each holding its own
 * copies of the columns (to be transferred to a worker). Rows stay in input order within a shard.
 * Two passes over the rows: one counts the shards' rows, one copies every row into its shard's
 * columns (read once, written in sequence; gathering shard by shard would read them all 16 times).
 * The shards come largest first, so that the workers' last tasks are short ones.
 */
export function* partitionByTarget(
  columns: EventColumns,
  keep: Uint8Array,
  base: Omit<ShardTask, 'shard' | 'ts' | 'actor' | 'target' | 'content' | 'targetShift'>,
): Generator<ShardTask> {
  const { length, ts, actor, target, content } = columns;
  const shardOfRow = new Uint8Array(length);
  const sizes = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < length; i++) {
    const shard = keep[i] ? shardOf(target[i]!) : LEFT_OUT;
    shardOfRow[i] = shard;
    if (shard !== LEFT_OUT) sizes[shard]!++;
  }
  const shardTs = Array.from(sizes, (size) => new Float64Array(size));
  const shardActor = Array.from(sizes, (size) => new Int32Array(size));
  const shardTarget = Array.from(sizes, (size) => new Int32Array(size));
  const shardContent = Array.from(sizes, (size) => new Int32Array(size));
  const fill = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < length; i++) {
    const shard = shardOfRow[i]!;
    if (shard === LEFT_OUT) continue;
    const at = fill[shard]!++;
    shardTs[shard]![at] = ts[i]!;
    shardActor[shard]![at] = actor[i]!;
    shardTarget[shard]![at] = target[i]!;
    shardContent[shard]![at] = content[i]!;
  }
  const largestFirst = Array.from(sizes.keys()).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  for (const shard of largestFirst)
    yield {
      ...base,
      shard,
      targetShift: SHARD_BITS,
      ts: shardTs[shard]!,
      actor: shardActor[shard]!,
      target: shardTarget[shard]!,
      content: shardContent[shard]!,
    };
}

export function transferList(task: ShardTask): ArrayBuffer[] {
  return [task.ts.buffer, task.actor.buffer, task.target.buffer, task.content.buffer] as ArrayBuffer[];
}
