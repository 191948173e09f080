import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_NAMES } from '../../jobs/detect/index.ts';
import { generateWorld } from '../../jobs/generate/index.ts';
import { readRun } from '../../jobs/output/index.ts';
import {
  ACCOUNT_COLUMNS,
  CLUSTER_COLUMNS,
  columnNames,
  INTERACTION_COLUMNS,
  MEMBER_COLUMNS,
  REJECT_COLUMNS,
  type RunManifest,
} from '../../shared/contract/index.ts';
import { runCli } from '../helpers/cli.ts';
import { mostlyInvalidEvents, writeRows } from '../ingest/fixtures.ts';
import { worldInputs } from './truth.ts';

let dir: string;
let world: string;

async function manifestOf(out: string): Promise<RunManifest> {
  return JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as RunManifest;
}

async function tableRows(path: string): Promise<unknown[]> {
  return tableFromIPC(await readFile(path))
    .toArray()
    .map((row) => row.toJSON());
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swarmscope-detect-cli-'));
  world = join(dir, 'world');
  await generateWorld({ seed: 5, events: 60_000, out: world });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('swarmscope detect', () => {
  it('writes the contract files, the same for any --threads, and a --json summary', async () => {
    const one = join(dir, 'threads-1');
    const two = join(dir, 'threads-2');
    const first = await runCli(['detect', ...worldInputs(world), '--out', one, '--threads', '1', '--json']);
    expect(first.stderr.split('\n').filter((l) => l.startsWith('swarmscope:'))).toEqual([]);
    expect(first.code).toBe(0);
    const second = await runCli(['detect', ...worldInputs(world), '--out', two, '--threads', '2']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');

    for (const file of ['clusters.arrow', 'members.arrow', 'interactions.arrow'])
      expect(await tableRows(join(two, file)), file).toEqual(await tableRows(join(one, file)));

    const run = await readRun(one);
    const manifest = run.manifest;
    expect(manifest.status).toBe('completed');
    expect(manifest.detector_version).toBe('detect-1');
    expect(manifest.format_version).toBe(1);
    expect(manifest.inputs.map((i) => i.role)).toEqual(['events', 'accounts', 'follows']);
    for (const input of manifest.inputs) expect(input.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.counts.events_read).toBe(60_000);
    expect(manifest.counts.clusters_flagged).toBe(run.clusters.numRows);
    expect(Object.keys(manifest.timings)).toEqual(
      expect.arrayContaining(['read', 'shards', 'coordination', 'evidence']),
    );
    expect(manifest.parameters).toMatchObject({ threads: 1, seed: 1 });
    expect(manifest.signals.map((s) => s.column)).toEqual([...SIGNAL_NAMES]);

    const clusterFields = run.clusters.schema.fields.map((f) => f.name);
    expect(clusterFields).toEqual([...columnNames(CLUSTER_COLUMNS), ...SIGNAL_NAMES]);
    expect(run.members.schema.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(columnNames(MEMBER_COLUMNS)),
    );
    expect(run.interactions.schema.fields.map((f) => f.name)).toEqual(columnNames(INTERACTION_COLUMNS));
    const rejects = tableFromIPC(await readFile(join(one, 'rejects.arrow')));
    expect(rejects.schema.fields.map((f) => f.name)).toEqual(columnNames(REJECT_COLUMNS));

    expect(run.clusters.numRows).toBeGreaterThan(0);
    const clusters = run.clusters.toArray();
    const scores = clusters.map((c) => c.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const c of clusters) {
      expect(c.score).toBeGreaterThanOrEqual(0);
      expect(c.score).toBeLessThanOrEqual(1);
      expect(c.why_flagged).toMatch(/^\d+ accounts .+\.$/);
      const interactions = run.interactions.toArray().filter((i) => i.cluster_id === c.cluster_id);
      expect(interactions).toHaveLength(c.n_interactions);
      const actors = run.members.toArray().filter((m) => m.cluster_id === c.cluster_id && m.role === 'actor');
      expect(actors).toHaveLength(c.n_actors);
    }

    const summary = JSON.parse(first.stdout) as { status: string; clusters: Array<{ cluster_id: string }> };
    expect(summary.status).toBe('completed');
    expect(summary.clusters.map((c) => c.cluster_id)).toEqual(clusters.map((c) => c.cluster_id));
    expect(first.stderr).toMatch(/"peak_rss_mb":\d+/);
  });

  it('keeps rejected rows with their reason and goes on; no events is a complete, empty run', async () => {
    const ndjson = join(dir, 'small.ndjson');
    await writeFile(
      ndjson,
      [
        {
          event_id: 'a',
          ts: '2026-03-01T10:00:00Z',
          type: 'like',
          actor_id: 'u1',
          target_id: 'u2',
          content_id: 'v1',
        },
        { event_id: 'b', ts: 'yesterday', type: 'like', actor_id: 'u1', target_id: 'u2' },
        { event_id: 'c', ts: '2026-03-01T10:01:00Z', type: 'poke', actor_id: 'u1', target_id: 'u2' },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n'),
    );
    const out = join(dir, 'rejects-run');
    const result = await runCli(['detect', '--events', ndjson, '--out', out, '--threads', '1']);
    expect(result.code).toBe(0);
    const rejects = await tableRows(join(out, 'rejects.arrow'));
    expect(rejects).toHaveLength(2);
    expect(rejects.map((r) => (r as { reason: string }).reason)).toEqual([
      expect.stringContaining('ts'),
      expect.stringContaining('type'),
    ]);
    expect((await manifestOf(out)).counts.events_rejected).toBe(2);

    const empty = join(dir, 'empty.ndjson');
    await writeFile(empty, '');
    const emptyOut = join(dir, 'empty-run');
    const none = await runCli(['detect', '--events', empty, '--out', emptyOut]);
    expect(none.code).toBe(0);
    const manifest = await manifestOf(emptyOut);
    expect(manifest.status).toBe('no_events');
    expect(manifest.counts.clusters_flagged).toBe(0);
    expect(await tableRows(join(emptyOut, 'clusters.arrow'))).toEqual([]);
  });

  it('writes every rejected row of events then accounts, in order, when they outnumber the rows kept in memory', async () => {
    const spillRoot = await mkdtemp(join(dir, 'spill-'));
    const events = mostlyInvalidEvents(400);
    const eventsFile = await writeRows(dir, 'many-rejects', 'ndjson', events.rows, { batchSize: 50 });
    const accountRows = Array.from({ length: 150 }, (_, k) => ({
      account_id: `user_${k % 97}`,
      created_at: k % 3 === 0 ? Date.UTC(2026, 0, 1) : `never ${k}`,
      followers: k,
      country: null,
      lang: null,
    }));
    const accountsFile = await writeRows(dir, 'many-rejects-accounts', 'csv', accountRows, {
      spec: ACCOUNT_COLUMNS,
      batchSize: 50,
    });
    const out = join(dir, 'many-rejects-run');
    const result = await runCli(
      ['detect', '--events', eventsFile, '--accounts', accountsFile, '--out', out, '--threads', '1'],
      { env: { SWARMSCOPE_REJECTS_IN_MEMORY: '100', TMPDIR: spillRoot } },
    );
    expect(result.code, result.stderr).toBe(0);
    const accountRejects = accountRows.flatMap((account, row) =>
      typeof account.created_at === 'string'
        ? [{ source: accountsFile, row, reason: `unparsable timestamp: created_at="${account.created_at}"` }]
        : [],
    );
    const rejects = (await tableRows(join(out, 'rejects.arrow'))) as {
      source: string;
      row: bigint;
      reason: string;
    }[];
    expect(rejects.map(({ source, row, reason }) => ({ source, row: Number(row), reason }))).toEqual([
      ...events.rejects.map(({ row, reason }) => ({ source: eventsFile, row, reason })),
      ...accountRejects,
    ]);
    const { counts } = await manifestOf(out);
    expect([counts.events_rejected, counts.accounts_rejected]).toEqual([320, 100]);
    expect((await readdir(spillRoot)).filter((name) => name.startsWith('swarmscope-rejects-'))).toEqual([]);
  });

  it('fails with one line naming a bad config key, an unreadable input or an unwritable --out, leaving the earlier run as it was', async () => {
    const out = join(dir, 'kept');
    const ok = await runCli(['detect', ...worldInputs(world), '--out', out, '--threads', '1']);
    expect(ok.code).toBe(0);
    const before = await manifestOf(out);

    const config = join(dir, 'bad-config.json');
    await writeFile(config, JSON.stringify({ signals: { hostile_share: { weight: 3 } } }));
    const badConfig = await runCli(['detect', ...worldInputs(world), '--out', out, '--config', config]);
    expect(badConfig.code).not.toBe(0);
    expect(badConfig.stderr).toMatch(/^swarmscope: .*bad-config\.json.*signals\.hostile_share\.weight.*$/m);

    const unknownKey = join(dir, 'unknown-key.json');
    await writeFile(unknownKey, JSON.stringify({ burst_zz: 3 }));
    const unknown = await runCli(['detect', ...worldInputs(world), '--out', out, '--config', unknownKey]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/^swarmscope: .*"burst_zz".*$/m);

    const garbage = join(dir, 'garbage.arrow');
    await writeFile(garbage, 'this is not arrow');
    const unreadable = await runCli(['detect', '--events', garbage, '--out', out]);
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.stderr).toMatch(/^swarmscope: .*garbage\.arrow.*$/m);

    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const unwritable = await runCli(['detect', ...worldInputs(world), '--out', join(blocker, 'run')]);
    expect(unwritable.code).not.toBe(0);
    expect(unwritable.stderr).toMatch(/^swarmscope: .*a-file.*$/m);

    expect((await manifestOf(out)).run_id).toBe(before.run_id);
  });
});
