import { FollowGraph, rowsByTargetAndActor } from './event-index.ts';
import type { IndexResult, IndexTask } from './types.ts';

/**
 * The kept events grouped by target and by actor, and the follow graph, on a pool thread (what it
 * reads and what it builds are shared memory), while the main thread partitions the events into shards.
 */
export function indexStage(task: IndexTask): IndexResult {
  const started = performance.now();
  const { byTarget, byActor } = rowsByTargetAndActor(task.columns, task.keep, task.accountCount);
  const { follower, followee } = task.follows;
  const followGraph = FollowGraph.of(follower, followee, task.accountCount);
  return {
    byTarget: byTarget.grouping(),
    byActor: byActor.grouping(),
    followGraph: { offsets: followGraph.offsets, followers: followGraph.followers },
    indexMs: performance.now() - started,
  };
}
