import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExplorer } from '../../explorer/server/app.ts';
import { EVENT_TYPES, FORMAT_VERSION, type RunManifest } from '../../shared/contract/index.ts';
import { writeRunDirectory, writeRunFiles } from '../output/index.ts';
import { launchChromium } from '../runtime/chromium.ts';
import type { Bench } from './types.ts';

type Column = (string | number | boolean | null)[];

/**
 * A run of `clusters` flagged clusters: the first is one big pile-on of `nodes` accounts and about
 * `edges` distinct (actor, target, type) edges; the others are small. Deterministic (no randomness).
 */
async function writeBenchRun(dir: string, clusters: number, nodes: number, edges: number): Promise<void> {
  const c: Record<string, Column> = {};
  const m: Record<string, Column> = {};
  const x: Record<string, Column> = {};
  const add = (cols: Record<string, Column>, row: Record<string, string | number | boolean | null>) => {
    for (const [key, value] of Object.entries(row)) {
      cols[key] ??= [];
      cols[key].push(value);
    }
  };
  const t0 = Date.UTC(2026, 10, 21);
  for (let k = 0; k < clusters; k++) {
    const id = `c${k}`;
    const big = k === 0;
    const targets = big ? 10 : 1;
    const actors = big ? nodes - targets : 3 + (k % 5);
    const perActor = big ? Math.max(1, Math.round(edges / actors)) : 1;
    const start = t0 + (k % 1440) * 60_000;
    let n = 0;
    for (let a = 0; a < actors; a++) {
      for (let j = 0; j < perActor; j++) {
        const combo = a + j * 7;
        const type = EVENT_TYPES[combo % EVENT_TYPES.length]!;
        add(x, {
          cluster_id: id,
          event_id: `${id}-${n}`,
          ts: start + n * 1000,
          type,
          actor_id: `a${k}-${a}`,
          target_id: `t${k}-${Math.floor(combo / EVENT_TYPES.length) % targets}`,
          content_id: null,
          text: type === 'comment' ? `comment ${n % 50}` : null,
          duplicate_group: type === 'comment' ? n % 50 : null,
          hostile: false,
        });
        n++;
      }
    }
    const member = (account: string, role: string, actions: number) =>
      add(m, {
        cluster_id: id,
        account_id: account,
        role,
        instigator: false,
        role_evidence: null,
        n_actions: actions,
        first_ts: start,
        created_at: start - 30 * 86_400_000,
        followers: 10,
        is_new: false,
        is_outsider: role === 'actor',
      });
    for (let t = 0; t < targets; t++) member(`t${k}-${t}`, 'target', 0);
    for (let a = 0; a < actors; a++) member(`a${k}-${a}`, 'actor', perActor);
    add(c, {
      cluster_id: id,
      kind: k % 4 === 3 ? 'brigade' : 'pile_on',
      score: 1 - k / clusters,
      first_ts: start,
      last_ts: start + n * 1000,
      n_actors: actors,
      n_targets: targets,
      n_interactions: n,
      why_flagged: `${actors} accounts hit ${targets} targets`,
      burst_z: 10,
    });
  }
  const manifest: RunManifest = {
    format_version: FORMAT_VERSION,
    run_id: 'bench',
    detector_version: 'bench',
    started_at: new Date(t0).toISOString(),
    finished_at: new Date(t0).toISOString(),
    status: 'completed',
    parameters: {},
    inputs: [],
    counts: { events_read: x.ts?.length ?? 0, events_rejected: 0, duplicates: 0, clusters_flagged: clusters },
    timings: {},
    signals: [
      { column: 'burst_z', label: 'Burst', description: 'z', threshold: 3, direction: 'above', weight: 1 },
    ],
    window: null,
  };
  const rejects = { source: [], row: [], reason: [], raw: [] };
  await writeRunDirectory(dir, (tmp) =>
    writeRunFiles(tmp, { manifest, clusters: c, members: m, interactions: x, rejects }),
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

/**
 * The explorer: queue API latency over a run with many flagged clusters, and the time from
 * navigation to the first drawn frame of a big cluster in headless Chromium.
 */
const bench: Bench = async ({ log, quick }) => {
  const clusters = quick ? 1000 : 10_000;
  const nodes = quick ? 1000 : 5000;
  const edges = quick ? 4000 : 20_000;
  const root = await mkdtemp(join(tmpdir(), 'swarmscope-bench-explorer-'));
  const app = await buildExplorer({
    runsDir: root,
    env: { SWARMSCOPE_PSEUDONYM_KEY: 'bench key, not secret' },
  });
  const browser = await launchChromium();
  try {
    log.info({ clusters, nodes, edges }, 'bench explorer: writing a run');
    await writeBenchRun(join(root, 'r1'), clusters, nodes, edges);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const time = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${url}${path}`);
      const body = await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return { ms: performance.now() - started, bytes: body.byteLength };
    };
    const cold = await time('/api/runs/r1/clusters');
    const queries = [
      '/api/runs/r1/clusters?limit=50',
      '/api/runs/r1/clusters?sort=size&order=asc&offset=500',
      '/api/runs/r1/clusters?kind=brigade&min_score=0.5',
      '/api/runs/r1/clusters?min_size=5&sort=first_ts',
    ];
    const warm: number[] = [];
    for (let i = 0; i < 100; i++) warm.push((await time(queries[i % queries.length]!)).ms);
    const detail = await time('/api/runs/r1/clusters/c0');

    log.info('bench explorer: first frame in headless Chromium');
    const frames: number[] = [];
    const stages: Record<string, number>[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${url}/runs/r1/clusters/c0`);
      await page.waitForFunction(() => document.documentElement.dataset.firstFrame !== undefined, null, {
        timeout: 60_000,
      });
      frames.push(Number(await page.evaluate(() => document.documentElement.dataset.firstFrame)));
      stages.push(
        await page.evaluate(() =>
          Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])),
        ),
      );
      await page.close();
    }
    const stage = (name: string) =>
      percentile(
        stages.map((s) => s[name] ?? Number.NaN),
        0.5,
      );
    return [
      { name: `queue API, ${clusters} clusters, first (loads the run)`, value: cold.ms, unit: 'ms' },
      { name: `queue API, ${clusters} clusters, median`, value: percentile(warm, 0.5), unit: 'ms' },
      { name: `queue API, ${clusters} clusters, p95`, value: percentile(warm, 0.95), unit: 'ms' },
      { name: `cluster API, ${nodes} nodes`, value: detail.ms, unit: 'ms' },
      { name: `cluster API, ${nodes} nodes, payload`, value: detail.bytes / 1e6, unit: 'MB' },
      {
        name: `first frame, ${nodes} nodes / ${edges} edges, median of 3`,
        value: percentile(frames, 0.5),
        unit: 'ms',
        target: quick ? undefined : '< 1000 ms',
      },
      { name: '  of which: cluster data received', value: stage('cluster:data'), unit: 'ms' },
      { name: '  of which: panels built', value: stage('cluster:dom'), unit: 'ms' },
      { name: '  of which: graph and sigma set up', value: stage('cluster:graph'), unit: 'ms' },
    ];
  } finally {
    await browser.close();
    await app.close();
    await rm(root, { recursive: true, force: true });
  }
};

export default bench;
