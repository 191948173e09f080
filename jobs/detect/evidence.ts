import { EVENT_TYPES, eventTypeCode } from '../../shared/contract/index.ts';
import type { StringColumn } from '../ingest/types.ts';
import type { Candidate } from './candidates.ts';
import { FirstSeenNumbers, getOrCreate } from './collections.ts';
import type { EventIndex, Reach } from './event-index.ts';
import { AccountMarks } from './marks.ts';
import { firstAfter, firstAtOrAfter } from './row-order.ts';
import { scoreUpperBound } from './score.ts';
import { commentSignature, signatureGroups } from './text.ts';
import type { DetectConfig, SignalName } from './types.ts';

const COMMENT = eventTypeCode('comment');
const REPORT = eventTypeCode('report');
const DAY_MS = 86_400_000;
/** Call-out candidates weighed per target at most: the accounts that acted on it last before the cluster. */
const MAX_CALLOUT_CANDIDATES = 200;
/** A near-duplicate group is hostile when at least 1 in this many of its comments is. */
const HOSTILE_GROUP_SHARE_INVERSE = 3;

/** Texts whose signatures are kept at most (256 bytes each): enough for every comment of the candidates of a 10M-event day. */
const MAX_CACHED_SIGNATURES = 250_000;

/**
 * Per comment text code, its MinHash signature and lexicon hit, each computed once: candidates
 * overlap (an account's burst and its video's, a brigade's targets), and copy-paste repeats texts
 * (each comment has its own code, so signatures are kept by text, and found by code in a typed array).
 */
export class CommentFacts {
  /** Per comment code: 1 + the place of its signature in `signatureList`, 0 until first asked. */
  private readonly signatureAt: Int32Array;
  private readonly signatureList: Array<Uint32Array | null> = [];
  /** The place of each text's signature: copies of a text share it. */
  private readonly placeOfText = new Map<string, number>();
  /** 0: not checked yet, 1: clean, 2: hostile. */
  private readonly hostile: Uint8Array;

  constructor(
    private readonly texts: StringColumn,
    private readonly lexicon: (text: string) => boolean,
  ) {
    this.signatureAt = new Int32Array(texts.length);
    this.hostile = new Uint8Array(texts.length);
  }

  signature(code: number): Uint32Array | null {
    const at = this.signatureAt[code]!;
    if (at > 0) return this.signatureList[at - 1]!;
    const text = this.texts.get(code);
    let place = this.placeOfText.get(text);
    if (place === undefined) {
      const signature = commentSignature(text);
      if (this.signatureList.length >= MAX_CACHED_SIGNATURES) return signature;
      place = this.signatureList.push(signature) - 1;
      this.placeOfText.set(text, place);
    }
    this.signatureAt[code] = place + 1;
    return this.signatureList[place]!;
  }

  isHostile(code: number): boolean {
    if (!this.hostile[code]) this.hostile[code] = this.lexicon(this.texts.get(code)) ? 2 : 1;
    return this.hostile[code] === 2;
  }
}

/** What the cheap and timing signals read: the events alone, known before the shards are done. */
export interface ScreeningContext {
  index: EventIndex;
  comments: CommentFacts;
  config: DetectConfig;
  /** Scratch sets of accounts, reused candidate after candidate. */
  marks: EvidenceMarks;
}

export interface EvidenceContext extends ScreeningContext {
  /** Share of all the input's comments that are hostile: banter trips lexicons everywhere. */
  hostileBaseRate: number;
  reach: Reach;
}

/** The scratch sets `weighCandidate` needs at once. */
export interface EvidenceMarks {
  actors: AccountMarks;
  scratch: AccountMarks;
  insiders: AccountMarks;
  callouts: AccountMarks;
  /** Each marked call-out candidate's place in the list of them. */
  calloutAt: Int32Array;
}

export function evidenceMarks(accountCount: number): EvidenceMarks {
  return {
    actors: new AccountMarks(accountCount),
    scratch: new AccountMarks(accountCount),
    insiders: new AccountMarks(accountCount),
    callouts: new AccountMarks(accountCount),
    calloutAt: new Int32Array(accountCount),
  };
}

export interface Instigator {
  account: number;
  target: number;
  /** The call-out: the instigator's last action on the target before the cluster. */
  calloutRow: number;
  /** Share of the other actors who follow it or acted on it earlier (above its base rate). */
  share: number;
  rawShare: number;
}

