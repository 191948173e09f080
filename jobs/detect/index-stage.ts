import { rowsByTargetAndActor } from './event-index.ts';
import type { IndexResult, IndexTask } from './types.ts';

/**
 * The kept events grouped by target and by actor, on a pool thread (the columns and the grouping are
 * shared memory), while the main thread partitions the events into shards.
 */
export function indexStage(task: IndexTask): IndexResult {
  const started = performance.now();
  const { byTarget, byActor } = rowsByTargetAndActor(task.columns, task.keep, task.accountCount);
  return { byTarget: byTarget.grouping(), byActor: byActor.grouping(), indexMs: performance.now() - started };
}
