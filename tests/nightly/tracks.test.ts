import { describe, expect, it } from 'vitest';
import {
  latestAppearances,
  matchTracks,
  overlapCoefficient,
  repeatActors,
} from '../../jobs/nightly/tracks.ts';
import { DEFAULT_TRACK_CONFIG, type NightCluster } from '../../jobs/nightly/types.ts';

function cluster(id: string, actors: string[], extra: Partial<NightCluster> = {}): NightCluster {
  return {
    cluster_id: id,
    kind: 'brigade',
    score: 0.7,
    n_actors: actors.length,
    n_targets: 2,
    actors,
    ...extra,
  };
}

const group = (prefix: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);

describe('tracks across nights', () => {
  it('measures overlap against the smaller group', () => {
    expect(overlapCoefficient(new Set(group('a', 10)), group('a', 4))).toBe(1);
    expect(overlapCoefficient(new Set(group('a', 10)), group('b', 4))).toBe(0);
    expect(overlapCoefficient(new Set(), ['a'])).toBe(0);
  });

  it('keeps a track id for the same group, new for a different one, escalating when it grows', () => {
    const night1 = [cluster('c1', group('a', 10)), cluster('c2', group('b', 8), { kind: 'pile_on' })];
    const tracks1 = matchTracks('2026-11-01', night1, [], DEFAULT_TRACK_CONFIG);
    expect(tracks1.map((t) => [t.track_id, t.status])).toEqual([
      ['2026-11-01/c1', 'new'],
      ['2026-11-01/c2', 'new'],
    ]);

    // Night 2: group a again (7 of its 10, ids renumbered by the detector), group c is new.
    const night2 = [
      cluster('c1', group('c', 9)),
      cluster('c2', group('a', 7, 3), { score: 0.68, n_targets: 2 }),
    ];
    const history2 = latestAppearances([{ date: '2026-11-01', clusters: night1, tracks: tracks1 }]);
    const tracks2 = matchTracks('2026-11-02', night2, history2, DEFAULT_TRACK_CONFIG);
    expect(tracks2[0]).toMatchObject({ track_id: '2026-11-02/c1', status: 'new', nights_seen: 1 });
    expect(tracks2[1]).toMatchObject({
      track_id: '2026-11-01/c1',
      status: 'recurring',
      previous_cluster_id: 'c1',
      previous_date: '2026-11-01',
      overlap: 1,
      nights_seen: 2,
      first_date: '2026-11-01',
    });

    // Night 4 (nothing on night 3): group a raids more targets with more accounts.
    const night4 = [cluster('c9', group('a', 14), { n_targets: 4 })];
    const history4 = latestAppearances([
      { date: '2026-11-01', clusters: night1, tracks: tracks1 },
      { date: '2026-11-02', clusters: night2, tracks: tracks2 },
    ]);
    const [track4] = matchTracks('2026-11-04', night4, history4, DEFAULT_TRACK_CONFIG);
    expect(track4).toMatchObject({
      track_id: '2026-11-01/c1',
      status: 'escalating',
      previous_date: '2026-11-02',
      previous_cluster_id: 'c2',
      nights_seen: 3,
    });
  });

  it('puts clusters of one night that share actors on one track, other groups on their own', () => {
    const night1 = [cluster('c1', group('a', 10))];
    const tracks1 = matchTracks('2026-11-01', night1, [], DEFAULT_TRACK_CONFIG);
    // Night 2: group a split over two targets (two clusters), and an unrelated group b.
    const night2 = [cluster('x', group('a', 4)), cluster('y', group('a', 6, 4)), cluster('z', group('b', 5))];
    const history = latestAppearances([{ date: '2026-11-01', clusters: night1, tracks: tracks1 }]);
    const tracks2 = matchTracks('2026-11-02', night2, history, DEFAULT_TRACK_CONFIG);
    expect(tracks2.map((t) => [t.cluster_id, t.track_id, t.nights_seen])).toEqual([
      ['x', '2026-11-01/c1', 2],
      ['y', '2026-11-01/c1', 2],
      ['z', '2026-11-02/z', 1],
    ]);
    // Night 3 sees the union of night 2's clusters of the track as its last appearance.
    const [appearance] = latestAppearances([
      { date: '2026-11-02', clusters: night2, tracks: tracks2 },
    ]).filter((a) => a.track_id === '2026-11-01/c1');
    expect(appearance).toMatchObject({ cluster_id: 'x y', n_actors: 10, n_targets: 4 });
    // Two new clusters of one night that share actors start one track together.
    const fresh = matchTracks(
      '2026-11-03',
      [cluster('p', group('q', 6)), cluster('r', group('q', 6, 2))],
      [],
      DEFAULT_TRACK_CONFIG,
    );
    expect(fresh.map((t) => t.track_id)).toEqual(['2026-11-03/p', '2026-11-03/p']);
  });

  it('lists accounts flagged on earlier nights as repeat actors', () => {
    const earlier = [
      { date: '2026-11-01', clusters: [cluster('c1', ['a', 'b', 'c'])] },
      { date: '2026-11-02', clusters: [cluster('c1', ['a', 'd'])] },
    ];
    const tonight = [cluster('c5', ['a', 'b', 'z'])];
    const tracks = matchTracks('2026-11-03', tonight, [], DEFAULT_TRACK_CONFIG);
    expect(repeatActors('2026-11-03', tonight, tracks, earlier)).toEqual([
      { account_id: 'a', nights: 3, first_date: '2026-11-01', cluster_ids: 'c5', track_ids: '2026-11-03/c5' },
      { account_id: 'b', nights: 2, first_date: '2026-11-01', cluster_ids: 'c5', track_ids: '2026-11-03/c5' },
    ]);
  });
});
