import { coordinationStage } from './coordination-stage.ts';
import shardStage from './shard-stage.ts';
import type { CoordinationResult, CoordinationTask, ShardResult, ShardTask } from './types.ts';

export type StageTask = ShardTask | CoordinationTask;
export type StageResult = ShardResult | CoordinationResult;

/** The detector's worker module: a shard, or once they are all in, their merge and coordination groups. */
export default function detectStage(task: StageTask): StageResult {
  return 'stage' in task ? coordinationStage(task) : shardStage(task);
}