/** A candidate weighed: its signals, and the per-member and per-interaction facts behind them. */
export interface ClusterEvidence {
  candidate: Candidate;
  signals: Record<SignalName, number>;
  /** The candidate's rows plus the instigator's call-out, ascending in time. */
  rows: Int32Array;
  /** Per row of `rows`: near-duplicate group (-1: none) and hostile comment (0/1). */
  duplicateGroup: Int32Array;
  hostile: Uint8Array;
  actors: Int32Array;
  targets: Int32Array;
  isNew: Set<number>;
  isOutsider: Set<number>;
  instigator: Instigator | null;
  counts: {
    newActors: number;
    duplicateComments: number;
    comments: number;
    hostileActors: number;
    reporters: number;
  };
}

/** The distinct values of `column` at `rows`, ascending; `marks` holds them afterwards. */
function distinctOf(rows: Int32Array, column: Int32Array, marks: AccountMarks): Int32Array {
  marks.clear();
  const found = new Int32Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = column[rows[i]!]!;
    if (marks.add(v)) found[n++] = v;
  }
  return found.slice(0, n).sort();
}

/** The distinct values of `keys`, ascending. */
function sortedDistinct(keys: Float64Array): Float64Array {
  keys.sort();
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[n - 1]) keys[n++] = keys[i]!;
  return keys.subarray(0, n);
}

/**
 * The candidate's distinct (actor, target) pairs as `target * accountCount + actor` keys, ascending:
 * grouped by target. On one target (most pile-ons), its distinct `actors` (ascending) are the pairs.
 */
function actorTargetPairs(
  index: EventIndex,
  rows: Int32Array,
  actors: Int32Array,
  targets: Int32Array,
): Float64Array {
  const { actor, target } = index.columns;
  if (targets.length === 1) {
    const pairs = new Float64Array(actors.length);
    const onTarget = targets[0]! * index.accountCount;
    for (let i = 0; i < actors.length; i++) pairs[i] = onTarget + actors[i]!;
    return pairs;
  }
  const keys = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) keys[i] = target[rows[i]!]! * index.accountCount + actor[rows[i]!]!;
  return sortedDistinct(keys);
}

/**
 * Whether `account` acted on `target` before `before`, given the target's rows in time order and how
 * many of them come before: read from whichever is shorter, the account's rows or those earlier rows.
 */
function actedBefore(
  index: EventIndex,
  account: number,
  target: number,
  before: number,
  onTarget: Int32Array,
  earlier: number,
): boolean {
  const { actor, target: targetOf } = index.columns;
  const { byActor } = index;
  // The account's rows before `before`: its first ones in time order.
  const done = byActor.countBefore(account, before);
  if (done <= earlier) {
    const from = byActor.offsets[account]!;
    for (let i = from; i < from + done; i++) if (targetOf[byActor.rows[i]!] === target) return true;
    return false;
  }
  for (let i = 0; i < earlier; i++) if (actor[onTarget[i]!] === account) return true;
  return false;
}

/**
 * Marks in `ctx.marks.insiders` the actors that follow a target of theirs or acted on it before
 * `before`, and returns how many (actor, target) pairs are such. Per target, the accounts that acted on
 * it earlier are listed once when that is cheaper than reading each actor's own rows.
 */
function insiderPairs(ctx: ScreeningContext, pairs: Float64Array, before: number): number {
  const { index } = ctx;
  const { ts, actor } = index.columns;
  const n = index.accountCount;
  const { insiders, scratch: actedEarlier } = ctx.marks;
  insiders.clear();
  let count = 0;
  for (let from = 0; from < pairs.length; ) {
    const t = Math.floor(pairs[from]! / n);
    let to = from;
    let actorRows = 0;
    while (to < pairs.length && pairs[to]! < (t + 1) * n)
      actorRows += index.byActor.count(pairs[to++]! - t * n);
    const onTarget = index.byTarget.of(t);
    const earlier = firstAtOrAfter(onTarget, ts, before);
    const listEarlier = earlier <= actorRows;
    if (listEarlier) {
      actedEarlier.clear();
      for (let i = 0; i < earlier; i++) actedEarlier.add(actor[onTarget[i]!]!);
    }
    for (let k = from; k < to; k++) {
      const a = pairs[k]! - t * n;
      const insider =
        index.followGraph.follows(a, t) ||
        (listEarlier ? actedEarlier.has(a) : actedBefore(index, a, t, before, onTarget, earlier));
      if (insider) {
        count++;
        insiders.add(a);
      }
    }
    from = to;
  }
  return count;
}

