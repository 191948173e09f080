/**
 * The explorer's JSON API, shared by the server (which produces it) and the app (which reads it).
 * Every account id in it is a pseudonym; the real id only comes from the audited reveal call.
 */
import type { RunManifest, SignalSpec } from '../../shared/contract/index.ts';

export interface RunSummary {
  id: string;
  run_id: string;
  detector_version: string;
  started_at: string;
  finished_at: string;
  status: string;
  window: RunManifest['window'];
  counts: RunManifest['counts'];
  signals: SignalSpec[];
}

export interface RunList {
  runs: RunSummary[];
}

export interface QueueItem {
  cluster_id: string;
  kind: string;
  score: number;
  first_ts: number;
  last_ts: number;
  n_actors: number;
  n_targets: number;
  n_interactions: number;
  why_flagged: string;
  /** Pseudonyms of the first targets (at most three). */
  targets: string[];
  /** The case: open, in_review, escalated or closed; who holds it; the last decision's label. */
  case_state: string;
  assignee: string | null;
  decision: string | null;
}

export interface QueuePage {
  total: number;
  offset: number;
  limit: number;
  items: QueueItem[];
}

/** One signal's value beside its threshold. */
export interface EvidenceItem extends SignalSpec {
  value: number | null;
  /** Whether the value is on the evidence side of the threshold. */
  passes: boolean;
}

/** Members of a cluster, column by column (one entry per member row). */
export interface MemberColumns {
  account: string[];
  role: string[];
  instigator: boolean[];
  role_evidence: (string | null)[];
  n_actions: number[];
  first_ts: number[];
  created_at: (number | null)[];
  followers: (number | null)[];
  is_new: boolean[];
  is_outsider: boolean[];
}

/** A cluster's interactions in time order, column by column. */
export interface InteractionColumns {
  ts: number[];
  type: string[];
  actor: string[];
  target: string[];
  content_id: (string | null)[];
  text: (string | null)[];
  duplicate_group: (number | null)[];
  hostile: boolean[];
  /** Hostile terms in the text as flat [start, end) UTF-16 offset pairs; null without text. */
  hostile_spans: (number[] | null)[];
}

export interface ClusterDetail {
  run: RunSummary;
  cluster: QueueItem & { evidence: EvidenceItem[] };
  members: MemberColumns;
  interactions: InteractionColumns;
}

export interface RevealRequest {
  account: string;
  reason: string;
}

export interface RevealResponse {
  account: string;
  account_id: string;
}

export interface ApiError {
  error: string;
  message: string;
}

export interface CaseEvent {
  type: 'claim' | 'assign' | 'release' | 'decide' | 'reopen';
  at: string;
  by: string;
  assignee?: string;
  label?: string;
  reason?: string;
}

/** A cluster's case: its state, who holds it, the last decision and every event, oldest first. */
export interface CaseView {
  state: 'open' | 'in_review' | 'escalated' | 'closed';
  assignee: string | null;
  decision: { label: string; reason: string; by: string; at: string } | null;
  events: CaseEvent[];
}
