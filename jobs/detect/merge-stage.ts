import { mergePairs, PairKeysSeen } from './coaction.ts';
import type { MergeResult, MergeTask } from './types.ts';

/**
 * One range of keys of the shards' pair tables merged (`splitByKey`): views of shared memory in,
 * the range's pairs out, so the worker threads merge a range each while the main thread weighs the
 * pile-ons.
 */
export function mergeStage(task: MergeTask): MergeResult {
  const started = performance.now();
  const seen = task.keysSeen ? new PairKeysSeen(task.keysSeen) : undefined;
  const pairs = mergePairs(task.tables, task.minTargets, seen);
  return { pairs, mergeMs: performance.now() - started };
}
