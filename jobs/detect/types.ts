import type { SharedStrings } from '../ingest/dictionary.ts';
import type { EventColumns } from '../ingest/types.ts';
import type { Candidate } from './candidates.ts';
import type { RowGrouping } from './event-index.ts';
import type { ClusterEvidence } from './evidence.ts';

/** The evidence signals of a cluster: one float64 column of clusters.arrow each, in this order. */
export const SIGNAL_NAMES = [
  'burst_z',
  'new_account_share',
  'outsider_share',
  'instigator_share',
  'near_duplicate_share',
  'hostile_share',
  'report_share',
  'synchrony',
  'self_targeting_share',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/**
 * How the score reads a signal: harm (is it abuse?), coordination (is it organised?), reach (are
 * the actors strangers to the target?, a factor) or a discount.
 */
export type SignalRole = 'harm' | 'coordination' | 'reach' | 'discount';

export interface SignalSetting {
  /** The value at which the signal counts as full evidence. */
  threshold: number;
  /** Its weight within its role's combination, in [0, 1]. */
  weight: number;
}

/** Every threshold of the detector; `--config FILE` overrides any of them (see the README). */
export interface DetectConfig {
  /** An account younger than this at its first action in a cluster is new. */
  new_account_days: number;
  /** Bin widths of the multi-scale burst detection. */
  burst_bin_minutes: number[];
  /** Robust z-score a bin's distinct actors must reach to open a pile-on candidate. */
  burst_candidate_z: number;
  /** Distinct actors a bin needs to open a pile-on candidate. */
  burst_min_actors: number;
  /** Co-action windows, tightest first, and the weight of a co-action found within each. */
  coaction_windows_seconds: number[];
  coaction_window_weights: number[];
  /** Later events an event is paired with on one object at most: bounds the pairs on hot objects. */
  coaction_max_neighbors: number;
  /** A pair's weight on one target below which it is not kept (window weight × popularity weight). */
  coaction_min_weight: number;
  /** Distinct targets two accounts must have co-acted on for an edge of the coordination graph. */
  min_shared_targets: number;
  /** Louvain resolution on the coordination graph. */
  louvain_resolution: number;
  /** A brigade's target must have been acted on by at least this share of the group... */
  brigade_target_share: number;
  /** ...and at least this many times the share of all accounts that acted on it (popular accounts say nothing). */
  brigade_target_lift: number;
  /** ...and the group needs at least this many such targets. */
  brigade_min_targets: number;
  /** Fewest actors of a flagged cluster. */
  min_actors: number;
  /** How long before a burst a call-out can come. */
  instigator_lookback_minutes: number;
  /** Estimated Jaccard similarity (MinHash, char 5-grams) of near-duplicate comments. */
  near_duplicate_jaccard: number;
  /** Distinct authors a group of near-duplicates needs. */
  near_duplicate_min_authors: number;
  /** Synchrony windows by event type (follow, like, comment, report, share). */
  synchrony_seconds: { follow: number; like: number; comment: number; report: number; share: number };
  /** Score at or above which a cluster is flagged. */
  flag_score: number;
  /** Share of a cluster's actors already in a higher-scored flagged cluster that makes it a repeat. */
  repeat_overlap: number;
  signals: Record<SignalName, SignalSetting>;
}

/** One shard's events, as transferable typed arrays: everything the per-shard stage needs. */
export interface ShardTask {
  shard: number;
  ts: Float64Array;
  actor: Int32Array;
  target: Int32Array;
  content: Int32Array;
  /** Span of the whole input, epoch-ms: every target's baseline bins cover it. */
  dataStart: number;
  dataEnd: number;
  /** Accounts in the run: pair keys are `low * accountCount + high`. */
  accountCount: number;
  /**
   * Every target of the task has the same low `targetShift` bits (its shard's): its targets are
   * counted in a table that much smaller than one per account, which the caches hold.
   */
  targetShift: number;
  config: Pick<
    DetectConfig,
    | 'burst_bin_minutes'
    | 'burst_candidate_z'
    | 'burst_min_actors'
    | 'coaction_windows_seconds'
    | 'coaction_window_weights'
    | 'coaction_max_neighbors'
    | 'coaction_min_weight'
  >;
}

/** Bursts on targets and their videos, as parallel arrays (one entry an episode). */
export interface BurstEpisodes {
  target: Int32Array;
  /** The video or LIVE room whose own baseline it broke, -1 for the account's. */
  content: Int32Array;
  start: Float64Array;
  end: Float64Array;
  /** Highest robust z-score of the episode's bins. */
  z: Float64Array;
  /** Bin width (minutes) that found it. */
  scaleMinutes: Float64Array;
}

/** Co-action pairs of a shard, sorted by key: `key = low * accountCount + high`. */
export interface PairTable {
  key: Float64Array;
  /** Sum over shared targets of the best window weight × popularity weight there. */
  weight: Float64Array;
  /** Distinct targets co-acted on. */
  targets: Int32Array;
}

export interface ShardResult {
  shard: number;
  episodes: BurstEpisodes;
  pairs: PairTable;
  /** Distinct accounts that acted on each of the shard's targets. */
  reach: { target: Int32Array; actors: Int32Array };
}

/** Marks of the pair keys seen in one shard's table and in two or more (see `PairKeysSeen`). */
export interface PairKeyBitmaps {
  once: Int32Array;
  twice: Int32Array;
}

/** Once the last shard is in: one range of keys of their pair tables to merge (see `splitByKey`). */
export interface MergeTask {
  stage: 'merge';
  /** The shards' tables in shard order, each cut to the range (views of shared memory). */
  tables: PairTable[];
  /** Their keys, marked as they came in (shared memory); null to mark them in the merge. */
  keysSeen: PairKeyBitmaps | null;
  minTargets: number;
}

export interface MergeResult {
  /** The range's pairs on at least `minTargets` targets. */
  pairs: PairTable;
  /** Time the merge took in its thread. */
  mergeMs: number;
}

/** First of all: the events the run keeps grouped by target and by actor, and the follow graph (see indexStage). */
export interface IndexTask {
  stage: 'index';
  /** The columns it reads, and the rows kept, on shared memory. */
  columns: Pick<EventColumns, 'length' | 'ts' | 'target' | 'actor'>;
  keep: Uint8Array;
  accountCount: number;
  /** The follow graph's edges as account codes, on shared memory. */
  follows: { follower: Int32Array; followee: Int32Array };
}

export interface IndexResult {
  byTarget: RowGrouping;
  byActor: RowGrouping;
  followGraph: { offsets: Int32Array; followers: Int32Array };
  /** Time the grouping took in its thread. */
  indexMs: number;
}

/** Also first: the input's baselines the evidence compares with (see baselinesStage). */
export interface BaselinesTask {
  stage: 'baselines';
  /** The events' comment codes, the rows kept and the comments, on shared memory. */
  text: Int32Array;
  keep: Uint8Array;
  texts: SharedStrings;
}

export interface BaselinesResult {
  /** Share of all the input's comments that are hostile. */
  hostileBaseRate: number;
  /** Time the baselines took in their thread. */
  baselinesMs: number;
}

/** A shard's pile-on candidates, screened and weighed (see shardPileOns). */
export interface ShardPileOns {
  shard: number;
  /** Each candidate with its evidence, null when ruled out. */
  pileOns: Array<{ candidate: Candidate; evidence: ClusterEvidence | null }>;
  /** Time the screening took, and the weighing of those it kept. */
  screeningMs: number;
  weighingMs: number;
}
