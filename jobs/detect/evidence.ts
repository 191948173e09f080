import { EVENT_TYPES, eventTypeCode } from '../../shared/contract/index.ts';
import type { StringColumn } from '../ingest/types.ts';
import type { Candidate } from './candidates.ts';
import { getOrCreate } from './collections.ts';
import type { EventIndex, TargetReach } from './event-index.ts';
import { firstAtOrAfter } from './row-order.ts';
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

/** Signatures cached at most (256 bytes each): enough for every comment of the candidates of a 10M-event day. */
const MAX_CACHED_SIGNATURES = 250_000;

/**
 * Per comment text code, its MinHash signature and lexicon hit, each computed once: candidates
 * overlap (an account's burst and its video's, a brigade's targets), and copy-paste repeats texts.
 */
export class CommentFacts {
  private readonly signatures = new Map<number, Uint32Array | null>();
  /** 0: not checked yet, 1: clean, 2: hostile. */
  private readonly hostile: Uint8Array;

  constructor(
    private readonly texts: StringColumn,
    private readonly lexicon: (text: string) => boolean,
  ) {
    this.hostile = new Uint8Array(texts.length);
  }

  signature(code: number): Uint32Array | null {
    let signature = this.signatures.get(code);
    if (signature === undefined) {
      signature = commentSignature(this.texts.get(code));
      if (this.signatures.size < MAX_CACHED_SIGNATURES) this.signatures.set(code, signature);
    }
    return signature;
  }

  isHostile(code: number): boolean {
    if (!this.hostile[code]) this.hostile[code] = this.lexicon(this.texts.get(code)) ? 2 : 1;
    return this.hostile[code] === 2;
  }
}

