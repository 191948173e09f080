import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRng } from '../../jobs/detect/graph.ts';
import { writeRunDirectory, writeRunFiles } from '../../jobs/output/index.ts';
import { FORMAT_VERSION, type RunManifest, type SignalSpec } from '../../shared/contract/index.ts';

export const XSS_COMMENT = '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> you loser';

export const FIXTURE_SIGNALS: SignalSpec[] = [
  {
    column: 'burst_z',
    label: 'Burst',
    description: 'robust z-score against the target baseline',
    threshold: 3,
    direction: 'above',
    weight: 0.4,
  },
  {
    column: 'new_share',
    label: 'New accounts',
    description: 'share of actors younger than 7 days',
    threshold: 0.3,
    direction: 'above',
    weight: 0.3,
  },
  {
    column: 'median_gap_s',
    label: 'Median gap',
    description: 'median seconds between actions',
    threshold: 60,
    direction: 'below',
    weight: 0.3,
  },
];

const TYPES = ['follow', 'like', 'comment', 'report', 'share'] as const;
const DAY = 86_400_000;

export interface FixtureOptions {
  clusters?: number;
  /** Actors of the first (largest) cluster; the others get fewer. */
  actors?: number;
  /** Interactions of the first cluster. */
  interactions?: number;
  seed?: number;
  start?: number;
}

type Col = (string | number | boolean | null)[];

/**
 * Writes one run directory of hand-made pile-ons: cluster c0 is the largest, holds the hostile
 * comments (an HTML-injection attempt among them) and near-duplicate groups.
 */
export async function writeFixtureRun(dir: string, options: FixtureOptions = {}): Promise<void> {
  const {
    clusters = 3,
    actors = 40,
    interactions = 200,
    seed = 1,
    start = Date.UTC(2026, 10, 21, 12),
  } = options;
  const rand = seededRng(seed);
  const c: Record<string, Col> = {};
  const m: Record<string, Col> = {};
  const x: Record<string, Col> = {};
  const push = (cols: Record<string, Col>, row: Record<string, string | number | boolean | null>) => {
    for (const [k, v] of Object.entries(row)) {
      cols[k] ??= [];
      cols[k].push(v);
    }
  };
  for (let k = 0; k < clusters; k++) {
    const id = `c${String(k).padStart(4, '0')}`;
    const nActors = Math.max(3, Math.round(actors / (1 + k)));
    const nInteractions = Math.max(nActors, Math.round(interactions / (1 + k)));
    const target = `creator_${k}`;
    const t0 = start + k * 3_600_000;
    const span = 2 * 3_600_000;
    const actorIds = Array.from({ length: nActors }, (_, i) => `user_${k}_${i}`);
    const counts = new Map<string, number>();
    const firsts = new Map<string, number>();
    let last = t0;
    for (let i = 0; i < nInteractions; i++) {
      const ts = Math.round(t0 + (span * i) / nInteractions + rand() * 1000);
      const actor = actorIds[i % nActors]!;
      const type = TYPES[Math.floor(rand() * TYPES.length)]!;
      const isComment = type === 'comment';
      let text: string | null = null;
      let group: number | null = null;
      if (isComment) {
        if (k === 0 && i < 10) text = XSS_COMMENT;
        else if (i % 3 === 0) {
          text = 'nobody asked, go away';
          group = 1;
        } else text = `comment number ${i}`;
      }
      push(x, {
        cluster_id: id,
        event_id: `e_${k}_${i}`,
        ts,
        type,
        actor_id: actor,
        target_id: target,
        content_id: type === 'follow' || type === 'report' ? null : `video_${k}`,
        text,
        duplicate_group: group,
        hostile: text?.includes('loser') ?? false,
      });
      counts.set(actor, (counts.get(actor) ?? 0) + 1);
      if (!firsts.has(actor)) firsts.set(actor, ts);
      last = Math.max(last, ts);
    }
    push(m, memberRow(id, target, 'target', nInteractions, t0, t0 - 900 * DAY, false));
    actorIds.forEach((actor, i) => {
      push(
        m,
        memberRow(
          id,
          actor,
          'actor',
          counts.get(actor) ?? 0,
          firsts.get(actor) ?? t0,
          t0 - (i % 4 === 0 ? 2 : 400) * DAY,
          i === 0,
        ),
      );
    });
    push(c, {
      cluster_id: id,
      kind: k % 3 === 2 ? 'brigade' : 'pile_on',
      score: Math.round((0.95 - k * 0.05) * 1000) / 1000,
      first_ts: t0,
      last_ts: last,
      n_actors: nActors,
      n_targets: 1,
      n_interactions: nInteractions,
      why_flagged: `${nActors} accounts, a quarter of them new, flooded ${target} within two hours after a call-out by @caller_${k}.`,
      burst_z: 8 - k * 0.5,
      new_share: 0.25,
      median_gap_s: 30 + k,
    });
  }
  const manifest: RunManifest = {
    format_version: FORMAT_VERSION,
    run_id: `fixture-${seed}`,
    detector_version: 'fixture',
    started_at: new Date(start + DAY).toISOString(),
    finished_at: new Date(start + DAY + 1000).toISOString(),
    status: 'completed',
    parameters: {},
    inputs: [],
    counts: { events_read: x.ts?.length ?? 0, events_rejected: 0, duplicates: 0, clusters_flagged: clusters },
    timings: {},
    signals: FIXTURE_SIGNALS,
    window: { from: new Date(start).toISOString(), to: new Date(start + DAY).toISOString() },
  };
  await writeRunDirectory(dir, (tmp) =>
    writeRunFiles(tmp, {
      manifest,
      clusters: c,
      members: m,
      interactions: x,
      rejects: { source: [], row: [], reason: [], raw: [] },
    }),
  );
}

function memberRow(
  cluster: string,
  account: string,
  role: 'actor' | 'target',
  nActions: number,
  firstTs: number,
  createdAt: number,
  instigator: boolean,
) {
  return {
    cluster_id: cluster,
    account_id: account,
    role,
    instigator,
    role_evidence: instigator ? 'called the target out 10 minutes before the burst' : null,
    n_actions: nActions,
    first_ts: firstTs,
    created_at: createdAt,
    followers: role === 'target' ? 120_000 : 15,
    is_new: firstTs - createdAt < 7 * DAY,
    is_outsider: role === 'actor',
  };
}

/** A runs root with one nightly run (`2026-11-21`) and a nested one (`nightly~2026-11-20`). */
export async function makeRunsRoot(options: FixtureOptions = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'swarmscope-explorer-'));
  await writeFixtureRun(join(root, '2026-11-21'), options);
  await writeFixtureRun(join(root, 'nightly', '2026-11-20'), {
    ...options,
    seed: 2,
    clusters: 2,
    start: Date.UTC(2026, 10, 20, 12),
  });
  return root;
}
