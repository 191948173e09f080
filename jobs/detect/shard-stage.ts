import { type BurstOptions, crowdedWithin, targetBursts } from './bursts.ts';
import { PairAccumulator } from './coaction.ts';
import { isAscending, orderByTime } from './row-order.ts';
import type { ShardResult, ShardTask } from './types.ts';

/** A shard's columns, in time order or grouped by target. */
interface Columns {
  ts: Float64Array;
  actor: Int32Array;
  content: Int32Array;
}

/**
 * Arrays kept from shard to shard (a worker runs several), grown to the largest: fresh ones would
 * cost a page fault every few thousand rows. `targetCursor` and `contentCursor` are all 0 between
 * shards (`clean` is false while a shard is under way: after a failed one they start over).
 */
const scratch = {
  clean: true,
  byTarget: { ts: new Float64Array(0), actor: new Int32Array(0), content: new Int32Array(0) } as Columns,
  byObject: { ts: new Float64Array(0), actor: new Int32Array(0) } as Omit<Columns, 'content'>,
  targetCursor: new Int32Array(0),
  contentCursor: new Int32Array(0),
  stamp: new Int32Array(0),
  objects: new Int32Array(0),
  objectStart: new Int32Array(0),
  pairs: null as PairAccumulator | null,
};

/** `array` if it has `size` slots, else a new, zeroed one with room to spare. */
function atLeast<T extends Int32Array | Float64Array>(array: T, size: number, make: new (n: number) => T): T {
  return array.length >= size ? array : new make(Math.max(size, Math.ceil(array.length * 1.5)));
}

/** The task's rows in time order (input order breaks ties): as they come, when logs are in time order. */
function timeOrdered(task: ShardTask): Columns & { target: Int32Array } {
  const { ts, actor, target, content } = task;
  if (isAscending(ts)) return task;
  const order = orderByTime(ts);
  return {
    ts: Float64Array.from(order, (row) => ts[row]!),
    actor: Int32Array.from(order, (row) => actor[row]!),
    target: Int32Array.from(order, (row) => target[row]!),
    content: Int32Array.from(order, (row) => content[row]!),
  };
}

/**
 * The rows grouped by target, ascending, each target's rows in time order: a counting sort that
 * copies the columns as it goes, so that every target's run is a range of `columns`. `targets` are
 * the distinct targets, `runStart[k]` where the k-th one's run starts (and `runStart[k + 1]` ends);
 * `contentCodes`: one more than the largest content code + 1 (a slot each, -1 too).
 * Targets sharing their low `targetShift` bits, each has its slot at `target >> targetShift`.
 */
function groupByTarget(
  rows: Columns & { target: Int32Array },
  accountCount: number,
  targetShift: number,
): { columns: Columns; targets: Int32Array; runStart: Int32Array; contentCodes: number } {
  const { ts, actor, target, content } = rows;
  const n = ts.length;
  // Per target: its rows, then where its next row goes (back to 0 once the rows are in place).
  const slots = (accountCount >> targetShift) + 1;
  scratch.targetCursor = atLeast(scratch.targetCursor, slots, Int32Array);
  const cursor = scratch.targetCursor;
  for (let i = 0; i < n; i++) cursor[target[i]! >> targetShift]!++;
  // The targets ascending, as their slots are: no sort.
  const lowBits = n > 0 ? target[0]! & ((1 << targetShift) - 1) : 0;
  let targetCount = 0;
  for (let slot = 0; slot < slots; slot++) if (cursor[slot]! > 0) targetCount++;
  const targets = new Int32Array(targetCount);
  const runStart = new Int32Array(targetCount + 1);
  for (let slot = 0, k = 0; k < targetCount; slot++) {
    const rowsOfTarget = cursor[slot]!;
    if (rowsOfTarget === 0) continue;
    targets[k] = (slot << targetShift) | lowBits;
    cursor[slot] = runStart[k]!;
    runStart[k + 1] = runStart[k]! + rowsOfTarget;
    k++;
  }
  const { byTarget } = scratch;
  const columns = {
    ts: atLeast(byTarget.ts, n, Float64Array),
    actor: atLeast(byTarget.actor, n, Int32Array),
    content: atLeast(byTarget.content, n, Int32Array),
  };
  scratch.byTarget = columns;
  let largestContent = -1;
  for (let i = 0; i < n; i++) {
    const at = cursor[target[i]! >> targetShift]!++;
    columns.ts[at] = ts[i]!;
    columns.actor[at] = actor[i]!;
    columns.content[at] = content[i]!;
    if (content[i]! > largestContent) largestContent = content[i]!;
  }
  for (let k = 0; k < targetCount; k++) cursor[targets[k]! >> targetShift] = 0;
  return { columns, targets, runStart, contentCodes: largestContent + 2 };
}

