import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTable, writeArrowFile } from '../../jobs/formats/arrow.ts';
import { writeRunFiles } from '../../jobs/output/index.ts';
import {
  CLUSTER_COLUMNS,
  FORMAT_VERSION,
  INTERACTION_COLUMNS,
  MEMBER_COLUMNS,
  NIGHTLY_FILES,
  REJECT_COLUMNS,
  REPEAT_ACTOR_COLUMNS,
  type RunManifest,
  type SignalSpec,
  type TableSpec,
  TRACK_COLUMNS,
} from '../../shared/contract/index.ts';

export const SIGNALS: SignalSpec[] = [
  {
    column: 'burst_z',
    label: 'Burst',
    description: 'robust z-score over the baseline',
    threshold: 3,
    direction: 'above',
    weight: 0.4,
  },
  {
    column: 'new_account_share',
    label: 'New accounts',
    description: 'share of actors under 7 days old',
    threshold: 0.3,
    direction: 'above',
    weight: 0.6,
  },
];

export interface FixtureCluster {
  id: string;
  kind: 'pile_on' | 'brigade';
  score: number;
  targets: string[];
  actors: string[];
  /** Minute offsets of each actor's interaction from the night's 18:00. */
  signals: [number, number];
}

/** The night's clusters: a pile-on with copy-paste hostile comments and an instigator, and a brigade. */
export function fixtureClusters(): FixtureCluster[] {
  return [
    {
      id: 'c1',
      kind: 'pile_on',
      score: 0.91,
      targets: ['victim_01'],
      actors: Array.from({ length: 12 }, (_, i) => `raider_${String(i).padStart(2, '0')}`),
      signals: [7.5, 0.58],
    },
    {
      id: 'c2',
      kind: 'brigade',
      score: 0.66,
      targets: ['creator_a', 'creator_b', 'creator_c'],
      actors: Array.from({ length: 6 }, (_, i) => `crew_${i}`),
      signals: [2.1, 0.5],
    },
  ];
}

/** Writes a run directory as a nightly run of `date` would (tracks and repeat actors included). */
export async function writeFixtureRun(
  dir: string,
  date: string,
  clusters = fixtureClusters(),
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const start = Date.parse(`${date}T18:00:00Z`);
  const empty = (names: string[]): Record<string, unknown[]> => Object.fromEntries(names.map((n) => [n, []]));
  const c = empty([...CLUSTER_COLUMNS.map((s) => s.name), ...SIGNALS.map((s) => s.column)]);
  const m = empty(MEMBER_COLUMNS.map((s) => s.name));
  const x = empty(INTERACTION_COLUMNS.map((s) => s.name));
  const push = (table: Record<string, unknown[]>, row: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(row)) table[key]!.push(value);
  };
  let event = 0;
  for (const cluster of clusters) {
    const rows: Array<Record<string, unknown>> = [];
    cluster.actors.forEach((actor, a) => {
      cluster.targets.forEach((target, t) => {
        const ts = start + (a * 3 + t * 40) * 60_000;
        const comment = a % 2 === 0;
        rows.push({
          cluster_id: cluster.id,
          event_id: `e${event++}`,
          ts,
          type: comment ? 'comment' : a % 3 === 0 ? 'report' : 'like',
          actor_id: actor,
          target_id: target,
          content_id: `v_${target}`,
          text: comment
            ? a % 4 === 0
              ? `@${target} you are a pathetic loser, log off`
              : `great video number ${a}`
            : null,
          duplicate_group: comment && a % 4 === 0 ? 1 : null,
          hostile: comment && a % 4 === 0,
        });
      });
    });
    rows.sort((p, q) => (p.ts as number) - (q.ts as number));
    for (const row of rows) push(x, row);
    const ts = rows.map((r) => r.ts as number);
    push(c, {
      cluster_id: cluster.id,
      kind: cluster.kind,
      score: cluster.score,
      first_ts: Math.min(...ts),
      last_ts: Math.max(...ts),
      n_actors: cluster.actors.length,
      n_targets: cluster.targets.length,
      n_interactions: rows.length,
      why_flagged: `${cluster.actors.length} accounts hit @${cluster.targets[0]} after @${cluster.actors[0]} called them out`,
      burst_z: cluster.signals[0],
      new_account_share: cluster.signals[1],
    });
    const member = (account: string, role: string, n: number, first: number, instigator = false): void => {
      push(m, {
        cluster_id: cluster.id,
        account_id: account,
        role,
        instigator,
        role_evidence: instigator ? `shared @${cluster.targets[0]}'s video 14 min before` : null,
        n_actions: n,
        first_ts: first,
        created_at: null,
        followers: null,
        is_new: role === 'actor' && account.endsWith('1'),
        is_outsider: role === 'actor',
      });
    };
    for (const target of cluster.targets) {
      const received = rows.filter((r) => r.target_id === target).map((r) => r.ts as number);
      member(target, 'target', cluster.actors.length, Math.min(...received));
    }
    cluster.actors.forEach((actor, a) => {
      member(actor, 'actor', cluster.targets.length, start + a * 180_000, a === 0);
    });
  }
  const manifest: RunManifest = {
    format_version: FORMAT_VERSION,
    run_id: `run-${date}`,
    detector_version: 'fixture-1',
    started_at: `${date}T23:59:00.000Z`,
    finished_at: `${date}T23:59:30.000Z`,
    status: clusters.length ? 'completed' : 'no_events',
    parameters: {},
    inputs: [
      {
        path: `/data/events/date=${date}/part-0000.arrow`,
        bytes: 1234,
        sha256: 'ab'.repeat(32),
        rows: 5000,
        role: 'events',
      },
    ],
    counts: { events_read: 5000, events_rejected: 3, duplicates: 1, clusters_flagged: clusters.length },
    timings: {},
    signals: SIGNALS,
    window: { from: `${date}T00:00:00.000Z`, to: `${date}T23:59:59.999Z` },
    date,
  };
  await writeRunFiles(dir, {
    manifest,
    clusters: c as never,
    members: m as never,
    interactions: x as never,
    rejects: empty(REJECT_COLUMNS.map((s) => s.name)) as never,
  });
  const tracks = clusters.map((cl, i) => ({
    cluster_id: cl.id,
    track_id: i === 1 ? '2026-11-01/c4' : `${date}/${cl.id}`,
    status: i === 1 ? 'escalating' : 'new',
    previous_cluster_id: i === 1 ? 'c4' : null,
    previous_date: i === 1 ? '2026-11-01' : null,
    overlap: i === 1 ? 0.83 : 0,
    nights_seen: i === 1 ? 2 : 1,
    first_date: i === 1 ? '2026-11-01' : date,
  }));
  const writeSmallTable = (name: string, spec: TableSpec, rows: Array<Record<string, unknown>>) =>
    writeArrowFile(
      join(dir, name),
      buildTable(
        spec,
        Object.fromEntries(spec.map(({ name: c }) => [c, rows.map((r) => r[c] ?? null)])) as never,
      ),
    );
  await writeSmallTable(NIGHTLY_FILES.tracks, TRACK_COLUMNS, tracks);
  const repeats = clusters.length
    ? [
        {
          account_id: 'crew_0',
          nights: 2,
          first_date: '2026-11-01',
          cluster_ids: 'c2',
          track_ids: '2026-11-01/c4',
        },
      ]
    : [];
  await writeSmallTable(NIGHTLY_FILES.repeatActors, REPEAT_ACTOR_COLUMNS, repeats);
}
