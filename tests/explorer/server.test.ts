import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExplorer } from '../../explorer/server/app.ts';
import { auditLogPath } from '../../explorer/server/audit.ts';
import { createPseudonymizer } from '../../explorer/server/runs/pseudonym.ts';
import { RunStore } from '../../explorer/server/runs/store.ts';
import type { ClusterDetail, QueuePage, RunList } from '../../explorer/shared/api.ts';
import { runCli } from '../helpers/cli.ts';
import { makeRunsRoot, writeFixtureRun, XSS_COMMENT } from './fixture.ts';

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = await makeRunsRoot({ clusters: 12 });
  app = await buildExplorer({ runsDir: root, env: {} });
});
afterAll(() => app.close());

const get = async <T>(url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() as T, headers: response.headers };
};

describe('explorer API', () => {
  it('lists every run, nested ones included, newest first', async () => {
    const { body } = await get<RunList>('/api/runs');
    expect(body.runs.map((r) => r.id)).toEqual(['2026-11-21', 'nightly~2026-11-20']);
    expect(body.runs.find((r) => r.id === '2026-11-21')?.counts.clusters_flagged).toBe(12);
  });

  it('pages, sorts and filters the queue on the server', async () => {
    const first = await get<QueuePage>('/api/runs/2026-11-21/clusters?limit=5');
    expect(first.body.total).toBe(12);
    expect(first.body.items).toHaveLength(5);
    const scores = first.body.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(first.body.items[0]?.targets[0]).toMatch(/^ps_[0-9a-f]{12}$/);

    const brigades = await get<QueuePage>('/api/runs/2026-11-21/clusters?kind=brigade&sort=size&order=asc');
    expect(brigades.body.total).toBe(4);
    expect(brigades.body.items.every((i) => i.kind === 'brigade')).toBe(true);
    const sizes = brigades.body.items.map((i) => i.n_actors);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

    const big = await get<QueuePage>('/api/runs/2026-11-21/clusters?min_score=0.8&min_size=10');
    expect(big.body.items.every((i) => i.score >= 0.8 && i.n_actors >= 10)).toBe(true);
    const late = await get<QueuePage>('/api/runs/2026-11-21/clusters?from=2026-11-21T20:00:00Z');
    expect(late.body.total).toBeLessThan(12);
    expect(late.body.total).toBeGreaterThan(0);
  });

  it('answers 400 naming the bad parameter', async () => {
    const { status, body } = await get<{ message: string }>('/api/runs/2026-11-21/clusters?sort=colour');
    expect(status).toBe(400);
    expect(body.message).toMatch(/^sort must be one of/);
  });

  it('serves a cluster with pseudonyms only, evidence beside thresholds and hostile spans', async () => {
    const { status, body } = await get<ClusterDetail>('/api/runs/2026-11-21/clusters/c0000');
    expect(status).toBe(200);
    const text = JSON.stringify(body);
    expect(text.includes('user_0_'), 'a real actor id is in the response').toBe(false);
    expect(text.includes('creator_0'), 'a real target id is in the response').toBe(false);
    expect(body.cluster.why_flagged).toContain(`flooded ${body.members.account[0]} within`);
    expect(body.cluster.why_flagged).toMatch(/call-out by @ps_[0-9a-f]{12}\.$/);
    expect(body.members.account.every((a) => /^ps_/.test(a))).toBe(true);
    expect(body.cluster.evidence.map((e) => [e.column, e.passes])).toEqual([
      ['burst_z', true],
      ['new_share', false],
      ['median_gap_s', true],
    ]);
    const xss = body.interactions.text.indexOf(XSS_COMMENT);
    expect(xss).toBeGreaterThanOrEqual(0);
    const spans = body.interactions.hostile_spans[xss]!;
    expect(XSS_COMMENT.slice(spans[0], spans[1])).toBe('loser');
    const ts = body.interactions.ts;
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('keeps pseudonyms stable across restarts with the stored key (mode 600)', async () => {
    const again = await buildExplorer({ runsDir: root, env: {} });
    const a = await get<ClusterDetail>('/api/runs/2026-11-21/clusters/c0001');
    const b = (await again.inject({ url: '/api/runs/2026-11-21/clusters/c0001' })).json() as ClusterDetail;
    await again.close();
    expect(b.members.account).toEqual(a.body.members.account);
    const key = await stat(join(root, '.swarmscope', 'pseudonym.key'));
    expect(key.mode & 0o777).toBe(0o600);
    const other = await buildExplorer({
      runsDir: root,
      env: { SWARMSCOPE_PSEUDONYM_KEY: 'another key of 16+ chars' },
    });
    const c = (await other.inject({ url: '/api/runs/2026-11-21/clusters/c0001' })).json() as ClusterDetail;
    await other.close();
    expect(c.members.account).not.toEqual(a.body.members.account);
  });

  it('reveals a real id only with a reason, and logs it', async () => {
    const { body } = await get<ClusterDetail>('/api/runs/2026-11-21/clusters/c0000');
    const account = body.members.account[0]!;
    const refused = await app.inject({
      method: 'POST',
      url: '/api/runs/2026-11-21/reveal',
      payload: { account },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/^reason/);
    const revealed = await app.inject({
      method: 'POST',
      url: '/api/runs/2026-11-21/reveal',
      payload: { account, reason: 'escalation to law enforcement', cluster: 'c0000' },
    });
    expect(revealed.json()).toEqual({ account, account_id: 'creator_0' });
    const log = (await readFile(auditLogPath(root), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.at(-1)).toMatchObject({ action: 'reveal', run: '2026-11-21', cluster: 'c0000', account });
  });

  it('keeps a bounded number of runs parsed, re-reading the least recently used', async () => {
    const store = new RunStore(root, createPseudonymizer('a key of sixteen chars'), 1);
    const first = await store.get('2026-11-21');
    expect(await store.get('2026-11-21')).toBe(first);
    await store.get('nightly~2026-11-20');
    const again = await store.get('2026-11-21');
    expect(again).not.toBe(first);
    expect(again?.clusters.ids).toEqual(first?.clusters.ids);
  });

  it('names the file and column of a run that cannot be read, and keeps serving the others', async () => {
    const dir = join(root, 'broken');
    await writeFixtureRun(dir, { clusters: 2 });
    const clustersFile = join(dir, 'clusters.arrow');
    const table = tableFromIPC(await readFile(clustersFile));
    const names = table.schema.fields.map((f) => f.name).filter((n) => n !== 'why_flagged');
    await writeFile(clustersFile, tableToIPC(table.select(names), 'file'));
    const broken = await get<{ message: string }>('/api/runs/broken/clusters');
    expect(broken.status).toBe(500);
    expect(broken.body.message).toBe(`${clustersFile}: has no column why_flagged`);
    expect((await get<RunList>('/api/runs')).body.runs.map((r) => r.id)).toContain('broken');
    expect((await get<QueuePage>('/api/runs/2026-11-21/clusters')).status).toBe(200);
    await rm(dir, { recursive: true });
  });

  it('refuses ids outside the runs directory and unknown ones with a 404', async () => {
    for (const url of [
      '/api/runs/..%2F..%2Fetc/clusters',
      '/api/runs/..~..',
      '/api/runs/.swarmscope/clusters',
      '/api/runs/2026-11-22/clusters',
      '/api/runs/2026-11-21/clusters/..%2Fmanifest.json',
      '/api/runs/2026-11-21/clusters/c9999',
      '/api/nothing',
    ]) {
      const { status, body } = await get<{ error: string; message: string }>(url);
      expect(status, url).toBe(404);
      expect(body.message, url).toMatch(/^No /);
    }
  });

  it('serves the app with a CSP that forbids inline script, and 404 pages for unknown runs', async () => {
    const home = await app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    const csp = String(home.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain('worker-src');
    expect((await app.inject({ url: '/runs/2026-11-21/clusters/c0000' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/runs/2026-11-21/clusters/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/runs/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/elsewhere' })).statusCode).toBe(404);
  });
});

describe('serve command', () => {
  it('names a missing runs directory and a bad port in one line, exit code 2', async () => {
    const missing = await runCli(['serve', '--runs', join(root, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(
      /^swarmscope: --runs directory .*nope does not exist$/,
    );
    const port = await runCli(['serve', '--runs', root, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});
