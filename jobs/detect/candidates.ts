import type { ClusterKind } from '../../shared/contract/index.ts';
import { getOrCreate } from './collections.ts';
import type { EventIndex, TargetReach } from './event-index.ts';
import { AccountMarks } from './marks.ts';
import { firstAtOrAfter } from './row-order.ts';
import type { BurstEpisodes, DetectConfig } from './types.ts';

/** A cluster to weigh: its interactions (rows of the event columns, ascending in time). */
export interface Candidate {
  kind: ClusterKind;
  rows: Int32Array;
  /** Strongest burst behind it (robust z), 0 when none. */
  burstZ: number;
}

/** The span the run flags clusters in; earlier events are baseline only. */
export interface FlagWindow {
  from: number;
  to: number;
}

/** Share of rows by which two episodes of one target may differ and still be weighed as one. */
const NEAR_COPY = 0.1;

/** Whether `rows` have at least `count` distinct actors: the scan stops once they do. */
function hasActors(index: EventIndex, rows: Int32Array, count: number, marks: AccountMarks): boolean {
  const { actor } = index.columns;
  marks.clear();
  let found = 0;
  for (let i = 0; i < rows.length; i++) if (marks.add(actor[rows[i]!]!) && ++found >= count) return true;
  return found >= count;
}

function touchesWindow(index: EventIndex, rows: Int32Array, window: FlagWindow): boolean {
  return rows.length > 0 && index.columns.ts[rows[rows.length - 1]!]! >= window.from;
}

/** The rows among rows[from, to) on `video`: counted, then copied (no callback per row). */
function rowsOnContent(
  rows: Int32Array,
  from: number,
  to: number,
  content: Int32Array,
  video: number,
): Int32Array {
  let count = 0;
  for (let i = from; i < to; i++) if (content[rows[i]!] === video) count++;
  const found = new Int32Array(count);
  let n = 0;
  for (let i = from; i < to; i++) if (content[rows[i]!] === video) found[n++] = rows[i]!;
  return found;
}

/** One candidate a burst episode: every interaction with the target during the episode. */
export function pileOnCandidates(
  episodes: BurstEpisodes,
  index: EventIndex,
  config: DetectConfig,
  window: FlagWindow,
): Candidate[] {
  const candidates: Candidate[] = [];
  const { ts, content } = index.columns;
  const marks = new AccountMarks(index.accountCount);
  // Episodes of one target found at several bin widths, or on the account and on its one busy video,
  // often hold the same interactions: weigh such near-copies (spans and sizes differing by under
  // NEAR_COPY of their rows) once, at the higher z. A video's episode holds only that video's rows.
  const ranges = new Map<number, Array<{ from: number; to: number; candidate: Candidate }>>();
  for (let e = 0; e < episodes.target.length; e++) {
    const onTarget = index.byTarget.of(episodes.target[e]!);
    const from = firstAtOrAfter(onTarget, ts, episodes.start[e]!);
    const to = firstAtOrAfter(onTarget, ts, episodes.end[e]!);
    const video = episodes.content[e]!;
    // The account's rows are a view of the index (in time order for good), not a copy per episode.
    const rows = video < 0 ? onTarget.subarray(from, to) : rowsOnContent(onTarget, from, to, content, video);
    const seen = getOrCreate(ranges, episodes.target[e]!, () => []);
    const copy = seen.find(
      (r) =>
        Math.abs(r.from - from) + Math.abs(r.to - to) <= NEAR_COPY * (r.to - r.from) &&
        Math.abs(r.candidate.rows.length - rows.length) <= NEAR_COPY * r.candidate.rows.length,
    );
    if (copy) {
      copy.candidate.burstZ = Math.max(copy.candidate.burstZ, episodes.z[e]!);
      continue;
    }
    if (!touchesWindow(index, rows, window) || !hasActors(index, rows, config.min_actors, marks)) continue;
    const candidate: Candidate = { kind: 'pile_on', rows, burstZ: episodes.z[e]! };
    seen.push({ from, to, candidate });
    candidates.push(candidate);
  }
  return candidates;
}

/**
 * The distinct targets each member of a group acted on, and the target of each of its rows: read
 * once a group (the targets of rows spread over the whole event column), not once a round.
 */
class MemberTargets {
  private readonly slotOf: Int32Array;
  private readonly seen: AccountMarks;
  private offsets = new Int32Array(1);
  private targets = new Int32Array(0);
  /** Per member, the targets of its rows (index.byActor order) from rowOffsets[slot]. */
  private rowOffsets = new Int32Array(1);
  private rowTargets = new Int32Array(0);

  constructor(accountCount: number) {
    this.slotOf = new Int32Array(accountCount);
    this.seen = new AccountMarks(accountCount);
  }

  load(group: Int32Array, index: EventIndex): void {
    const { target } = index.columns;
    let rowCount = 0;
    for (const member of group) rowCount += index.byActor.count(member);
    if (this.targets.length < rowCount) {
      this.targets = new Int32Array(rowCount);
      this.rowTargets = new Int32Array(rowCount);
    }
    this.offsets = new Int32Array(group.length + 1);
    this.rowOffsets = new Int32Array(group.length + 1);
    const { targets, rowTargets } = this;
    let n = 0;
    let at = 0;
    for (let k = 0; k < group.length; k++) {
      const member = group[k]!;
      this.slotOf[member] = k;
      this.seen.clear();
      const rows = index.byActor.of(member);
      for (let i = 0; i < rows.length; i++) {
        const t = target[rows[i]!]!;
        rowTargets[at++] = t;
        if (this.seen.add(t)) targets[n++] = t;
      }
      this.offsets[k + 1] = n;
      this.rowOffsets[k + 1] = at;
    }
  }

