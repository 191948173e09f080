import type { EvidenceItem, QueueItem, RunSummary } from '../../explorer/shared/api.ts';
import type { TrackRow } from '../nightly/types.ts';

export const REPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Score bands of the night summary, highest first: a cluster falls in the first whose floor it reaches. */
export const SCORE_BANDS = [
  { name: 'high', floor: 0.8 },
  { name: 'medium', floor: 0.6 },
  { name: 'low', floor: 0 },
] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number]['name'];

/** One file the report was made from (or made), for the chain of custody. */
export interface CustodyEntry {
  role: 'input' | 'run_file' | 'report';
  path: string;
  bytes: number;
  sha256: string;
}

/** Counts of interactions in time bins, one series per interaction type. */
export interface TimeSeries {
  start: number;
  binMs: number;
  series: Array<{ name: string; counts: number[] }>;
}

export interface GraphNode {
  id: string;
  role: 'target' | 'instigator' | 'new_actor' | 'actor';
  actions: number;
  x: number;
  y: number;
}

export interface GraphPicture {
  nodes: GraphNode[];
  edges: Array<{ source: number; target: number; weight: number }>;
  /** Accounts left out of the picture to keep it readable. */
  omitted: number;
}

export interface ReportMember {
  account: string;
  role: string;
  instigator: boolean;
  n_actions: number;
  first_ts: number;
  is_new: boolean;
  is_outsider: boolean;
  role_evidence: string | null;
}

export interface SampleComment {
  author: string;
  target: string;
  ts: number;
  /** The comment with its hostile terms masked. */
  text: string;
  duplicate_group: number | null;
  hostile: boolean;
}

/**
 * A flagged cluster in one line: what the night summary lists and the CSV holds. The explorer's
 * queue item without who holds its case (reports name reviewers only beside their decisions).
 */
export type ClusterRow = Omit<QueueItem, 'case_state' | 'assignee' | 'decision'> & {
  band: ScoreBand;
  track_id: string | null;
  track_status: string | null;
  nights_seen: number | null;
  evidence: EvidenceItem[];
};

/** A decision on the cluster's case, or its reopening: the log's own entries, never edited. */
export interface CaseDecisionEntry {
  at: string;
  by: string;
  type: 'decide' | 'reopen';
  label: string | null;
  reason: string;
}

/** The investigators' case of the cluster, as the explorer's append-only log folds it. */
export interface ReportCase {
  state: string;
  assignee: string | null;
  decisions: CaseDecisionEntry[];
}

/** Everything a cluster report shows, with pseudonyms only. */
export interface ClusterReport {
  run: RunSummary;
  date: string | null;
  row: ClusterRow;
  track: TrackRow | null;
  by_type: Record<string, number>;
  targets: Array<{ account: string; n_actions: number }>;
  top_members: ReportMember[];
  timeline: TimeSeries;
  graph: GraphPicture;
  comments: SampleComment[];
  n_comments: number;
  case: ReportCase | null;
}

/** One night as the trend chart shows it. */
export interface NightPoint {
  date: string;
  status: string;
  by_kind: Record<string, number>;
}

export interface NightReport {
  run: RunSummary;
  date: string | null;
  clusters: ClusterRow[];
  by_kind: Record<string, Record<ScoreBand, number>>;
  tracks: Record<string, number>;
  top_targets: Array<{ account: string; clusters: number; interactions: number }>;
  repeat_actors: Array<{ account: string; nights: number; first_date: string }>;
  /** The last 30 nights up to this one, oldest first. */
  trend: NightPoint[];
}
