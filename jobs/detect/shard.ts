import type { EventColumns } from '../ingest/types.ts';
import type { DetectConfig, ShardTask } from './types.ts';

/** log2 of the shards: fixed, so that the shards (and so the output) do not depend on the number of threads. */
const SHARD_BITS = 4;
export const SHARD_COUNT = 1 << SHARD_BITS;

/** The settings a shard's stage reads (no more is sent to the workers). */
export function shardConfig(config: DetectConfig): ShardTask['config'] {
  return {
    burst_bin_minutes: config.burst_bin_minutes,
    burst_candidate_z: config.burst_candidate_z,
    burst_min_actors: config.burst_min_actors,
    coaction_windows_seconds: config.coaction_windows_seconds,
    coaction_window_weights: config.coaction_window_weights,
    coaction_max_neighbors: config.coaction_max_neighbors,
    coaction_min_weight: config.coaction_min_weight,
  };
}

/** A target's shard: its low SHARD_BITS bits. */
export function shardOf(target: number): number {
  return target & (SHARD_COUNT - 1);
}

/** The shard of a row `keep` leaves out. */
const LEFT_OUT = 255;

/**
 * Splits the events `keep` selects into SHARD_COUNT shards by target account, each holding its own
 * copies of the columns (to be transferred to a worker). Rows stay in input order within a shard.
 * One pass over the rows counts the shards' rows; then the largest `ahead` shards (the workers'
 * first tasks) are copied in a pass of their own and handed out, so that the workers start on them
 * while one more pass copies the others (read once, written in sequence: gathering shard by shard
 * would read every row 16 times). The shards come largest first, so that the workers' last tasks
 * are short ones.
 */
export function* partitionByTarget(
  columns: EventColumns,
  keep: Uint8Array,
  base: Omit<ShardTask, 'shard' | 'ts' | 'actor' | 'target' | 'content' | 'targetShift'>,
  ahead = 1,
): Generator<ShardTask> {
  const { length, target } = columns;
  const shardOfRow = new Uint8Array(length);
  const sizes = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < length; i++) {
    const shard = keep[i] ? shardOf(target[i]!) : LEFT_OUT;
    shardOfRow[i] = shard;
    if (shard !== LEFT_OUT) sizes[shard]!++;
  }
  const largestFirst = Array.from(sizes.keys()).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  for (const shards of [largestFirst.slice(0, ahead), largestFirst.slice(ahead)]) {
    const copies = copyShards(columns, shardOfRow, sizes, shards);
    for (const shard of shards) yield { ...base, shard, targetShift: SHARD_BITS, ...copies[shard]! };
  }
}

/** The columns of a shard's rows. */
type ShardColumns = Pick<ShardTask, 'ts' | 'actor' | 'target' | 'content'>;

/** Per shard, the columns of its rows in input order, for `shards` (the others empty): one pass over the rows. */
function copyShards(
  columns: EventColumns,
  shardOfRow: Uint8Array,
  sizes: Int32Array,
  shards: number[],
): ShardColumns[] {
  const { length, ts, actor, target, content } = columns;
  const none = {
    ts: new Float64Array(0),
    actor: new Int32Array(0),
    target: new Int32Array(0),
    content: new Int32Array(0),
  };
  const copies: ShardColumns[] = Array.from({ length: SHARD_COUNT }, () => none);
  // Per shard of a row (LEFT_OUT too), whether this pass copies it.
  const copied = new Uint8Array(LEFT_OUT + 1);
  for (const shard of shards) {
    copied[shard] = 1;
    const size = sizes[shard]!;
    copies[shard] = {
      ts: new Float64Array(size),
      actor: new Int32Array(size),
      target: new Int32Array(size),
      content: new Int32Array(size),
    };
  }
  const shardTs = copies.map((c) => c.ts);
  const shardActor = copies.map((c) => c.actor);
  const shardTarget = copies.map((c) => c.target);
  const shardContent = copies.map((c) => c.content);
  const fill = new Int32Array(SHARD_COUNT);
  for (let i = 0; i < length; i++) {
    const shard = shardOfRow[i]!;
    if (!copied[shard]) continue;
    const at = fill[shard]!++;
    shardTs[shard]![at] = ts[i]!;
    shardActor[shard]![at] = actor[i]!;
    shardTarget[shard]![at] = target[i]!;
    shardContent[shard]![at] = content[i]!;
  }
  return copies;
}

export function transferList(task: ShardTask): ArrayBuffer[] {
  return [task.ts.buffer, task.actor.buffer, task.target.buffer, task.content.buffer] as ArrayBuffer[];
}