export interface EvidenceContext {
  index: EventIndex;
  comments: CommentFacts;
  config: DetectConfig;
  /** Share of all the input's comments that are hostile: banter trips lexicons everywhere. */
  hostileBaseRate: number;
  reach: TargetReach;
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

function distinct(values: Iterable<number>): Int32Array {
  return Int32Array.from(new Set(values)).sort();
}

/** Actors with at least one row matching `test`. */
function actorsWith(rows: Int32Array, actor: Int32Array, test: (row: number) => boolean): Set<number> {
  const found = new Set<number>();
  for (const r of rows) if (test(r)) found.add(actor[r]!);
  return found;
}

/**
 * Whether `account` acted on `target` before `before`: read from whichever is shorter, the account's
 * rows or the target's earlier rows, so a busy target's history is not walked once per actor.
 */
function actedBefore(index: EventIndex, account: number, target: number, before: number): boolean {
  const { ts, actor, target: targetOf } = index.columns;
  const done = index.byActor.of(account);
  const onTarget = index.byTarget.sortedByTime(target);
  const earlier = firstAtOrAfter(onTarget, ts, before);
  if (done.length <= earlier) {
    for (const r of done) if (targetOf[r] === target && ts[r]! < before) return true;
    return false;
  }
  for (let i = 0; i < earlier; i++) if (actor[onTarget[i]!] === account) return true;
  return false;
}

/** The accounts that acted on `target` in the lookback before `firstTs`, each with its last such row. */
function calloutCandidates(ctx: EvidenceContext, target: number, firstTs: number): Map<number, number> {
  const { ts, actor } = ctx.index.columns;
  const from = firstTs - ctx.config.instigator_lookback_minutes * 60_000;
  const onTarget = ctx.index.byTarget.sortedByTime(target);
  const lastCallout = new Map<number, number>();
  for (let i = onTarget.length - 1; i >= 0 && lastCallout.size < MAX_CALLOUT_CANDIDATES; i--) {
    const r = onTarget[i]!;
    if (ts[r]! > firstTs) continue;
    if (ts[r]! < from) break;
    if (!lastCallout.has(actor[r]!)) lastCallout.set(actor[r]!, r);
  }
  return lastCallout;
}

/**
 * Which of `accounts` each actor acted on up to `until`, as `actor * accountCount + account` keys:
 * who engaged with whom. Read from the cheaper side: the actors' rows, or the rows `accounts` received
 * (a few busy actors can outweigh every call-out candidate's inbox, and the other way round).
 */
function engagedWith(
  index: EventIndex,
  actors: Int32Array,
  accounts: Set<number>,
  until: number,
): Set<number> {
  const { ts, actor, target } = index.columns;
  const { accountCount, byActor, byTarget } = index;
  let actorRows = 0;
  for (const a of actors) actorRows += byActor.of(a).length;
  let accountRows = 0;
  for (const c of accounts) accountRows += byTarget.of(c).length;
  const engaged = new Set<number>();
  if (actorRows <= accountRows) {
    for (const a of actors)
      for (const r of byActor.of(a))
        if (ts[r]! <= until && accounts.has(target[r]!)) engaged.add(a * accountCount + target[r]!);
  } else {
    const isActor = new Set(actors);
    for (const c of accounts)
      for (const r of byTarget.of(c))
        if (ts[r]! <= until && isActor.has(actor[r]!)) engaged.add(actor[r]! * accountCount + c);
  }
  return engaged;
}

/**
 * The account that called the target out: among those that acted on it in the lookback before the
 * cluster, the one whose followers (or the accounts that engaged with it) make up the largest share
 * of the other actors, above the share of all accounts they make up (a celebrity everybody follows
 * explains nothing). Checked from the actors' side, so a popular candidate costs no more than another.
 */
function findInstigator(
  ctx: EvidenceContext,
  target: number,
  callouts: Map<number, number>,
  actors: Int32Array,
  engaged: Set<number>,
): Instigator | null {
  const { index } = ctx;
  let best: Instigator | null = null;
  for (const [candidate, calloutRow] of callouts) {
    let hits = 0;
    let others = 0;
    for (const a of actors) {
      if (a === candidate) continue;
      others++;
      if (index.follows(a, candidate) || engaged.has(a * index.accountCount + candidate)) hits++;
    }
    if (others === 0) continue;
    const rawShare = hits / others;
    const reached = index.followersOf(candidate).length + ctx.reach.count(candidate);
    const baseRate = Math.min(0.99, reached / index.accountCount);
    const share = Math.max(0, (rawShare - baseRate) / (1 - baseRate));
    if (!best || share > best.share) best = { account: candidate, target, calloutRow, share, rawShare };
  }
  return best;
}

/**
 * Excess synchrony: the share of rows that another actor repeated (same object and type) within the
 * type's window, above the share a Poisson process at each object's own rate would give.
 */
function synchrony(ctx: EvidenceContext, rows: Int32Array): number {
  const { ts, type, actor, content, target } = ctx.index.columns;
  const windows = EVENT_TYPES.map((name) => ctx.config.synchrony_seconds[name] * 1000);
  // One list per (target, content, type), keyed by a number: content codes start at -1.
  let contentCodes = 1;
  for (const r of rows) contentCodes = Math.max(contentCodes, content[r]! + 2);
  const groups = new Map<number, number[]>();
  for (const r of rows) {
    const key = (target[r]! * contentCodes + content[r]! + 1) * EVENT_TYPES.length + type[r]!;
    getOrCreate(groups, key, () => [] as number[]).push(r);
  }
  let observed = 0;
  let expected = 0;
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const w = windows[type[list[0]!]!]!;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      const near = (j: number) => {
        const o = list[j];
        return o !== undefined && actor[o] !== actor[r] && Math.abs(ts[o]! - ts[r]!) <= w;
      };
      let synced = false;
      for (let j = i - 1; j >= 0 && ts[r]! - ts[list[j]!]! <= w && !synced; j--) synced = near(j);
      for (let j = i + 1; j < list.length && ts[list[j]!]! - ts[r]! <= w && !synced; j++) synced = near(j);
      if (synced) observed++;
    }
    const span = Math.max(w, ts[list[list.length - 1]!]! - ts[list[0]!]!);
    const rate = (list.length - 1) / span;
    expected += list.length * (1 - Math.exp(-2 * w * rate));
  }
  const total = rows.length;
  if (total === 0 || expected >= total) return 0;
  return Math.max(0, (observed - expected) / (total - expected));
}

