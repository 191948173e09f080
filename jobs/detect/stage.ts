import { indexStage } from './index-stage.ts';
import { mergeStage } from './merge-stage.ts';
import shardStage from './shard-stage.ts';
import type { IndexResult, IndexTask, MergeResult, MergeTask, ShardResult, ShardTask } from './types.ts';

export type StageTask = IndexTask | ShardTask | MergeTask;
export type StageResult = IndexResult | ShardResult | MergeResult;

/**
 * The detector's worker module: first the events grouped by target and by actor and the follow
 * graph, then a shard each, and once they are all in, a range of their pairs merged.
 */
export default function detectStage(task: StageTask): StageResult {
  if (!('stage' in task)) return shardStage(task);
  return task.stage === 'index' ? indexStage(task) : mergeStage(task);
}
