import type { Case } from '../../explorer/server/cases/fold.ts';
import type { ClusterDetail, InteractionColumns } from '../../explorer/shared/api.ts';
import { EVENT_TYPES } from '../../shared/contract/index.ts';
import type { TrackRow } from '../nightly/types.ts';
import { type GraphPictureOptions, graphPicture } from './graph-picture.ts';
import {
  type CaseDecisionEntry,
  type ClusterReport,
  type ClusterRow,
  type NightPoint,
  type NightReport,
  type ReportCase,
  type SampleComment,
  SCORE_BANDS,
  type ScoreBand,
  type TimeSeries,
} from './types.ts';

export function scoreBand(score: number): ScoreBand {
  return SCORE_BANDS.find((band) => score >= band.floor)?.name ?? 'low';
}

const MINUTE = 60_000;
/** Bin widths a reader takes in at a glance, smallest first. */
const BIN_WIDTHS = [1, 5, 10, 15, 30, 60, 180, 360, 720, 1440].map((m) => m * MINUTE);

/** Interactions counted per type in the fewest round-width bins that keep to `maxBins` over the span. */
export function timeSeries(
  interactions: Pick<InteractionColumns, 'ts' | 'type'>,
  from: number,
  to: number,
  maxBins = 48,
): TimeSeries {
  const span = Math.max(to - from, 1);
  const binMs =
    BIN_WIDTHS.find((width) => span / width <= maxBins) ?? Math.ceil(span / maxBins / MINUTE) * MINUTE;
  const start = Math.floor(from / binMs) * binMs;
  const bins = Math.floor((to - start) / binMs) + 1;
  const series = EVENT_TYPES.map((name) => ({ name, counts: new Array<number>(bins).fill(0) }));
  interactions.ts.forEach((ts, i) => {
    const entry = series.find((s) => s.name === interactions.type[i]);
    const bin = Math.floor((ts - start) / binMs);
    if (entry && bin >= 0 && bin < bins) entry.counts[bin]!++;
  });
  return { start, binMs, series: series.filter((s) => s.counts.some((n) => n > 0)) };
}

/** The comment with each hostile span replaced by bullets of the same length (first letter kept). */
export function maskText(text: string, spans: readonly number[] | null): string {
  if (!spans?.length) return text;
  let out = '';
  let at = 0;
  for (let i = 0; i + 1 < spans.length; i += 2) {
    const [start, end] = [spans[i]!, spans[i + 1]!];
    out += text.slice(at, start) + text[start] + '•'.repeat(Math.max(end - start - 1, 0));
    at = end;
  }
  return out + text.slice(at);
}

/**
 * Up to `max` comments a reader should see, their text as the detail holds it (already made safe):
 * one of each near-duplicate group (the copy-paste campaign), then hostile ones, then the rest;
 * shown in time order.
 */
export function sampleComments(interactions: InteractionColumns, max: number): SampleComment[] {
  const picked: number[] = [];
  const groups = new Set<number>();
  const comments = interactions.text.flatMap((text, i) => (text === null ? [] : [i]));
  const take = (i: number) => picked.length < max && !picked.includes(i) && picked.push(i);
  for (const i of comments) {
    const group = interactions.duplicate_group[i];
    if (group !== null && group !== undefined && !groups.has(group)) {
      groups.add(group);
      take(i);
    }
  }
  // Copies of a group already shown come last: variety tells the reader more.
  const fresh = (i: number) => {
    const group = interactions.duplicate_group[i];
    return group === null || group === undefined || !groups.has(group);
  };
  for (const i of comments) if (interactions.hostile[i] && fresh(i)) take(i);
  for (const i of comments) if (fresh(i)) take(i);
  for (const i of comments) take(i);
  return picked
    .sort((a, b) => interactions.ts[a]! - interactions.ts[b]!)
    .map((i) => ({
      author: interactions.actor[i]!,
      target: interactions.target[i]!,
      ts: interactions.ts[i]!,
      text: interactions.text[i]!,
      duplicate_group: interactions.duplicate_group[i] ?? null,
      hostile: interactions.hostile[i]!,
    }));
}

export function clusterRow(detail: ClusterDetail, track: TrackRow | null): ClusterRow {
  const { case_state: _state, assignee: _assignee, decision: _decision, ...cluster } = detail.cluster;
  return {
    ...cluster,
    band: scoreBand(cluster.score),
    track_id: track?.track_id ?? null,
    track_status: track?.status ?? null,
    nights_seen: track?.nights_seen ?? null,
  };
}