/** Whether all of `values[from..to)` are equal. */
function allEqual(values: Int32Array, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (values[i] !== values[from]) return false;
  return true;
}

/**
 * Sorts one target's rows [from, to) of `byTarget` (in time order) stably by content, into the
 * start of `scratch.byObject`: its objects' runs, each in time order. `cursor` (one slot per content
 * code + 1, all 0) is left as it was; `objects` receives each object's content and `objectStart` its
 * run's start (and the end after the last). Returns the number of objects.
 */
function sortByContent(
  byTarget: Columns,
  from: number,
  to: number,
  cursor: Int32Array,
  objects: Int32Array,
  objectStart: Int32Array,
): number {
  const { content } = byTarget;
  let kinds = 0;
  for (let i = from; i < to; i++) if (cursor[content[i]! + 1]!++ === 0) objects[kinds++] = content[i]!;
  const kindsOf = objects.subarray(0, kinds);
  // Few videos a target as a rule: an insertion sort, without a call.
  if (kinds > 32) kindsOf.sort();
  else
    for (let i = 1; i < kinds; i++) {
      const c = kindsOf[i]!;
      let j = i - 1;
      for (; j >= 0 && kindsOf[j]! > c; j--) kindsOf[j + 1] = kindsOf[j]!;
      kindsOf[j + 1] = c;
    }
  let at = 0;
  for (let d = 0; d < kinds; d++) {
    const rowsOfObject = cursor[kindsOf[d]! + 1]!;
    cursor[kindsOf[d]! + 1] = at;
    objectStart[d] = at;
    at += rowsOfObject;
  }
  objectStart[kinds] = at;
  const out = scratch.byObject;
  for (let i = from; i < to; i++) {
    const at = cursor[content[i]! + 1]!++;
    out.ts[at] = byTarget.ts[i]!;
    out.actor[at] = byTarget.actor[i]!;
  }
  for (let d = 0; d < kinds; d++) cursor[kindsOf[d]! + 1] = 0;
  return kinds;
}

/** A shard's burst search: its settings, its stamps (see targetBursts) and the episodes found so far. */
interface ShardBursts {
  options: BurstOptions;
  widestBinMs: number;
  stamp: Int32Array;
  /** No stamp above it is in `stamp` yet: the next count takes the one after (the shard's other counts too). */
  stampValue: number;
  episodes: {
    target: number[];
    content: number[];
    start: number[];
    end: number[];
    z: number[];
    scale: number[];
  };
}

/**
 * Bursts in rows [from, to) of `runTs` / `runActor` (ascending in time), recorded as episodes of target
 * `t` (and `c`, -1: the account). A function of the module, not a closure of the stage: a closure
 * made anew for each shard is a new call target each time, and V8 threw away the stage's optimized
 * code for it.
 */
function findBursts(
  bursts: ShardBursts,
  runTs: Float64Array,
  runActor: Int32Array,
  from: number,
  to: number,
  t: number,
  c: number,
): void {
  const { options, episodes } = bursts;
  // Most runs never crowd enough actors into even the widest bin.
  if (!crowdedWithin(runTs, options.minActors, bursts.widestBinMs, from, to)) return;
  const found = targetBursts(
    runTs.subarray(from, to),
    runActor.subarray(from, to),
    options,
    bursts.stamp,
    bursts.stampValue + 1,
  );
  bursts.stampValue = found.nextStamp;
  for (const e of found.episodes) {
    episodes.target.push(t);
    episodes.content.push(c);
    episodes.start.push(e.start);
    episodes.end.push(e.end);
    episodes.z.push(e.z);
    episodes.scale.push(e.scaleMinutes);
  }
}

/** What `countActors` counted: an object's distinct actors, and how many of them are new to its target. */
const counted = { distinct: 0, newToTarget: 0 };

/**
 * Counts into `counted` the distinct actors of an object's rows [from, to) of `actor`, and those of
 * them its target's objects before had not: one look at `stamp` a row for both (the target's own
 * count needs no pass of its own). `stamp` holds no `objectStamp` on entry, and values from
 * `targetStamp` on only for the actors of the target's objects before.
 */
function countActors(
  actor: Int32Array,
  from: number,
  to: number,
  stamp: Int32Array,
  objectStamp: number,
  targetStamp: number,
): void {
  let distinct = 0;
  let newToTarget = 0;
  for (let i = from; i < to; i++) {
    const seen = stamp[actor[i]!]!;
    if (seen === objectStamp) continue;
    stamp[actor[i]!] = objectStamp;
    distinct++;
    if (seen < targetStamp) newToTarget++;
  }
  counted.distinct = distinct;
  counted.newToTarget = newToTarget;
}

