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

/** Tonight's clusters that share actors (overlap ≥ minOverlap, transitively): one group split over targets. */
function groupsOfTonight(clusters: readonly NightCluster[], minOverlap: number): number[][] {
  const parent = clusters.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const sets = clusters.map((cluster) => new Set(cluster.actors));
  for (let a = 0; a < clusters.length; a++)
    for (let b = a + 1; b < clusters.length; b++)
      if (overlapCoefficient(sets[a]!, clusters[b]!.actors) >= minOverlap) {
        const [ra, rb] = [find(a), find(b)];
        parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
  const groups = new Map<number, number[]>();
  clusters.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * Gives each of tonight's clusters a track. A track is a group of accounts: tonight's clusters that
 * share actors form one group, which continues the earlier track whose last appearance shares the
 * most actors with any of its clusters (a group split over several targets continues one track
 * several times), or starts a new track named after tonight's date and its first cluster.
 * Deterministic: ties go to the most recent night, then to the smaller ids.
 */
export function matchTracks(
  date: NightDate,
  clusters: readonly NightCluster[],
  history: readonly TrackAppearance[],
  config: TrackConfig,
): TrackRow[] {
  const groups = groupsOfTonight(clusters, config.minOverlap);
  const sets = clusters.map((cluster) => new Set(cluster.actors));
  const candidates: Array<{ group: number; track: number; overlap: number }> = [];
  groups.forEach((members, g) => {
    history.forEach((appearance, t) => {
      const overlap = Math.max(...members.map((c) => overlapCoefficient(sets[c]!, appearance.actors)));
      if (overlap >= config.minOverlap) candidates.push({ group: g, track: t, overlap });
    });
  });
  const firstId = (g: number) => clusters[groups[g]![0]!]!.cluster_id;
  candidates.sort(
    (a, b) =>
      b.overlap - a.overlap ||
      history[b.track]!.date.localeCompare(history[a.track]!.date) ||
      firstId(a.group).localeCompare(firstId(b.group)) ||
      history[a.track]!.track_id.localeCompare(history[b.track]!.track_id),
  );
  const trackOfGroup = new Map<number, number>();
  for (const candidate of candidates)
    if (!trackOfGroup.has(candidate.group)) trackOfGroup.set(candidate.group, candidate.track);
  const rows: TrackRow[] = new Array(clusters.length);
  groups.forEach((members, g) => {
    const t = trackOfGroup.get(g);
    const previous = t === undefined ? undefined : history[t]!;
    for (const c of members) {
      const cluster = clusters[c]!;
      rows[c] = previous
        ? {
            cluster_id: cluster.cluster_id,
            track_id: previous.track_id,
            status: trackStatus(cluster, previous, config),
            previous_cluster_id: previous.cluster_id,
            previous_date: previous.date,
            overlap: overlapCoefficient(sets[c]!, previous.actors),
            nights_seen: previous.nights_seen + 1,
            first_date: previous.first_date,
          }
        : {
            cluster_id: cluster.cluster_id,
            track_id: `${date}/${firstId(g)}`,
            status: 'new',
            previous_cluster_id: null,
            previous_date: null,
            overlap: 0,
            nights_seen: 1,
            first_date: date,
          };
    }
  });
  return rows;
}

/**
 * The last appearance of every track, from earlier nights' clusters and their track rows; a track
 * seen in several clusters of one night appears as their union (actors, targets, best score).
 */
export function latestAppearances(
  nights: ReadonlyArray<{ date: NightDate; clusters: readonly NightCluster[]; tracks: readonly TrackRow[] }>,
): TrackAppearance[] {
  const latest = new Map<string, TrackAppearance>();
  for (const night of [...nights].sort((a, b) => a.date.localeCompare(b.date))) {
    const trackOf = new Map(night.tracks.map((row) => [row.cluster_id, row]));
    const tonight = new Map<string, TrackAppearance>();
    for (const cluster of night.clusters) {
      // A run made without tracks (a plain detect run) still counts: each of its clusters starts a track.
      const row = trackOf.get(cluster.cluster_id);
      const trackId = row?.track_id ?? `${night.date}/${cluster.cluster_id}`;
      const seen = tonight.get(trackId);
      if (!seen) {
        tonight.set(trackId, {
          ...cluster,
          actors: [...new Set(cluster.actors)],
          date: night.date,
          track_id: trackId,
          nights_seen: row?.nights_seen ?? 1,
          first_date: row?.first_date ?? night.date,
        });
        continue;
      }
      const actors = [...new Set([...seen.actors, ...cluster.actors])];
      tonight.set(trackId, {
        ...seen,
        cluster_id: `${seen.cluster_id} ${cluster.cluster_id}`,
        score: Math.max(seen.score, cluster.score),
        n_actors: actors.length,
        n_targets: seen.n_targets + cluster.n_targets,
        actors,
      });
    }
    for (const [trackId, appearance] of tonight) latest.set(trackId, appearance);
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