/** Call-out candidates on one target: accounts, latest first, and each one's last row before the cluster. */
interface Callouts {
  accounts: Int32Array;
  rows: Int32Array;
}

/**
 * The accounts that acted on `target` in the lookback before `firstTs` (rows at `firstTs` included),
 * each with its last such row, latest first.
 */
function calloutCandidates(ctx: ScreeningContext, target: number, firstTs: number): Callouts {
  const { ts, actor } = ctx.index.columns;
  const from = firstTs - ctx.config.instigator_lookback_minutes * 60_000;
  const onTarget = ctx.index.byTarget.of(target);
  const seen = ctx.marks.scratch;
  seen.clear();
  const accounts = new Int32Array(MAX_CALLOUT_CANDIDATES);
  const rows = new Int32Array(MAX_CALLOUT_CANDIDATES);
  let found = 0;
  for (let i = firstAfter(onTarget, ts, firstTs) - 1; i >= 0 && found < MAX_CALLOUT_CANDIDATES; i--) {
    const r = onTarget[i]!;
    if (ts[r]! < from) break;
    if (seen.add(actor[r]!)) {
      accounts[found] = actor[r]!;
      rows[found++] = r;
    }
  }
  return { accounts: accounts.subarray(0, found), rows: rows.subarray(0, found) };
}

/** Per call-out candidate (by its place in the list), the actors that acted on it: compressed sparse rows. */
interface Engaged {
  offsets: Int32Array;
  actors: Int32Array;
}

/**
 * Which actors acted on each of the `callouts` accounts up to `until` (an actor once per row): who
 * engaged with whom. Read from the cheaper side: the actors' rows, or the rows the accounts received
 * (a few busy actors can outweigh every call-out candidate's inbox, and the other way round).
 * `actors` and `callouts` are marked in `ctx.marks`, each call-out with its place in `calloutAt`.
 */
function engagedWith(
  ctx: ScreeningContext,
  actors: Int32Array,
  callouts: Int32Array,
  until: number,
): Engaged {
  const { index } = ctx;
  const { actor, target } = index.columns;
  const { byActor, byTarget } = index;
  const { callouts: isCallout, actors: isActor, calloutAt } = ctx.marks;
  // Only rows up to `until`: each account's first ones in time order. The actors' side is sized by
  // all their rows (a look-up each, not a search: there are many more actors than call-out candidates);
  // either side gives the same counts in tallyCallouts, the side only sets the cost.
  let accountRows = 0;
  for (const c of callouts) accountRows += byTarget.countUntil(c, until);
  let actorRows = 0;
  for (let i = 0; i < actors.length && actorRows <= accountRows; i++) actorRows += byActor.count(actors[i]!);
  const offsets = new Int32Array(callouts.length + 1);
  if (actorRows <= accountRows) {
    // The actors' rows on call-out candidates, then grouped by the candidate (a counting sort).
    const calloutOf: number[] = [];
    const actorOf: number[] = [];
    for (const a of actors) {
      const from = byActor.offsets[a]!;
      const to = from + byActor.countUntil(a, until);
      for (let i = from; i < to; i++) {
        const t = target[byActor.rows[i]!]!;
        if (isCallout.has(t)) {
          calloutOf.push(calloutAt[t]!);
          actorOf.push(a);
        }
      }
    }
    for (const c of calloutOf) offsets[c + 1]!++;
    for (let c = 0; c < callouts.length; c++) offsets[c + 1]! += offsets[c]!;
    const engaged = new Int32Array(actorOf.length);
    const fill = offsets.slice(0, callouts.length);
    for (let k = 0; k < actorOf.length; k++) engaged[fill[calloutOf[k]!]!++] = actorOf[k]!;
    return { offsets, actors: engaged };
  }
  const engaged = new Int32Array(accountRows);
  let n = 0;
  for (let c = 0; c < callouts.length; c++) {
    const from = byTarget.offsets[callouts[c]!]!;
    const to = from + byTarget.countUntil(callouts[c]!, until);
    for (let i = from; i < to; i++) {
      const a = actor[byTarget.rows[i]!]!;
      if (isActor.has(a)) engaged[n++] = a;
    }
    offsets[c + 1] = n;
  }
  return { offsets, actors: engaged.subarray(0, n) };
}

