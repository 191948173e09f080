import { baselinesStage } from './baselines-stage.ts';
import { indexStage } from './index-stage.ts';
import { mergeStage } from './merge-stage.ts';
import shardStage from './shard-stage.ts';
import type {
  BaselinesResult,
  BaselinesTask,
  IndexResult,
  IndexTask,
  MergeResult,
  MergeTask,
  ShardResult,
  ShardTask,
} from './types.ts';

export type StageTask = IndexTask | BaselinesTask | ShardTask | MergeTask;
export type StageResult = IndexResult | BaselinesResult | ShardResult | MergeResult;

/**
 * The detector's worker module: first the events grouped by target and by actor with the follow
 * graph, and the input's baselines; then a shard each; once they are all in, a range of their pairs
 * merged.
 */
export default function detectStage(task: StageTask): StageResult {
  if (!('stage' in task)) return shardStage(task);
  if (task.stage === 'index') return indexStage(task);
  return task.stage === 'baselines' ? baselinesStage(task) : mergeStage(task);
}
