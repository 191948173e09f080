import { mergePairs, PairKeysSeen } from './coaction.ts';
import { coordinationGroups, seededRng } from './graph.ts';
import type { CoordinationResult, CoordinationTask } from './types.ts';

/**
 * The shards' pair tables merged (in shard order) and the coordinated accounts grouped: typed arrays
 * in, groups out, so a worker runs it while the main thread weighs the pile-ons.
 */
export function coordinationStage(task: CoordinationTask): CoordinationResult {
  const { accountCount, config } = task;
  let started = performance.now();
  const pairs = mergePairs(
    task.tables,
    config.min_shared_targets,
    task.keysSeen ? new PairKeysSeen(task.keysSeen) : undefined,
  );
  const mergeMs = performance.now() - started;
  started = performance.now();
  const groups = coordinationGroups(pairs, {
    accountCount,
    rng: seededRng(task.seed),
    resolution: config.louvain_resolution,
    minSize: config.min_actors,
  });
  return { groups, edges: pairs.key.length, mergeMs, coordinationMs: performance.now() - started };
}

/** Everything a coordination task hands over: the tables and the marks (the sender keeps none). */
export function coordinationTransferList(task: CoordinationTask): ArrayBuffer[] {
  const arrays = task.tables.flatMap((t) => [t.key, t.weight, t.targets]);
  if (task.keysSeen) arrays.push(task.keysSeen.once, task.keysSeen.twice);
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