/**
 * Per call-out candidate of a cluster (target by target, each one's candidates latest first), the
 * counts its instigator share is made of: all but the reach, looked up once a share is taken, so
 * that a pile-on is tallied when screened.
 */
interface CalloutTally {
  target: Int32Array;
  account: Int32Array;
  /** Its last action on the target before the cluster. */
  calloutRow: Int32Array;
  /** Other actors that follow it or engaged with it, and the other actors. */
  hits: Int32Array;
  others: Int32Array;
  followers: Int32Array;
}

/**
 * Tallies the call-out candidates on `target` into `tally` from place `at` on; returns the next
 * place. A candidate's followers are read from its list or looked up per actor, whichever is shorter,
 * so a popular candidate costs no more than another. `actors` are marked in `ctx.marks.actors`.
 */
function tallyCallouts(
  ctx: ScreeningContext,
  target: number,
  callouts: Callouts,
  actors: Int32Array,
  engaged: Engaged,
  tally: CalloutTally,
  at: number,
): number {
  const { index } = ctx;
  const { actors: isActor, scratch: counted } = ctx.marks;
  for (let c = 0; c < callouts.accounts.length; c++) {
    const candidate = callouts.accounts[c]!;
    const others = actors.length - (isActor.has(candidate) ? 1 : 0);
    if (others === 0) continue;
    counted.clear();
    let hits = 0;
    const followers = index.followGraph.followersOf(candidate);
    if (followers.length <= actors.length * 4) {
      for (const f of followers) if (f !== candidate && isActor.has(f) && counted.add(f)) hits++;
    } else
      for (const a of actors)
        if (a !== candidate && index.followGraph.follows(a, candidate) && counted.add(a)) hits++;
    const place = ctx.marks.calloutAt[candidate]!;
    for (let k = engaged.offsets[place]!; k < engaged.offsets[place + 1]!; k++) {
      const a = engaged.actors[k]!;
      if (a !== candidate && counted.add(a)) hits++;
    }
    tally.target[at] = target;
    tally.account[at] = candidate;
    tally.calloutRow[at] = callouts.rows[c]!;
    tally.hits[at] = hits;
    tally.others[at] = others;
    tally.followers[at++] = followers.length;
  }
  return at;
}

/**
 * The account that called the target out: among those that acted on it in the lookback before the
 * cluster, the one whose followers (or the accounts that engaged with it) make up the largest share
 * of the other actors, above the share of all accounts they make up (a celebrity everybody follows
 * explains nothing). The first best of each target, then the first best target.
 */
function instigatorOf(tally: CalloutTally, reach: Reach, accountCount: number): Instigator | null {
  let instigator: Instigator | null = null;
  for (let from = 0; from < tally.target.length; ) {
    const target = tally.target[from]!;
    let best: Instigator | null = null;
    let k = from;
    for (; k < tally.target.length && tally.target[k] === target; k++) {
      const account = tally.account[k]!;
      const rawShare = tally.hits[k]! / tally.others[k]!;
      const reached = tally.followers[k]! + reach.count(account);
      const baseRate = Math.min(0.99, reached / accountCount);
      const share = Math.max(0, (rawShare - baseRate) / (1 - baseRate));
      if (!best || share > best.share)
        best = { account, target, calloutRow: tally.calloutRow[k]!, share, rawShare };
    }
    if (best && (!instigator || best.share > instigator.share)) instigator = best;
    from = k;
  }
  return instigator;
}

/** The (target, content, type) groups of `synchrony`, and the reported pairs, numbered: kept from candidate to candidate. */
const synchronyGroups = new FirstSeenNumbers();
const reportedPairs = new FirstSeenNumbers();

/**
 * Excess synchrony: the share of rows that another actor repeated (same object and type) within the
 * type's window, above the share a Poisson process at each object's own rate would give.
 */
