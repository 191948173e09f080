import type { TableSpec } from './columns.ts';

/** Bumped whenever a listed file or column is renamed, retyped or dropped (see the README's migration notes). */
export const FORMAT_VERSION = 1;

export const RUN_FILES = {
  manifest: 'manifest.json',
  clusters: 'clusters.arrow',
  members: 'members.arrow',
  interactions: 'interactions.arrow',
  rejects: 'rejects.arrow',
} as const;

export const CLUSTER_KINDS = ['pile_on', 'brigade'] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

export const MEMBER_ROLES = ['actor', 'target'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Columns every clusters.arrow has; the evidence columns that follow are listed in the manifest's `signals`. */
export const CLUSTER_COLUMNS: TableSpec = [
  { name: 'cluster_id', type: 'utf8', required: true, description: 'stable within the run' },
  { name: 'kind', type: 'utf8', required: true, description: 'pile_on or brigade' },
  { name: 'score', type: 'float64', required: true, description: 'strength of the evidence, in [0, 1]' },
  {
    name: 'first_ts',
    type: 'timestamp_ms',
    required: true,
    description: "first of the cluster's interactions",
  },
  {
    name: 'last_ts',
    type: 'timestamp_ms',
    required: true,
    description: "last of the cluster's interactions",
  },
  { name: 'n_actors', type: 'int32', required: true, description: 'accounts that took part' },
  { name: 'n_targets', type: 'int32', required: true, description: 'accounts acted on' },
  {
    name: 'n_interactions',
    type: 'int32',
    required: true,
    description: 'interactions in interactions.arrow',
  },
  { name: 'why_flagged', type: 'utf8', required: true, description: 'one sentence an investigator can read' },
];

export const MEMBER_COLUMNS: TableSpec = [
  { name: 'cluster_id', type: 'utf8', required: true, description: 'the cluster' },
  { name: 'account_id', type: 'utf8', required: true, description: 'the account' },
  { name: 'role', type: 'utf8', required: true, description: 'actor (took part) or target (was acted on)' },
  { name: 'instigator', type: 'bool', required: true, description: 'the account that called the target out' },
  { name: 'role_evidence', type: 'utf8', required: false, description: 'why the role was given, in words' },
  {
    name: 'n_actions',
    type: 'int32',
    required: true,
    description: 'interactions made (actor) or received (target)',
  },
  { name: 'first_ts', type: 'timestamp_ms', required: true, description: 'first interaction in the cluster' },
  { name: 'created_at', type: 'timestamp_ms', required: false, description: 'account creation, when known' },
  { name: 'followers', type: 'int64', required: false, description: 'follower count, when known' },
  { name: 'is_new', type: 'bool', required: true, description: 'account younger than the new-account age' },
  {
    name: 'is_outsider',
    type: 'bool',
    required: true,
    description: 'no follow of / earlier interaction with the target',
  },
];

/** What the explorer draws: every interaction of every flagged cluster, sorted by cluster then time. */
export const INTERACTION_COLUMNS: TableSpec = [
  { name: 'cluster_id', type: 'utf8', required: true, description: 'the cluster' },
  { name: 'event_id', type: 'utf8', required: true, description: 'the input event' },
  { name: 'ts', type: 'timestamp_ms', required: true, description: 'when it happened' },
  { name: 'type', type: 'utf8', required: true, description: 'follow, like, comment, report or share' },
  { name: 'actor_id', type: 'utf8', required: true, description: 'the account that acted' },
  { name: 'target_id', type: 'utf8', required: true, description: 'the account acted on' },
  { name: 'content_id', type: 'utf8', required: false, description: 'the video or LIVE room' },
  { name: 'text', type: 'utf8', required: false, description: 'comment text' },
  {
    name: 'duplicate_group',
    type: 'int32',
    required: false,
    description: 'near-duplicate comment group within the cluster (null when the comment is unique)',
  },
  { name: 'hostile', type: 'bool', required: true, description: 'the comment holds a hostile-lexicon term' },
];

export const REJECT_COLUMNS: TableSpec = [
  { name: 'source', type: 'utf8', required: true, description: 'the input file' },
  {
    name: 'row',
    type: 'int64',
    required: true,
    description: 'index of the row in that file (0-based, header excluded)',
  },
  { name: 'reason', type: 'utf8', required: true, description: 'why it was rejected' },
  { name: 'raw', type: 'utf8', required: false, description: 'the row as read, as JSON' },
];

/** One evidence signal: a float64 column of clusters.arrow, and how to read it beside its threshold. */
export interface SignalSpec {
  readonly column: string;
  readonly label: string;
  readonly description: string;
  /** The value at which the signal counts as evidence. */
  readonly threshold: number;
  /** Whether larger values are stronger evidence ('above') or smaller ones ('below'). */
  readonly direction: 'above' | 'below';
  /** How much the signal weighs in the score, as the detector's configuration sets it. */
  readonly weight: number;
}

export interface InputRecord {
  path: string;
  bytes: number;
  sha256: string;
  rows: number;
  role: 'events' | 'accounts' | 'follows';
}

export type RunStatus = 'completed' | 'no_events';

export interface RunManifest {
  format_version: number;
  run_id: string;
  detector_version: string;
  started_at: string;
  finished_at: string;
  status: RunStatus;
  parameters: Record<string, unknown>;
  inputs: InputRecord[];
  counts: {
    events_read: number;
    events_rejected: number;
    duplicates: number;
    clusters_flagged: number;
    [extra: string]: number;
  };
  /** Milliseconds per stage, in the order the stages ran. */
  timings: Record<string, number>;
  signals: SignalSpec[];
  /** The window the run looked at, epoch-ms: [from, to]. */
  window: { from: string; to: string } | null;
  [extra: string]: unknown;
}
