import type { Logger } from '../runtime/log.ts';
import type { NightDate } from './dates.ts';

export const TRACK_STATUSES = ['new', 'recurring', 'escalating'] as const;
export type TrackStatus = (typeof TRACK_STATUSES)[number];

/** A flagged cluster as track matching sees it: its numbers and its actors. */
export interface NightCluster {
  cluster_id: string;
  kind: string;
  score: number;
  n_actors: number;
  n_targets: number;
  actors: readonly string[];
}

/** The last appearance of a track on an earlier night. */
export interface TrackAppearance extends NightCluster {
  date: NightDate;
  track_id: string;
  nights_seen: number;
  first_date: NightDate;
}

/** One row of tracks.arrow: where tonight's cluster sits in the story across nights. */
export interface TrackRow {
  cluster_id: string;
  track_id: string;
  status: TrackStatus;
  previous_cluster_id: string | null;
  previous_date: NightDate | null;
  /** Overlap coefficient of the actors with the previous appearance: |A ∩ B| / min(|A|, |B|). */
  overlap: number;
  nights_seen: number;
  first_date: NightDate;
}

/** One row of repeat_actors.arrow: an account of tonight's flagged clusters also flagged on earlier nights. */
export interface RepeatActorRow {
  account_id: string;
  nights: number;
  first_date: NightDate;
  cluster_ids: string;
  track_ids: string;
}

export interface TrackConfig {
  /** Smallest actor overlap coefficient that continues a track. */
  minOverlap: number;
  /** A recurring track escalates when its score rises by at least this much… */
  escalationScoreRise: number;
  /** …or its actors grow by at least this factor, or it reaches more targets. */
  escalationActorGrowth: number;
}

export const DEFAULT_TRACK_CONFIG: TrackConfig = {
  minOverlap: 0.5,
  escalationScoreRise: 0.05,
  escalationActorGrowth: 1.25,
};

/** The defaults of a night's run, as `nightly`, `schedule` and `demo` use them. */
export const DEFAULT_NIGHTLY = {
  timeZone: 'UTC',
  lookbackDays: 7,
  trackLookbackDays: 30,
  lockMaxAgeMinutes: 360,
} as const;

export interface NightlyOptions {
  /** Root of the date-partitioned events: `eventsRoot/date=YYYY-MM-DD/*`. */
  eventsRoot: string;
  runsRoot: string;
  accounts?: string[];
  follows?: string[];
  date: NightDate;
  timeZone: string;
  /** Days before the night whose events form each target's baseline. */
  lookbackDays: number;
  /** Earlier nights whose flagged clusters tonight's are matched against. */
  trackLookbackDays: number;
  trackConfig: TrackConfig;
  /** Age after which a run's lock counts as stale even when its process seems alive. */
  lockMaxAgeMs: number;
  threads?: number;
  seed?: number;
  log: Logger;
}

export type NightStatus = 'completed' | 'no_events' | 'skipped' | 'failed';

/** What a night's run reports to the log, `--json` and the webhook. */
export interface NightSummary {
  date: NightDate;
  status: NightStatus;
  run_dir: string;
  clusters_flagged: number;
  by_kind: Record<string, number>;
  tracks: Record<TrackStatus, number>;
  repeat_actors: number;
  events_read: number;
  duration_ms: number;
  error?: string;
}