function synchrony(ctx: ScreeningContext, rows: Int32Array): number {
  const { ts, type, actor, content, target } = ctx.index.columns;
  const windows = EVENT_TYPES.map((name) => ctx.config.synchrony_seconds[name] * 1000);
  // One list per (target, content, type), keyed by a number (content codes start at -1), numbered in
  // order of first appearance so that the expected counts add up in that order.
  let contentCodes = 1;
  for (const r of rows) contentCodes = Math.max(contentCodes, content[r]! + 2);
  synchronyGroups.reset(rows.length);
  const groupOfRow = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    groupOfRow[i] = synchronyGroups.numberOf(
      (target[r]! * contentCodes + content[r]! + 1) * EVENT_TYPES.length + type[r]!,
    );
  }
  const groupCount = synchronyGroups.size;
  // The rows by group, in time order within each (a stable counting sort).
  const starts = new Int32Array(groupCount + 1);
  for (const g of groupOfRow) starts[g + 1]!++;
  for (let g = 0; g < groupCount; g++) starts[g + 1]! += starts[g]!;
  const fill = starts.slice(0, groupCount);
  const list = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) list[fill[groupOfRow[i]!]!++] = rows[i]!;
  let observed = 0;
  let expected = 0;
  for (let g = 0; g < groupCount; g++) {
    const from = starts[g]!;
    const to = starts[g + 1]!;
    if (to - from < 2) continue;
    const w = windows[type[list[from]!]!]!;
    for (let i = from; i < to; i++) {
      const r = list[i]!;
      // Another actor's row on either side within the window (rows are in time order).
      let synced = false;
      for (let j = i - 1; j >= from && ts[r]! - ts[list[j]!]! <= w && !synced; j--)
        synced = actor[list[j]!] !== actor[r];
      for (let j = i + 1; j < to && ts[list[j]!]! - ts[r]! <= w && !synced; j++)
        synced = actor[list[j]!] !== actor[r];
      if (synced) observed++;
    }
    const span = Math.max(w, ts[list[to - 1]!]! - ts[list[from]!]!);
    const rate = (to - from - 1) / span;
    expected += (to - from) * (1 - Math.exp(-2 * w * rate));
  }
  const total = rows.length;
  if (total === 0 || expected >= total) return 0;
  return Math.max(0, (observed - expected) / (total - expected));
}

/** Share of the (actor, target) `pairs` where the target acted back on the actor (not by reporting it). */
function reciprocity(ctx: ScreeningContext, pairs: Float64Array): number {
  const { actor, target, type } = ctx.index.columns;
  const { byTarget, byActor, accountCount: n } = ctx.index;
  let mutual = 0;
  for (const key of pairs) {
    const t = Math.floor(key / n);
    const a = key - t * n;
    // What `a` received, or what `t` did: whichever is shorter holds the answer as well (read in
    // place: a view per pair would be garbage by the million).
    let acted = false;
    if (byTarget.count(a) <= byActor.count(t)) {
      for (let i = byTarget.offsets[a]!; i < byTarget.offsets[a + 1]! && !acted; i++) {
        const r = byTarget.rows[i]!;
        acted = actor[r] === t && type[r] !== REPORT;
      }
    } else
      for (let i = byActor.offsets[t]!; i < byActor.offsets[t + 1]! && !acted; i++) {
        const r = byActor.rows[i]!;
        acted = target[r] === a && type[r] !== REPORT;
      }
    if (acted) mutual++;
  }
  return pairs.length ? mutual / pairs.length : 0;
}

/** The call-out candidates of the cluster whose actors are marked in `ctx.marks.actors`, tallied over its targets. */
function calloutTally(
  ctx: ScreeningContext,
  actors: Int32Array,
  targets: Int32Array,
  firstTs: number,
  lastTs: number,
): CalloutTally {
  const callouts = Array.from(targets, (t) => calloutCandidates(ctx, t, firstTs));
  const calledOut = ctx.marks.callouts;
  calledOut.clear();
  const calledOutBy: number[] = [];
  let size = 0;
  for (const { accounts } of callouts) {
    size += accounts.length;
    for (const c of accounts)
      if (calledOut.add(c)) {
        ctx.marks.calloutAt[c] = calledOutBy.length;
        calledOutBy.push(c);
      }
  }
  const engaged = engagedWith(ctx, actors, Int32Array.from(calledOutBy), lastTs);
  const tally: CalloutTally = {
    target: new Int32Array(size),
    account: new Int32Array(size),
    calloutRow: new Int32Array(size),
    hits: new Int32Array(size),
    others: new Int32Array(size),
    followers: new Int32Array(size),
  };
  let at = 0;
  for (let i = 0; i < targets.length; i++)
    at = tallyCallouts(ctx, targets[i]!, callouts[i]!, actors, engaged, tally, at);
  return {
    target: tally.target.subarray(0, at),
    account: tally.account.subarray(0, at),
    calloutRow: tally.calloutRow.subarray(0, at),
    hits: tally.hits.subarray(0, at),
    others: tally.others.subarray(0, at),
    followers: tally.followers.subarray(0, at),
  };
}

