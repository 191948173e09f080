import type { RunManifest, SignalSpec } from '../../../shared/contract/index.ts';
import { createHostileLexicon } from '../../../shared/text/hostile.ts';
import type {
  ClusterDetail,
  EvidenceItem,
  InteractionColumns,
  MemberColumns,
  QueueItem,
  RunSummary,
} from '../../shared/api.ts';
import { type Case, NEW_CASE } from '../cases/fold.ts';
import { PSEUDONYM_PATTERN } from './pseudonym.ts';
import type { LoadedRun } from './store.ts';

/** What the run list shows of a run: its manifest only (no table is read). */
export function manifestSummary(id: string, m: RunManifest): RunSummary {
  return {
    id,
    run_id: m.run_id,
    detector_version: m.detector_version,
    started_at: m.started_at,
    finished_at: m.finished_at,
    status: m.status,
    window: m.window ?? null,
    counts: m.counts,
    signals: m.signals ?? [],
  };
}

export function runSummary(run: LoadedRun): RunSummary {
  return manifestSummary(run.id, run.manifest);
}

const orNull = (value: number) => (Number.isNaN(value) ? null : value);

export function evidence(signal: SignalSpec, value: number): EvidenceItem {
  const known = !Number.isNaN(value);
  const passes =
    known && (signal.direction === 'above' ? value >= signal.threshold : value <= signal.threshold);
  return { ...signal, value: known ? value : null, passes };
}

/** Pseudonyms of the cluster's first targets. */
export function targetPseudonyms(run: LoadedRun, row: number, max: number): string[] {
  const { members } = run;
  const { offsets, rows } = members.byCluster;
  const out: string[] = [];
  for (let i = offsets[row]!; i < offsets[row + 1]! && out.length < max; i++) {
    const m = rows[i]!;
    if (members.role[m] === 'target') out.push(run.pseudonyms.get(members.account[m]!)!);
  }
  return out;
}

const MENTION = /@([A-Za-z0-9_.-]*[A-Za-z0-9_])/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The detector's sentence names accounts (as members, or as @id): the explorer shows their
 * pseudonyms instead, so that no real id reaches the page.
 */
export function pseudonymizeSentence(run: LoadedRun, row: number, sentence: string): string {
  const { offsets, rows } = run.members.byCluster;
  let out = sentence;
  for (let i = offsets[row]!; i < offsets[row + 1]!; i++) {
    const id = run.members.account[rows[i]!]!;
    if (!out.includes(id)) continue;
    const whole = new RegExp(`(?<![\\w-])${escapeRegExp(id)}(?![\\w-])`, 'g');
    out = out.replace(whole, run.pseudonymOf(id));
  }
  return out.replace(
    MENTION,
    (_match, id: string) => `@${PSEUDONYM_PATTERN.test(id) ? id : run.pseudonymOf(id)}`,
  );
}

/** The case of a cluster of this run. */
export type CaseLookup = (clusterId: string) => Case;
/** For readers without a case log (the reports): every cluster's case is new. */
const NO_CASES: CaseLookup = () => NEW_CASE;

export function queueItem(run: LoadedRun, row: number, maxTargets: number, cases = NO_CASES): QueueItem {
  const c = run.clusters;
  const held = cases(c.ids[row]!);
  return {
    cluster_id: c.ids[row]!,
    kind: c.kind[row]!,
    score: c.score[row]!,
    first_ts: c.firstTs[row]!,
    last_ts: c.lastTs[row]!,
    n_actors: c.nActors[row]!,
    n_targets: c.nTargets[row]!,
    n_interactions: c.nInteractions[row]!,
    why_flagged: pseudonymizeSentence(run, row, c.why[row]!),
    targets: targetPseudonyms(run, row, maxTargets),
    case_state: held.state,
    assignee: held.assignee,
    decision: held.decision?.label ?? null,
  };
}

function members(run: LoadedRun, row: number): MemberColumns {
  const m = run.members;
  const { offsets, rows } = m.byCluster;
  const out: MemberColumns = {
    account: [],
    role: [],
    instigator: [],
    role_evidence: [],
    n_actions: [],
    first_ts: [],
    created_at: [],
    followers: [],
    is_new: [],
    is_outsider: [],
  };
  for (let i = offsets[row]!; i < offsets[row + 1]!; i++) {
    const r = rows[i]!;
    out.account.push(run.pseudonyms.get(m.account[r]!)!);
    out.role.push(m.role[r]!);
    out.instigator.push(m.instigator[r] === 1);
    out.role_evidence.push(m.roleEvidence[r] ?? null);
    out.n_actions.push(m.nActions[r]!);
    out.first_ts.push(m.firstTs[r]!);
    out.created_at.push(orNull(m.createdAt[r]!));
    out.followers.push(orNull(m.followers[r]!));
    out.is_new.push(m.isNew[r] === 1);
    out.is_outsider.push(m.isOutsider[r] === 1);
  }
  return out;
}

const lexicon = createHostileLexicon();

/**
 * What to mask in a comment the detector found hostile (the lexicon pass is not free, so only
 * those): the terms the shared lexicon places, or the whole text when it places none (the detector
 * also counts a near-copy of a hostile comment as hostile).
 */
export function maskedSpans(text: string): number[] {
  const spans = lexicon.spans(text);
  return spans.length ? spans : [0, text.length];
}

function interactions(run: LoadedRun, row: number): InteractionColumns {
  const x = run.interactions;
  const { offsets, rows } = x.byCluster;
  const out: InteractionColumns = {
    ts: [],
    type: [],
    actor: [],
    target: [],
    content_id: [],
    text: [],
    duplicate_group: [],
    hostile: [],
    hostile_spans: [],
  };
  for (let i = offsets[row]!; i < offsets[row + 1]!; i++) {
    const r = rows[i]!;
    const text = x.text[r] ?? null;
    out.ts.push(x.ts[r]!);
    out.type.push(x.type[r]!);
    out.actor.push(run.pseudonyms.get(x.actor[r]!)!);
    out.target.push(run.pseudonyms.get(x.target[r]!)!);
    out.content_id.push(x.contentId[r] ?? null);
    out.text.push(text);
    out.duplicate_group.push(orNull(x.duplicateGroup[r]!));
    out.hostile.push(x.hostile[r] === 1);
    out.hostile_spans.push(text !== null && x.hostile[r] === 1 ? maskedSpans(text) : null);
  }
  return out;
}

/** Everything the cluster view draws, with every account id replaced by its pseudonym. */
export function clusterDetail(run: LoadedRun, row: number, cases = NO_CASES): ClusterDetail {
  const c = run.clusters;
  return {
    run: runSummary(run),
    cluster: {
      ...queueItem(run, row, Number.POSITIVE_INFINITY, cases),
      evidence: run.signals.map((signal, i) => evidence(signal, c.signals[i]![row]!)),
    },
    members: members(run, row),
    interactions: interactions(run, row),
  };
}
