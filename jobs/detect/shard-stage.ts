import { crowdedWithin, targetBursts } from './bursts.ts';
import { PairAccumulator } from './coaction.ts';
import { keyCount, orderByTime, sortWithinRuns, stableSortByKey } from './row-order.ts';
import type { ShardResult, ShardTask } from './types.ts';

/** Distinct values of `actor[from..to)`; `stamp` is scratch space that holds no `stampValue` on entry. */
function distinctActors(
  actor: Int32Array,
  from: number,
  to: number,
  stamp: Int32Array,
  stampValue: number,
): number {
  let count = 0;
  for (let i = from; i < to; i++)
    if (stamp[actor[i]!] !== stampValue) {
      stamp[actor[i]!] = stampValue;
      count++;
    }
  return count;
}

/**
 * The per-shard stage, a pure function of the shard's columns (all events of the shard's targets):
 * burst episodes per target and per video, and co-action pairs per object (a video or LIVE room, or the target's
 * profile for follows and account reports). Runs inline or in a piscina worker alike.
 */
export default function shardStage(task: ShardTask): ShardResult {
  const { ts, actor, target, content, config } = task;
  const n = ts.length;
  const byTime = orderByTime(ts);
  // Same target runs in both: (target, time) for the bursts, (target, content, time) for the objects.
  const byTargetTime = stableSortByKey(byTime, target, 0, keyCount(target, 0));
  const order = sortWithinRuns(byTargetTime, target, content);

  const stamp = new Int32Array(task.accountCount).fill(-1);
  let stampValue = 0;
  const pairs = new PairAccumulator({
    windowsSeconds: config.coaction_windows_seconds,
    windowWeights: config.coaction_window_weights,
    maxNeighbors: config.coaction_max_neighbors,
    minWeight: config.coaction_min_weight,
    accountCount: task.accountCount,
  });
  const episodes = {
    target: [] as number[],
    content: [] as number[],
    start: [] as number[],
    end: [] as number[],
    z: [] as number[],
    scale: [] as number[],
  };
  const burstOptions = {
    binMinutes: config.burst_bin_minutes,
    candidateZ: config.burst_candidate_z,
    minActors: config.burst_min_actors,
    dataStart: task.dataStart,
    dataEnd: task.dataEnd,
  };

  // Times and actors gathered in both orders once, so that each target's or video's run is a subarray.
  const gather = (rows: Int32Array) => {
    const runTs = new Float64Array(n);
    const runActor = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      runTs[i] = ts[rows[i]!]!;
      runActor[i] = actor[rows[i]!]!;
    }
    return { runTs, runActor };
  };
  const inTargetOrder = gather(byTargetTime);
  const inObjectOrder = gather(order);

  const widestBinMs = Math.max(...config.burst_bin_minutes) * 60_000;
  /** Bursts in rows [from, to) of a gathered order (ascending in time), recorded as episodes of target `t` (and `c`, -1: the account). */
  const findBursts = (
    gathered: { runTs: Float64Array; runActor: Int32Array },
    from: number,
    to: number,
    t: number,
    c: number,
  ) => {
    // Most runs never crowd enough actors into even the widest bin.
    if (!crowdedWithin(gathered.runTs, config.burst_min_actors, widestBinMs, from, to)) return;
    const found = targetBursts(
      gathered.runTs.subarray(from, to),
      gathered.runActor.subarray(from, to),
      burstOptions,
      stamp,
      stampValue + 1,
    );
    stampValue = found.nextStamp;
    for (const e of found.episodes) {
      episodes.target.push(t);
      episodes.content.push(c);
      episodes.start.push(e.start);
      episodes.end.push(e.end);
      episodes.z.push(e.z);
      episodes.scale.push(e.scaleMinutes);
    }
  };

  // Each target's reach (distinct actors), which the evidence reads for every account.
  const reachTargets: number[] = [];
  const reachActors: number[] = [];
  let targetFrom = 0;
  while (targetFrom < n) {
    const t = target[order[targetFrom]!]!;
    let targetTo = targetFrom;
    while (targetTo < n && target[order[targetTo]!] === t) targetTo++;
    // Objects of this target: runs of one content id, each ascending in time.
    let objectFrom = targetFrom;
    while (objectFrom < targetTo) {
      const c = content[order[objectFrom]!]!;
      let objectTo = objectFrom;
      while (objectTo < targetTo && content[order[objectTo]!] === c) objectTo++;
      pairs.add(inObjectOrder.runTs, inObjectOrder.runActor, objectFrom, objectTo, stamp, ++stampValue);
      // A video's own baseline: a raid on one video of a busy account stands out there first.
      if (
        c >= 0 &&
        objectTo - objectFrom >= config.burst_min_actors &&
        objectTo - objectFrom < targetTo - targetFrom
      )
        findBursts(inObjectOrder, objectFrom, objectTo, t, c);
      objectFrom = objectTo;
    }
    pairs.endTarget();
    reachTargets.push(t);
    reachActors.push(distinctActors(inTargetOrder.runActor, targetFrom, targetTo, stamp, ++stampValue));
    if (targetTo - targetFrom >= config.burst_min_actors)
      findBursts(inTargetOrder, targetFrom, targetTo, t, -1);
    targetFrom = targetTo;
  }
  return {
    shard: task.shard,
    episodes: {
      target: Int32Array.from(episodes.target),
      content: Int32Array.from(episodes.content),
      start: Float64Array.from(episodes.start),
      end: Float64Array.from(episodes.end),
      z: Float64Array.from(episodes.z),
      scaleMinutes: Float64Array.from(episodes.scale),
    },
    pairs: pairs.finish(),
    reach: { target: Int32Array.from(reachTargets), actors: Int32Array.from(reachActors) },
  };
}
