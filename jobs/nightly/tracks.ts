import type { NightDate } from './dates.ts';
import type {
  NightCluster,
  RepeatActorRow,
  TrackAppearance,
  TrackConfig,
  TrackRow,
  TrackStatus,
} from './types.ts';

/** Overlap coefficient |A ∩ B| / min(|A|, |B|): a smaller raid by the same group still matches. */
export function overlapCoefficient(a: ReadonlySet<string>, b: readonly string[]): number {
  const other = new Set(b);
  if (a.size === 0 || other.size === 0) return 0;
  let shared = 0;
  for (const id of other) if (a.has(id)) shared++;
  return shared / Math.min(a.size, other.size);
}

function trackStatus(cluster: NightCluster, previous: TrackAppearance, config: TrackConfig): TrackStatus {
  const escalating =
    cluster.score - previous.score >= config.escalationScoreRise ||
    cluster.n_actors >= previous.n_actors * config.escalationActorGrowth ||
    cluster.n_targets > previous.n_targets;
  return escalating ? 'escalating' : 'recurring';
}

/**
 * Gives each of tonight's clusters a track: the earlier track whose last appearance shares the most
 * actors (one cluster a track a night, best overlaps first), or a new track named after tonight's
 * date and cluster. Deterministic: ties go to the most recent night, then to the smaller ids.
 */
export function matchTracks(
  date: NightDate,
  clusters: readonly NightCluster[],
  history: readonly TrackAppearance[],
  config: TrackConfig,
): TrackRow[] {
  const candidates: Array<{ cluster: number; track: number; overlap: number }> = [];
  clusters.forEach((cluster, c) => {
    const actors = new Set(cluster.actors);
    history.forEach((appearance, t) => {
      const overlap = overlapCoefficient(actors, appearance.actors);
      if (overlap >= config.minOverlap) candidates.push({ cluster: c, track: t, overlap });
    });
  });
  candidates.sort(
    (a, b) =>
      b.overlap - a.overlap ||
      history[b.track]!.date.localeCompare(history[a.track]!.date) ||
      clusters[a.cluster]!.cluster_id.localeCompare(clusters[b.cluster]!.cluster_id) ||
      history[a.track]!.track_id.localeCompare(history[b.track]!.track_id),
  );
  const matched = new Map<number, { track: number; overlap: number }>();
  const takenTracks = new Set<number>();
  for (const candidate of candidates) {
    if (matched.has(candidate.cluster) || takenTracks.has(candidate.track)) continue;
    matched.set(candidate.cluster, candidate);
    takenTracks.add(candidate.track);
  }
  return clusters.map((cluster, c): TrackRow => {
    const match = matched.get(c);
    if (!match)
      return {
        cluster_id: cluster.cluster_id,
        track_id: `${date}/${cluster.cluster_id}`,
        status: 'new',
        previous_cluster_id: null,
        previous_date: null,
        overlap: 0,
        nights_seen: 1,
        first_date: date,
      };
    const previous = history[match.track]!;
    return {
      cluster_id: cluster.cluster_id,
      track_id: previous.track_id,
      status: trackStatus(cluster, previous, config),
      previous_cluster_id: previous.cluster_id,
      previous_date: previous.date,
      overlap: match.overlap,
      nights_seen: previous.nights_seen + 1,
      first_date: previous.first_date,
    };
  });
}

/** The last appearance of every track, from earlier nights' clusters and their track rows. */
export function latestAppearances(
  nights: ReadonlyArray<{ date: NightDate; clusters: readonly NightCluster[]; tracks: readonly TrackRow[] }>,
): TrackAppearance[] {
  const latest = new Map<string, TrackAppearance>();
  for (const night of [...nights].sort((a, b) => a.date.localeCompare(b.date))) {
    const trackOf = new Map(night.tracks.map((row) => [row.cluster_id, row]));
    for (const cluster of night.clusters) {
      // A run made without tracks (a plain detect run) still counts: each of its clusters starts a track.
      const row = trackOf.get(cluster.cluster_id);
      const trackId = row?.track_id ?? `${night.date}/${cluster.cluster_id}`;
      latest.set(trackId, {
        ...cluster,
        date: night.date,
        track_id: trackId,
        nights_seen: row?.nights_seen ?? 1,
        first_date: row?.first_date ?? night.date,
      });
    }
  }
  return [...latest.values()];
}

/**
 * Accounts acting in tonight's flagged clusters that also acted in flagged clusters on earlier
 * nights, most nights first.
 */
export function repeatActors(
  date: NightDate,
  clusters: readonly NightCluster[],
  tracks: readonly TrackRow[],
  earlierNights: ReadonlyArray<{ date: NightDate; clusters: readonly NightCluster[] }>,
): RepeatActorRow[] {
  const trackOf = new Map(tracks.map((row) => [row.cluster_id, row.track_id]));
  const tonight = new Map<string, { clusters: Set<string>; tracks: Set<string> }>();
  for (const cluster of clusters)
    for (const account of cluster.actors) {
      const entry = tonight.get(account) ?? { clusters: new Set(), tracks: new Set() };
      entry.clusters.add(cluster.cluster_id);
      entry.tracks.add(trackOf.get(cluster.cluster_id) ?? '');
      tonight.set(account, entry);
    }
  const earlierDates = new Map<string, Set<NightDate>>();
  for (const night of earlierNights)
    for (const cluster of night.clusters)
      for (const account of cluster.actors) {
        if (!tonight.has(account) || night.date >= date) continue;
        const dates = earlierDates.get(account) ?? new Set();
        dates.add(night.date);
        earlierDates.set(account, dates);
      }
  const rows: RepeatActorRow[] = [];
  for (const [account, dates] of earlierDates) {
    const entry = tonight.get(account)!;
    rows.push({
      account_id: account,
      nights: dates.size + 1,
      first_date: [...dates].sort()[0]!,
      cluster_ids: [...entry.clusters].sort().join(' '),
      track_ids: [...entry.tracks].filter(Boolean).sort().join(' '),
    });
  }
  return rows.sort((a, b) => b.nights - a.nights || a.account_id.localeCompare(b.account_id));
}
