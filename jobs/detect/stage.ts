import { mergeStage } from './merge-stage.ts';
import shardStage from './shard-stage.ts';
import type { MergeResult, MergeTask, ShardResult, ShardTask } from './types.ts';

export type StageTask = ShardTask | MergeTask;
export type StageResult = ShardResult | MergeResult;

/** The detector's worker module: a shard, or once they are all in, a range of their pairs merged. */
export default function detectStage(task: StageTask): StageResult {
  return 'stage' in task ? mergeStage(task) : shardStage(task);
}
