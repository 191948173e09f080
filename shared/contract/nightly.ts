import type { TableSpec } from './columns.ts';

/** Files a nightly run adds to its run directory, beside RUN_FILES. */
export const NIGHTLY_FILES = {
  tracks: 'tracks.arrow',
  repeatActors: 'repeat_actors.arrow',
} as const;

/**
 * tracks.arrow: one row per flagged cluster, tying it to the same group of accounts on earlier nights
 * (clusters of one night that share actors belong to one track).
 */
export const TRACK_COLUMNS: TableSpec = [
  { name: 'cluster_id', type: 'utf8', required: true, description: 'the cluster of this run' },
  {
    name: 'track_id',
    type: 'utf8',
    required: true,
    description: 'stable across nights: FIRST_DATE/CLUSTER_ID of the first night the group was flagged',
  },
  { name: 'status', type: 'utf8', required: true, description: 'new, recurring or escalating' },
  {
    name: 'previous_cluster_id',
    type: 'utf8',
    required: false,
    description: "the track's cluster(s) on its last earlier night, space-separated",
  },
  { name: 'previous_date', type: 'utf8', required: false, description: 'that night, YYYY-MM-DD' },
  {
    name: 'overlap',
    type: 'float64',
    required: true,
    description:
      "actors shared with the track's previous appearance / the smaller of the two actor sets (0 when new)",
  },
  { name: 'nights_seen', type: 'int32', required: true, description: 'nights the track has been flagged' },
  { name: 'first_date', type: 'utf8', required: true, description: 'first night the track was flagged' },
];

/** repeat_actors.arrow: accounts acting in this night's flagged clusters and in those of earlier nights. */
export const REPEAT_ACTOR_COLUMNS: TableSpec = [
  { name: 'account_id', type: 'utf8', required: true, description: 'the account' },
  { name: 'nights', type: 'int32', required: true, description: 'nights flagged, this one included' },
  { name: 'first_date', type: 'utf8', required: true, description: 'first earlier night it was flagged' },
  {
    name: 'cluster_ids',
    type: 'utf8',
    required: true,
    description: "this night's clusters, space-separated",
  },
  { name: 'track_ids', type: 'utf8', required: true, description: 'their tracks, space-separated' },
];
