import { EVENT_TYPES } from '../../shared/contract/index.ts';
import type { EventIndex } from './event-index.ts';
import type { ClusterEvidence } from './evidence.ts';
import { strength } from './score.ts';
import type { DetectConfig } from './types.ts';

const PAST_TENSE: Record<string, string> = {
  follow: 'followed',
  like: 'liked',
  comment: 'commented on',
  report: 'reported',
  share: 'shared',
};

export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** What the instigator did, in words: "shared @victim's video 14 min before the burst". */
export function calloutPhrase(
  evidence: ClusterEvidence,
  index: EventIndex,
  handle: (a: number) => string,
): string {
  const instigator = evidence.instigator!;
  const { ts, type } = index.columns;
  const firstOthers = evidence.candidate.rows[0]!;
  const lead = Math.max(0, ts[firstOthers]! - ts[instigator.calloutRow]!);
  const verb = PAST_TENSE[EVENT_TYPES[type[instigator.calloutRow]!]!]!;
  return `${verb} ${handle(instigator.target)} ${formatDuration(lead)} before`;
}

/**
 * One sentence an investigator can read, built from the strongest signals: who, on whom, how fast,
 * and the evidence that they were organised and hostile.
 */
export function whyFlagged(
  evidence: ClusterEvidence,
  index: EventIndex,
  config: DetectConfig,
  handle: (a: number) => string,
): string {
  const { signals, counts, actors, targets } = evidence;
  const { ts } = index.columns;
  const rows = evidence.candidate.rows;
  const span = formatDuration(ts[rows[rows.length - 1]!]! - ts[rows[0]!]!);
  const who =
    signals.new_account_share >= config.signals.new_account_share.threshold
      ? `${actors.length} accounts (${percent(signals.new_account_share)} created within ${config.new_account_days} days)`
      : `${actors.length} accounts`;
  const onWhom =
    targets.length === 1
      ? `hit ${handle(targets[0]!)} within ${span}`
      : `acted together on ${targets.length} targets (${Array.from(targets.subarray(0, 3), handle).join(', ')}${targets.length > 3 ? ', …' : ''}) over ${span}`;
  const clauses: Array<[number, string]> = [
    [
      strength(signals.near_duplicate_share, config.signals.near_duplicate_share.threshold),
      `${counts.duplicateComments} near-identical comments`,
    ],
    [
      strength(signals.hostile_share, config.signals.hostile_share.threshold),
      `${counts.hostileActors} posted hostile language`,
    ],
    [strength(signals.report_share, config.signals.report_share.threshold), `${counts.reporters} reported`],
    [
      strength(signals.synchrony, config.signals.synchrony.threshold),
      `${percent(signals.synchrony)} of actions in lockstep`,
    ],
    [
      strength(signals.outsider_share, config.signals.outsider_share.threshold) * 0.5,
      `${percent(signals.outsider_share)} had never engaged before`,
    ],
  ];
  const evidenceText = clauses
    .filter(([s]) => s >= 0.5)
    .sort((a, b) => b[0] - a[0])
    .map(([, text]) => text)
    .join(', ');
  const origin = evidence.instigator
    ? `; ${percent(evidence.instigator.rawShare)} follow or engaged with ${handle(evidence.instigator.account)}, who ${calloutPhrase(evidence, index, handle)}`
    : '';
  return `${who} ${onWhom}${evidenceText ? `: ${evidenceText}` : ''}${origin}.`;
}