/** Share of (actor, target) pairs where the target acted back on the actor (not by reporting it). */
function reciprocity(ctx: EvidenceContext, rows: Int32Array): number {
  const { actor, target, type } = ctx.index.columns;
  const pairs = new Set<number>();
  const n = ctx.index.accountCount;
  for (const r of rows) pairs.add(actor[r]! * n + target[r]!);
  let mutual = 0;
  for (const key of pairs) {
    const a = Math.floor(key / n);
    const t = key - a * n;
    // What `a` received, or what `t` did: whichever is shorter holds the answer as well.
    const received = ctx.index.byTarget.of(a);
    const done = ctx.index.byActor.of(t);
    const acted =
      received.length <= done.length
        ? received.some((r) => actor[r] === t && type[r] !== REPORT)
        : done.some((r) => target[r] === a && type[r] !== REPORT);
    if (acted) mutual++;
  }
  return pairs.size ? mutual / pairs.size : 0;
}

/**
 * Weighs a candidate. With `floor`, returns null as soon as the cheap signals (burst, new accounts,
 * outsiders, reports) show that even the strongest costly ones could not lift its score to `floor`.
 */
export function weighCandidate(
  ctx: EvidenceContext,
  candidate: Candidate,
  floor = 0,
): ClusterEvidence | null {
  const { index, config, comments } = ctx;
  const { ts, type, actor, target, text } = index.columns;
  const rows = candidate.rows;
  const firstTs = ts[rows[0]!]!;
  const lastTs = ts[rows[rows.length - 1]!]!;
  const actors = distinct(Array.from(rows, (r) => actor[r]!));
  const targets = distinct(Array.from(rows, (r) => target[r]!));

  const firstAction = new Map<number, number>();
  for (const r of rows) if (!firstAction.has(actor[r]!)) firstAction.set(actor[r]!, ts[r]!);
  const isNew = new Set<number>();
  let knownAge = 0;
  for (const a of actors) {
    const created = index.createdAt[a]!;
    if (Number.isNaN(created)) continue;
    knownAge++;
    if (firstAction.get(a)! - created < config.new_account_days * DAY_MS) isNew.add(a);
  }

  const pairs = new Map<number, Set<number>>();
  for (const r of rows) {
    getOrCreate(pairs, actor[r]!, () => new Set<number>()).add(target[r]!);
  }
  let pairCount = 0;
  let outsiderPairs = 0;
  const isOutsider = new Set<number>();
  for (const [a, targetsOfActor] of pairs) {
    let outsideAll = true;
    for (const t of targetsOfActor) {
      pairCount++;
      const insider = index.follows(a, t) || actedBefore(index, a, t, firstTs);
      if (insider) outsideAll = false;
      else outsiderPairs++;
    }
    if (outsideAll) isOutsider.add(a);
  }

  const reporters = actorsWith(rows, actor, (r) => type[r] === REPORT);
  // Per (actor, target) pair: a few busy accounts each reporting one of thirty targets is not a campaign.
  const reportedPairs = new Set<number>();
  for (const r of rows)
    if (type[r] === REPORT) reportedPairs.add(actor[r]! * index.accountCount + target[r]!);
  const cheap = {
    burst_z: candidate.burstZ,
    new_account_share: knownAge ? isNew.size / knownAge : 0,
    outsider_share: pairCount ? outsiderPairs / pairCount : 0,
    report_share: pairCount ? reportedPairs.size / pairCount : 0,
  };
  if (floor > 0 && scoreUpperBound(cheap, config) < floor) return null;

  let instigator: Instigator | null = null;
  const callouts = new Map(Array.from(targets, (t) => [t, calloutCandidates(ctx, t, firstTs)]));
  const calledOutBy = new Set<number>();
  for (const byCandidate of callouts.values()) for (const c of byCandidate.keys()) calledOutBy.add(c);
  const engaged = engagedWith(index, actors, calledOutBy, lastTs);
  for (const t of targets) {
    const found = findInstigator(ctx, t, callouts.get(t)!, actors, engaged);
    if (found && (!instigator || found.share > instigator.share)) instigator = found;
  }

  const commentRows = rows.filter((r) => type[r] === COMMENT && text[r]! >= 0);
  const groups = signatureGroups(
    Array.from(commentRows, (r) => comments.signature(text[r]!)),
    Array.from(commentRows, (r) => actor[r]!),
    {
      jaccard: config.near_duplicate_jaccard,
      minAuthors: config.near_duplicate_min_authors,
    },
  );
  const groupOfRow = new Map<number, number>();
  const groupComments = new Map<number, { all: number; hostile: number }>();
  commentRows.forEach((r, i) => {
    if (groups[i]! < 0) return;
    groupOfRow.set(r, groups[i]!);
    getOrCreate(groupComments, groups[i]!, () => ({ all: 0, hostile: 0 })).all++;
  });
  const duplicateComments = groupOfRow.size;
  const costly = {
    instigator_share: instigator?.share ?? 0,
    near_duplicate_share: commentRows.length ? duplicateComments / commentRows.length : 0,
    synchrony: synchrony(ctx, rows),
    self_targeting_share: reciprocity(ctx, rows),
  };
  // The lexicon is the costliest signal: skip it when even fully hostile comments could not reach `floor`.
  if (floor > 0 && scoreUpperBound({ ...cheap, ...costly }, config) < floor) return null;

  const base = Math.min(0.99, ctx.hostileBaseRate);
  const hostileShare = (hostileRows: number) =>
    commentRows.length ? Math.max(0, (hostileRows / commentRows.length - base) / (1 - base)) : 0;
  const lexiconHit = new Uint8Array(commentRows.length);
  // Rows that may still turn out hostile: unchecked ones, hits, and misses a hostile group could claim.
  // Ungrouped comments first: each of their misses lowers that bound at once.
  let mayBeHostile = commentRows.length;
  for (const grouped of [false, true])
    for (let i = 0; i < commentRows.length; i++) {
      if (groups[i]! >= 0 !== grouped) continue;
      lexiconHit[i] = comments.isHostile(text[commentRows[i]!]!) ? 1 : 0;
      if (lexiconHit[i] || grouped) continue;
      mayBeHostile--;
      const bound = { ...cheap, ...costly, hostile_share: hostileShare(mayBeHostile) };
      if (floor > 0 && scoreUpperBound(bound, config) < floor) return null;
    }
  lexiconHit.forEach((hit, i) => {
    if (hit && groups[i]! >= 0) groupComments.get(groups[i]!)!.hostile++;
  });
  // Copy-paste spreads hostility: a variant spelt to slip past the lexicon ("frauud") is as hostile
  // as its group, when a third of the group's copies are caught.
  const hostileRow = new Set<number>();
  commentRows.forEach((r, i) => {
    const group = groupComments.get(groups[i]!);
    if (lexiconHit[i] || (group && group.hostile * HOSTILE_GROUP_SHARE_INVERSE >= group.all))
      hostileRow.add(r);
  });
  const hostileActors = actorsWith(rows, actor, (r) => hostileRow.has(r));

  const finalRows =
    instigator &&
    instigator.share >= config.signals.instigator_share.threshold &&
    !rows.includes(instigator.calloutRow)
      ? Int32Array.from([instigator.calloutRow, ...rows])
      : rows;
  const signals: Record<SignalName, number> = {
    ...cheap,
    ...costly,
    hostile_share: hostileShare(hostileRow.size),
  };
  return {
    candidate,
    signals,
    rows: finalRows,
    duplicateGroup: Int32Array.from(finalRows, (r) => groupOfRow.get(r) ?? -1),
    hostile: Uint8Array.from(finalRows, (r) => (hostileRow.has(r) ? 1 : 0)),
    actors,
    targets,
    isNew,
    isOutsider,
    instigator:
      instigator && instigator.share >= config.signals.instigator_share.threshold ? instigator : null,
    counts: {
      newActors: isNew.size,
      duplicateComments,
      comments: commentRows.length,
      hostileActors: hostileActors.size,
      reporters: reporters.size,
    },
  };
}