/** The decisions (and reopenings) of a case, in log order. */
export function reportCase(found: Case | null): ReportCase | null {
  if (!found) return null;
  const decisions = found.events.flatMap((event): CaseDecisionEntry[] =>
    event.type === 'decide' || event.type === 'reopen'
      ? [
          {
            at: event.at,
            by: event.by,
            type: event.type,
            label: event.type === 'decide' ? event.label : null,
            reason: event.reason,
          },
        ]
      : [],
  );
  return { state: found.state, assignee: found.assignee, decisions };
}

export interface ClusterReportOptions {
  date: string | null;
  maxMembers: number;
  maxComments: number;
  picture: GraphPictureOptions;
}

/** A cluster report's content from the explorer's pseudonymised cluster detail and its track. */
export function clusterReport(
  detail: ClusterDetail,
  track: TrackRow | null,
  found: Case | null,
  options: ClusterReportOptions,
): ClusterReport {
  const { members, interactions } = detail;
  const byType: Record<string, number> = {};
  for (const type of interactions.type) byType[type] = (byType[type] ?? 0) + 1;
  const rows = members.account.map((_, i) => i);
  const targets = rows
    .filter((i) => members.role[i] === 'target')
    .map((i) => ({ account: members.account[i]!, n_actions: members.n_actions[i]! }))
    .sort((a, b) => b.n_actions - a.n_actions || a.account.localeCompare(b.account));
  const topMembers = rows
    .filter((i) => members.role[i] === 'actor')
    .sort(
      (a, b) =>
        Number(members.instigator[b]) - Number(members.instigator[a]) ||
        members.n_actions[b]! - members.n_actions[a]! ||
        members.first_ts[a]! - members.first_ts[b]!,
    )
    .slice(0, options.maxMembers)
    .map((i) => ({
      account: members.account[i]!,
      role: members.role[i]!,
      instigator: members.instigator[i]!,
      n_actions: members.n_actions[i]!,
      first_ts: members.first_ts[i]!,
      is_new: members.is_new[i]!,
      is_outsider: members.is_outsider[i]!,
      role_evidence: members.role_evidence[i] ?? null,
    }));
  return {
    run: detail.run,
    date: options.date,
    row: clusterRow(detail, track),
    track,
    by_type: byType,
    targets,
    top_members: topMembers,
    timeline: timeSeries(interactions, detail.cluster.first_ts, detail.cluster.last_ts),
    graph: graphPicture(detail, options.picture),
    comments: sampleComments(interactions, options.maxComments),
    n_comments: interactions.text.filter((text) => text !== null).length,
    case: reportCase(found),
  };
}

/** The night summary's content from every flagged cluster of the run, its repeat actors and its trend. */
export function nightReport(
  run: NightReport['run'],
  date: string | null,
  details: ReadonlyArray<{ detail: ClusterDetail; track: TrackRow | null }>,
  repeatActors: NightReport['repeat_actors'],
  trend: NightPoint[],
  maxTargets = 10,
): NightReport {
  const byKind: NightReport['by_kind'] = {};
  const tracks: Record<string, number> = {};
  const targets = new Map<string, { clusters: number; interactions: number }>();
  const clusters = details.map(({ detail, track }) => {
    const row = clusterRow(detail, track);
    byKind[row.kind] ??= { high: 0, medium: 0, low: 0 };
    byKind[row.kind]![row.band]++;
    if (track) tracks[track.status] = (tracks[track.status] ?? 0) + 1;
    const { members } = detail;
    members.account.forEach((account, i) => {
      if (members.role[i] !== 'target') return;
      const entry = targets.get(account) ?? { clusters: 0, interactions: 0 };
      entry.clusters++;
      entry.interactions += members.n_actions[i]!;
      targets.set(account, entry);
    });
    return row;
  });
  const topTargets = [...targets]
    .map(([account, counts]) => ({ account, ...counts }))
    .sort(
      (a, b) =>
        b.clusters - a.clusters || b.interactions - a.interactions || a.account.localeCompare(b.account),
    )
    .slice(0, maxTargets);
  return {
    run,
    date,
    clusters,
    by_kind: byKind,
    tracks,
    top_targets: topTargets,
    repeat_actors: repeatActors,
    trend,
  };
}