/**
 * The fewest of `count` in [0, count] for which `outOfReach` is false (count + 1 when none), given
 * that it holds up to some count and no further: a binary search instead of a test per count.
 */
function fewestReaching(count: number, outOfReach: (n: number) => boolean): number {
  let lo = 0;
  let hi = count + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (outOfReach(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A candidate's cheap and timing signals, and what the rest of its weighing needs of them. */
export interface Screened {
  candidate: Candidate;
  actors: Int32Array;
  targets: Int32Array;
  /** Actors new at their first action in it, and those that were not insiders of any of its targets. */
  newActors: Int32Array;
  outsiders: Int32Array;
  signals: Pick<
    Record<SignalName, number>,
    'burst_z' | 'new_account_share' | 'outsider_share' | 'report_share' | 'synchrony' | 'self_targeting_share'
  >;
  reporters: number;
  callouts: CalloutTally;
  /** Found at screening unless the instigator surely cannot lift the cluster (then never needed). */
  nearDuplicates: NearDuplicates | null;
}

/** A cluster's comments (those with a text) and their near-duplicate groups. */
interface NearDuplicates {
  /** Where each comment sits in the cluster's rows, and its row. */
  at: Int32Array;
  rows: Int32Array;
  /** Per comment: its group, -1 for none. */
  groups: Int32Array;
}

function nearDuplicatesOf(ctx: ScreeningContext, rows: Int32Array): NearDuplicates {
  const { comments, config } = ctx;
  const { type, actor, text } = ctx.index.columns;
  const at = new Int32Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++)
    if (type[rows[i]!] === COMMENT && text[rows[i]!]! >= 0) at[count++] = i;
  const commentRows = Int32Array.from(at.subarray(0, count), (i) => rows[i]!);
  const groups = signatureGroups(
    Array.from(commentRows, (r) => comments.signature(text[r]!)),
    Array.from(commentRows, (r) => actor[r]!),
    { jaccard: config.near_duplicate_jaccard, minAuthors: config.near_duplicate_min_authors },
  );
  return { at: at.subarray(0, count), rows: commentRows, groups };
}

/** Share of the comments in a near-duplicate group. */
function duplicateShare({ groups }: NearDuplicates): number {
  let grouped = 0;
  for (const g of groups) if (g >= 0) grouped++;
  return groups.length ? grouped / groups.length : 0;
}

/** The most the instigator share can be: a share above its base rate is at most the raw share. */
function largestRawShare(tally: CalloutTally): number {
  let largest = 0;
  for (let k = 0; k < tally.hits.length; k++) largest = Math.max(largest, tally.hits[k]! / tally.others[k]!);
  return largest;
}

/** Whether signals `known` (the others at full strength) could still lift a score to `floor`. */
function outOfReach(
  known: Partial<Record<SignalName, number>>,
  floor: number,
  config: DetectConfig,
): boolean {
  return floor > 0 && scoreUpperBound(known, config) < floor;
}

/**
 * The first part of `weighCandidate`: the cheap signals (burst, new accounts, outsiders, reports), then
 * synchrony and reciprocity. Needs neither the shards' pairs nor the reach, so pile-ons are screened
 * as their shard comes in. Null when even the strongest other signals could not lift it to `floor`.
 */
export function screenCandidate(ctx: ScreeningContext, candidate: Candidate, floor = 0): Screened | null {
  const { index, config } = ctx;
  const { ts, type, actor, target, text } = index.columns;
  const rows = candidate.rows;
  const firstTs = ts[rows[0]!]!;
  const targets = distinctOf(rows, target, ctx.marks.scratch);
  const actors = distinctOf(rows, actor, ctx.marks.actors);

  // Rows are in time order: an actor's first row is its first action.
  const newActors = new Int32Array(actors.length);
  let newCount = 0;
  let knownAge = 0;
  const firstSeen = ctx.marks.scratch;
  firstSeen.clear();
  for (const r of rows) {
    const a = actor[r]!;
    if (!firstSeen.add(a)) continue;
    const created = index.createdAt[a]!;
    if (Number.isNaN(created)) continue;
    knownAge++;
    if (ts[r]! - created < config.new_account_days * DAY_MS) newActors[newCount++] = a;
  }

  const pairs = actorTargetPairs(index, rows, actors, targets);
  const outsiderPairs = pairs.length - insiderPairs(ctx, pairs, firstTs);

  let reporters = 0;
  let reports = 0;
  const reported = ctx.marks.scratch;
  reported.clear();
  for (const r of rows)
    if (type[r] === REPORT) {
      reports++;
      if (reported.add(actor[r]!)) reporters++;
    }
  // Per (actor, target) pair: a few busy accounts each reporting one of thirty targets is not a campaign.
  reportedPairs.reset(reports);
  for (const r of rows)
    if (type[r] === REPORT) reportedPairs.numberOf(actor[r]! * index.accountCount + target[r]!);
  const cheap = {
    burst_z: candidate.burstZ,
    new_account_share: knownAge ? newCount / knownAge : 0,
    outsider_share: pairs.length ? outsiderPairs / pairs.length : 0,
    report_share: pairs.length ? reportedPairs.size / pairs.length : 0,
  };
  if (outOfReach(cheap, floor, config)) return null;

  const signals = {
    ...cheap,
    synchrony: synchrony(ctx, rows),
    self_targeting_share: reciprocity(ctx, pairs),
  };
  if (outOfReach(signals, floor, config)) return null;
  const outsiders = actors.filter((a) => !ctx.marks.insiders.has(a));
  const callouts = calloutTally(ctx, actors, targets, firstTs, ts[rows[rows.length - 1]!]!);
  // While the shards run, the near-duplicates of every cluster the instigator may still lift, and the
  // lexicon over its comments when they may still matter.
  const mostSignals = { ...signals, instigator_share: largestRawShare(callouts) };
  const nearDuplicates = outOfReach(mostSignals, floor, config) ? null : nearDuplicatesOf(ctx, rows);
  if (
    nearDuplicates &&
    !outOfReach({ ...mostSignals, near_duplicate_share: duplicateShare(nearDuplicates) }, floor, config)
  )
    for (const r of nearDuplicates.rows) ctx.comments.isHostile(text[r]!);
  return {
    candidate,
    actors,
    targets,
    newActors: newActors.subarray(0, newCount),
    outsiders,
    signals,
    reporters,
    callouts,
    nearDuplicates,
  };
}

/**
 * Weighs a candidate. With `floor`, returns null as soon as the signals known so far show that even
 * the strongest remaining ones could not lift its score to `floor`: the cheap ones (burst, new
 * accounts, outsiders, reports) first, then the costlier ones, cheapest first, the lexicon last.
 */
export function weighCandidate(
  ctx: EvidenceContext,
  candidate: Candidate,
  floor = 0,
): ClusterEvidence | null {
  const screened = screenCandidate(ctx, candidate, floor);
  return screened && weighScreened(ctx, screened, floor);
}

/** The rest of `weighCandidate` for a candidate `screenCandidate` kept: instigator, near-duplicates, lexicon. */
export function weighScreened(ctx: EvidenceContext, screened: Screened, floor = 0): ClusterEvidence | null {
  const { index, config, comments } = ctx;
  const { actor, text } = index.columns;
  const { candidate, actors, targets, reporters } = screened;
  const rows = candidate.rows;
  const { burst_z, new_account_share, outsider_share, report_share, ...timing } = screened.signals;
  const cheap = { burst_z, new_account_share, outsider_share, report_share };
  const outOfReachNow = (known: Partial<Record<SignalName, number>>) => outOfReach(known, floor, config);

  const instigator = instigatorOf(screened.callouts, ctx.reach, index.accountCount);
  if (outOfReachNow({ ...cheap, ...timing, instigator_share: instigator?.share ?? 0 })) return null;

  const { at: commentAt, rows: commentRows, groups } = screened.nearDuplicates ?? nearDuplicatesOf(ctx, rows);
  // Per row of `rows` (comments only): its near-duplicate group, and below whether it is hostile.
  const groupAt = new Int32Array(rows.length).fill(-1);
  const groupComments = new Map<number, { all: number; hostile: number }>();
  let duplicateComments = 0;
  for (let i = 0; i < commentRows.length; i++) {
    if (groups[i]! < 0) continue;
    groupAt[commentAt[i]!] = groups[i]!;
    duplicateComments++;
    getOrCreate(groupComments, groups[i]!, () => ({ all: 0, hostile: 0 })).all++;
  }
  const costly = {
    instigator_share: instigator?.share ?? 0,
    near_duplicate_share: commentRows.length ? duplicateComments / commentRows.length : 0,
    ...timing,
  };
  // The lexicon is the costliest signal: skip it when even fully hostile comments could not reach `floor`.
  if (outOfReachNow({ ...cheap, ...costly })) return null;

  const base = Math.min(0.99, ctx.hostileBaseRate);
  const hostileShare = (hostileRows: number) =>
    commentRows.length ? Math.max(0, (hostileRows / commentRows.length - base) / (1 - base)) : 0;
  const lexiconHit = new Uint8Array(commentRows.length);
  // The bound grows with the hostile rows: below `neededHostile` of them, the candidate is out of reach.
  const neededHostile = fewestReaching(commentRows.length, (hostileRows) =>
    outOfReachNow({ ...cheap, ...costly, hostile_share: hostileShare(hostileRows) }),
  );
  // Rows that may still turn out hostile: unchecked ones, hits, and misses a hostile group could claim.
  // Ungrouped comments first: each of their misses lowers that bound at once.
  let mayBeHostile = commentRows.length;
  for (const grouped of [false, true])
    for (let i = 0; i < commentRows.length; i++) {
      if (groups[i]! >= 0 !== grouped) continue;
      lexiconHit[i] = comments.isHostile(text[commentRows[i]!]!) ? 1 : 0;
      if (lexiconHit[i] || grouped) continue;
      if (--mayBeHostile < neededHostile) return null;
    }
  lexiconHit.forEach((hit, i) => {
    if (hit && groups[i]! >= 0) groupComments.get(groups[i]!)!.hostile++;
  });
  // Copy-paste spreads hostility: a variant spelt to slip past the lexicon ("frauud") is as hostile
  // as its group, when a third of the group's copies are caught.
  const hostileAt = new Uint8Array(rows.length);
  const hostileActors = ctx.marks.scratch;
  hostileActors.clear();
  let hostileRows = 0;
  let hostileActorCount = 0;
  for (let i = 0; i < commentRows.length; i++) {
    const group = groupComments.get(groups[i]!);
    if (!lexiconHit[i] && !(group && group.hostile * HOSTILE_GROUP_SHARE_INVERSE >= group.all)) continue;
    hostileAt[commentAt[i]!] = 1;
    hostileRows++;
    if (hostileActors.add(actor[commentRows[i]!]!)) hostileActorCount++;
  }

  // The call-out joins the interactions, ahead of them (it comes before the cluster, and is no comment of it).
  const calledOut =
    instigator &&
    instigator.share >= config.signals.instigator_share.threshold &&
    !rows.includes(instigator.calloutRow);
  const finalRows = calledOut ? Int32Array.from([instigator.calloutRow, ...rows]) : rows;
  const ahead = calledOut ? 1 : 0;
  const duplicateGroup = new Int32Array(finalRows.length).fill(-1);
  duplicateGroup.set(groupAt, ahead);
  const hostile = new Uint8Array(finalRows.length);
  hostile.set(hostileAt, ahead);
  const signals: Record<SignalName, number> = {
    ...cheap,
    ...costly,
    hostile_share: hostileShare(hostileRows),
  };
  return {
    candidate,
    signals,
    rows: finalRows,
    duplicateGroup,
    hostile,
    actors,
    targets,
    isNew: new Set(screened.newActors),
    isOutsider: new Set(screened.outsiders),
    instigator:
      instigator && instigator.share >= config.signals.instigator_share.threshold ? instigator : null,
    counts: {
      newActors: screened.newActors.length,
      duplicateComments,
      comments: commentRows.length,
      hostileActors: hostileActorCount,
      reporters,
    },
  };
}