  /** The distinct targets of `member`, one of the group loaded last. */
  of(member: number): Int32Array {
    const k = this.slotOf[member]!;
    return this.targets.subarray(this.offsets[k], this.offsets[k + 1]);
  }

  /** The rows of `members` (of the group loaded last) on the `shared` targets, member after member. */
  rowsOn(members: Int32Array, shared: SharedTargets, index: EventIndex): Int32Array {
    const { rowTargets, rowOffsets, slotOf } = this;
    let count = 0;
    for (const member of members) {
      const k = slotOf[member]!;
      for (let i = rowOffsets[k]!; i < rowOffsets[k + 1]!; i++) if (shared.has(rowTargets[i]!)) count++;
    }
    const found = new Int32Array(count);
    let n = 0;
    for (const member of members) {
      const k = slotOf[member]!;
      const rows = index.byActor.of(member);
      const from = rowOffsets[k]!;
      for (let i = 0; i < rows.length; i++) if (shared.has(rowTargets[from + i]!)) found[n++] = rows[i]!;
    }
    return found;
  }
}

/**
 * The targets a set of members shares, as marks: found set after set with a count per account, not a
 * map per set.
 */
class SharedTargets {
  private readonly membersOn: Int32Array;
  private readonly touched: Int32Array;
  private readonly marked: AccountMarks;
  size = 0;

  constructor(accountCount: number) {
    this.membersOn = new Int32Array(accountCount);
    this.touched = new Int32Array(accountCount);
    this.marked = new AccountMarks(accountCount);
  }

  /**
   * Finds the targets that at least `brigade_target_share` of `members` (and two of them) acted on, at
   * least `brigade_target_lift` times more often than accounts at large.
   */
  find(members: Int32Array, targetsOf: MemberTargets, config: DetectConfig, reach: TargetReach): void {
    const { membersOn, touched } = this;
    let touchedCount = 0;
    // Distinct members per target: each member's targets counted once.
    for (const member of members)
      for (const t of targetsOf.of(member)) if (membersOn[t]!++ === 0) touched[touchedCount++] = t;
    const needed = Math.max(2, Math.ceil(config.brigade_target_share * members.length));
    this.marked.clear();
    this.size = 0;
    for (let i = 0; i < touchedCount; i++) {
      const t = touched[i]!;
      const count = membersOn[t]!;
      membersOn[t] = 0;
      if (count >= needed && count / members.length >= config.brigade_target_lift * reach.share(t)) {
        this.marked.add(t);
        this.size++;
      }
    }
  }

  has(target: number): boolean {
    return this.marked.has(target);
  }
}

/** `rows` ascending in time, then by row: a plain numeric sort when that is time order already (input in time order). */
function byTimeThenRow(rows: Int32Array, ts: Float64Array): Int32Array {
  rows.sort();
  for (let i = 1; i < rows.length; i++)
    if (ts[rows[i]!]! < ts[rows[i - 1]!]!) return rows.sort((a, b) => ts[a]! - ts[b]! || a - b);
  return rows;
}

/**
 * One candidate a coordination group that acted together on several targets: its core members, its
 * shared targets, all the core's interactions with them, and the strongest burst on them in its span.
 */
export function brigadeCandidates(
  groups: Int32Array[],
  episodes: BurstEpisodes,
  index: EventIndex,
  reach: TargetReach,
  config: DetectConfig,
  window: FlagWindow,
): Candidate[] {
  const { ts } = index.columns;
  const candidates: Candidate[] = [];
  const targetsOf = new MemberTargets(index.accountCount);
  const targets = new SharedTargets(index.accountCount);
  for (const group of groups) {
    // The brigade signature is the same accounts across several targets: peel the group down to the
    // members who acted on at least `brigade_min_targets` of the group's shared targets, then
    // take the shared targets of that core.
    targetsOf.load(group, index);
    let members = group;
    targets.find(members, targetsOf, config, reach);
    for (let round = 0; round < 2 && targets.size >= config.brigade_min_targets; round++) {
      members = members.filter((m) => {
        let hit = 0;
        for (const t of targetsOf.of(m)) if (targets.has(t)) hit++;
        return hit >= config.brigade_min_targets;
      });
      targets.find(members, targetsOf, config, reach);
    }
    if (targets.size < config.brigade_min_targets || members.length < config.min_actors) continue;
    const sorted = byTimeThenRow(targetsOf.rowsOn(members, targets, index), ts);
    if (!touchesWindow(index, sorted, window)) continue;
    const first = ts[sorted[0]!]!;
    const last = ts[sorted[sorted.length - 1]!]!;
    let burstZ = 0;
    for (let e = 0; e < episodes.target.length; e++)
      if (targets.has(episodes.target[e]!) && episodes.start[e]! <= last && episodes.end[e]! > first)
        burstZ = Math.max(burstZ, episodes.z[e]!);
    candidates.push({ kind: 'brigade', rows: sorted, burstZ });
  }
  return candidates;
}