/**
 * The per-shard stage, a pure function of the shard's columns (all events of the shard's targets):
 * burst episodes per target and per video, and co-action pairs per object (a video or LIVE room, or the target's
 * profile for follows and account reports). Runs inline or in a piscina worker alike.
 */
export default function shardStage(task: ShardTask): ShardResult {
  const { config, accountCount } = task;
  if (!scratch.clean) {
    scratch.targetCursor = new Int32Array(0);
    scratch.contentCursor = new Int32Array(0);
  }
  scratch.clean = false;
  const rows = timeOrdered(task);
  const {
    columns: byTarget,
    targets,
    runStart,
    contentCodes,
  } = groupByTarget(rows, accountCount, task.targetShift);
  scratch.contentCursor = atLeast(scratch.contentCursor, contentCodes, Int32Array);
  const contentCursor = scratch.contentCursor;
  let longestRun = 0;
  for (let k = 0; k < targets.length; k++) longestRun = Math.max(longestRun, runStart[k + 1]! - runStart[k]!);
  scratch.byObject = {
    ts: atLeast(scratch.byObject.ts, longestRun, Float64Array),
    actor: atLeast(scratch.byObject.actor, longestRun, Int32Array),
  };
  scratch.objects = atLeast(scratch.objects, longestRun + 1, Int32Array);
  scratch.objectStart = atLeast(scratch.objectStart, longestRun + 1, Int32Array);
  const { objects, objectStart } = scratch;

  scratch.stamp = atLeast(scratch.stamp, accountCount, Int32Array);
  const stamp = scratch.stamp.fill(-1);
  const pairOptions = {
    windowsSeconds: config.coaction_windows_seconds,
    windowWeights: config.coaction_window_weights,
    maxNeighbors: config.coaction_max_neighbors,
    minWeight: config.coaction_min_weight,
    accountCount,
  };
  if (scratch.pairs) scratch.pairs.reset(pairOptions);
  else scratch.pairs = new PairAccumulator(pairOptions);
  const { pairs } = scratch;
  const bursts: ShardBursts = {
    options: {
      binMinutes: config.burst_bin_minutes,
      candidateZ: config.burst_candidate_z,
      minActors: config.burst_min_actors,
      dataStart: task.dataStart,
      dataEnd: task.dataEnd,
    },
    widestBinMs: Math.max(...config.burst_bin_minutes) * 60_000,
    stamp,
    stampValue: 0,
    episodes: { target: [], content: [], start: [], end: [], z: [], scale: [] },
  };
  // Each target's reach (distinct actors), which the evidence reads for every account.
  const reachActors = new Int32Array(targets.length);
  for (let k = 0; k < targets.length; k++) {
    const t = targets[k]!;
    const targetFrom = runStart[k]!;
    const targetTo = runStart[k + 1]!;
    if (allEqual(byTarget.content, targetFrom, targetTo)) {
      // One object: its run and its actors are the target's.
      reachActors[k] = pairs.add(
        byTarget.ts,
        byTarget.actor,
        targetFrom,
        targetTo,
        stamp,
        ++bursts.stampValue,
      );
    } else {
      const kinds = sortByContent(byTarget, targetFrom, targetTo, contentCursor, objects, objectStart);
      const { ts, actor } = scratch.byObject;
      // Every stamp from here on is the target's: its actors are counted as its objects' are.
      const targetStamp = bursts.stampValue + 1;
      let reach = 0;
      for (let d = 0; d < kinds; d++) {
        const c = objects[d]!;
        const objectFrom = objectStart[d]!;
        const objectTo = objectStart[d + 1]!;
        countActors(actor, objectFrom, objectTo, stamp, ++bursts.stampValue, targetStamp);
        reach += counted.newToTarget;
        pairs.addCounted(ts, actor, objectFrom, objectTo, counted.distinct);
        // A video's own baseline: a raid on one video of a busy account stands out there first.
        if (c >= 0 && objectTo - objectFrom >= config.burst_min_actors)
          findBursts(bursts, ts, actor, objectFrom, objectTo, t, c);
      }
      reachActors[k] = reach;
    }
    pairs.endTarget();
    if (targetTo - targetFrom >= config.burst_min_actors)
      findBursts(bursts, byTarget.ts, byTarget.actor, targetFrom, targetTo, t, -1);
  }
  scratch.clean = true;
  const { episodes } = bursts;
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
    reach: { target: targets, actors: reachActors },
  };
}
