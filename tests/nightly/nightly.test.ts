import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rename, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../jobs/generate/index.ts';
import { generateWorld } from '../../jobs/generate/index.ts';
import { nightClusters, readOptionalArrow, readTracks } from '../../jobs/nightly/history.ts';
import type { NightSummary } from '../../jobs/nightly/types.ts';
import { readManifest, readRun } from '../../jobs/output/index.ts';
import { CLI, runCli } from '../helpers/cli.ts';

const NIGHTS = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
let world: string;
let truth: Truth;

beforeAll(async () => {
  world = await mkdtemp(join(tmpdir(), 'swarmscope-nightly-'));
  truth = await generateWorld({
    // Big enough that a planted brigade's raids are flagged on several nights.
    seed: 2,
    events: 50_000,
    out: join(world, 'world'),
    days: 4,
    start: NIGHTS[0],
    layout: 'partitioned',
    log: pino({ level: 'silent' }),
  });
});

function nightArgs(runs: string): string[] {
  const dir = join(world, 'world');
  return [
    '--events-root',
    join(dir, 'events'),
    '--runs',
    runs,
    '--accounts',
    join(dir, 'accounts.arrow'),
    '--follows',
    join(dir, 'follows.arrow'),
    '--threads',
    '1',
    '--seed',
    '1',
  ];
}

const summaries = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as NightSummary);

function startNightly(runs: string, date: string): ChildProcess {
  return spawn(process.execPath, [CLI, 'nightly', ...nightArgs(runs), '--date', date], {
    env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

/** Waits until a file whose name passes `test` shows up in `dir` (the run is then mid-way). */
async function waitForEntry(dir: string, test: (name: string) => boolean): Promise<string> {
  for (;;) {
    const found = (await readdir(dir).catch(() => [] as string[])).find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('swarmscope nightly', () => {
  let runs: string;

  it('runs nights by date, backfills the missing ones in order, records a night without events', async () => {
    runs = join(world, 'runs');
    for (const date of NIGHTS.slice(0, 2)) {
      const result = await runCli(['nightly', ...nightArgs(runs), '--date', date, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(summaries(result.stdout)).toEqual([expect.objectContaining({ date, status: 'completed' })]);
    }
    const backfill = await runCli([
      'nightly',
      ...nightArgs(runs),
      '--backfill',
      '2026-11-01..2026-11-05',
      '--json',
    ]);
    expect(backfill.code, backfill.stderr).toBe(0);
    expect(summaries(backfill.stdout).map((s) => [s.date, s.status])).toEqual([
      ['2026-11-01', 'skipped'],
      ['2026-11-02', 'skipped'],
      ['2026-11-03', 'completed'],
      ['2026-11-04', 'completed'],
      ['2026-11-05', 'no_events'],
    ]);
    const manifest = await readManifest(join(runs, '2026-11-03'));
    expect(manifest).toMatchObject({ date: '2026-11-03', lookback_days: 7, time_zone: 'UTC' });
    expect(manifest.window).toEqual({ from: '2026-11-03T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' });
    expect(
      manifest.inputs.filter((i) => i.role === 'events').map((i) => i.path.match(/date=([\d-]+)/)?.[1]),
    ).toEqual(NIGHTS.slice(0, 3));
    expect(await readManifest(join(runs, '2026-11-05'))).toMatchObject({
      status: 'no_events',
      date: '2026-11-05',
    });
  });

  it('keeps one track for a brigade raiding night after night, and lists its accounts as repeat actors', async () => {
    const brigade = truth.attacks.find(
      (a) => a.kind === 'brigade' && a.from.slice(0, 10) < a.to.slice(0, 10),
    )!;
    const attackers = new Set(brigade.attackers);
    const seen: Array<{ date: string; track: string; status: string; nights: number }> = [];
    for (const date of NIGHTS) {
      const dir = join(runs, date);
      const run = await readRun(dir);
      const tracks = await readTracks(dir);
      for (const cluster of nightClusters(run.clusters, run.members)) {
        if (cluster.actors.filter((a) => attackers.has(a)).length * 2 < cluster.actors.length) continue;
        const track = tracks.find((t) => t.cluster_id === cluster.cluster_id)!;
        seen.push({ date, track: track.track_id, status: track.status, nights: track.nights_seen });
      }
    }
    // The brigade is flagged on at least three nights (possibly as several clusters on one night).
    const dates = [...new Set(seen.map((s) => s.date))];
    expect(dates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.track)).size).toBe(1);
    for (const s of seen) {
      expect(s.nights).toBe(dates.indexOf(s.date) + 1);
      expect(s.status).toEqual(
        s.date === dates[0] ? 'new' : expect.stringMatching(/^(recurring|escalating)$/),
      );
    }
    const repeats = await readOptionalArrow(join(runs, dates.at(-1)!, 'repeat_actors.arrow'));
    const repeatIds = repeats!.getChild('account_id')!.toArray() as string[];
    expect(repeatIds.filter((id) => attackers.has(id)).length).toBeGreaterThanOrEqual(attackers.size / 2);
  });

  it("writes the report of a nightly run's cluster holding the run's numbers and track", async () => {
    const dir = join(runs, '2026-11-04');
    const run = await readRun(dir);
    const clusters = nightClusters(run.clusters, run.members);
    const out = join(world, 'brigade.json');
    const result = await runCli([
      'report',
      '--run',
      dir,
      '--cluster',
      clusters[0]!.cluster_id,
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(out, 'utf8'));
    const { row, track } = report.clusters[0];
    expect([row.cluster_id, row.kind, row.score, row.n_actors, row.n_targets]).toEqual([
      clusters[0]!.cluster_id,
      clusters[0]!.kind,
      clusters[0]!.score,
      clusters[0]!.n_actors,
      clusters[0]!.n_targets,
    ]);
    expect(track.track_id).toBe((await readTracks(dir))[0]!.track_id);
  });

  it('refuses a second run of a date while the first holds its lock, naming it', async () => {
    const other = join(world, 'runs-concurrent');
    const first = startNightly(other, '2026-11-02');
    await waitForEntry(other, (name) => name === '.2026-11-02.lock');
    first.kill('SIGSTOP'); // the first run is now certainly under way
    const second = await runCli(['nightly', ...nightArgs(other), '--date', '2026-11-02']);
    first.kill('SIGCONT');
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(
      new RegExp(`\\.2026-11-02\\.lock is locked by pid ${first.pid} .*another run is in progress`),
    );
    const [code] = await once(first, 'exit');
    expect(code).toBe(0);
    expect((await readManifest(join(other, '2026-11-02'))).status).toBe('completed');
  });

  it('survives a run killed mid-way: the previous run stays, the next run takes over the lock and completes', async () => {
    const before = await readManifest(join(runs, '2026-11-03'));
    const killed = startNightly(runs, '2026-11-03');
    await waitForEntry(runs, (name) => name.startsWith('.2026-11-03.tmp-'));
    killed.kill('SIGKILL');
    await once(killed, 'exit');
    expect((await readManifest(join(runs, '2026-11-03'))).run_id).toBe(before.run_id);
    expect(await stat(join(runs, '.2026-11-03.lock'))).toBeTruthy();

    const rerun = await runCli(['nightly', ...nightArgs(runs), '--date', '2026-11-03']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain('taking over a stale lock');
    expect(rerun.stderr).toContain('removed what an interrupted run left behind');
    const after = await readManifest(join(runs, '2026-11-03'));
    expect(after.run_id).not.toBe(before.run_id);
    expect(after.counts.clusters_flagged).toBe(before.counts.clusters_flagged);
    expect((await readdir(runs)).filter((name) => name.startsWith('.2026-11-03'))).toEqual([]);

    // Killed between moving the previous run aside and putting the new one in place: the previous
    // run is put back before anything else.
    await rename(join(runs, '2026-11-05'), join(runs, '.2026-11-05.old-1-dead'));
    const restored = await runCli(['nightly', ...nightArgs(runs), '--date', '2026-11-05']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain('restored the previous run that an interrupted run had moved aside');
    expect((await readdir(runs)).filter((name) => name.startsWith('.2026-11-05'))).toEqual([]);
  });

  it("posts the night's summary to the --notify webhook", async () => {
    const received: unknown[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ method: request.method, url: request.url, body: JSON.parse(body) });
        response.end('ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const result = await runCli([
        'nightly',
        ...nightArgs(join(world, 'runs-notify')),
        '--date',
        '2026-11-02',
        '--notify',
        `http://127.0.0.1:${port}/hook`,
      ]);
      expect(result.code, result.stderr).toBe(0);
    } finally {
      server.close();
    }
    expect(received).toEqual([
      {
        method: 'POST',
        url: '/hook',
        body: expect.objectContaining({
          event: 'nightly',
          date: '2026-11-02',
          status: 'completed',
          text: expect.stringMatching(/^swarmscope nightly 2026-11-02: \d+ clusters flagged/),
        }),
      },
    ]);
  });

  it('rejects bad options with exit code 2 and the option named', async () => {
    const runsDir = join(world, 'runs-bad');
    const bad = [
      [['--date', '2026-02-30'], '--date must be a date YYYY-MM-DD, got "2026-02-30"'],
      [
        ['--date', '2026-11-01', '--backfill', '2026-11-01..2026-11-02'],
        '--backfill cannot be used with --date',
      ],
      [['--time-zone', 'Mars/Olympus'], '--time-zone must be an IANA time zone'],
    ] as const;
    for (const [args, message] of bad) {
      const result = await runCli(['nightly', ...nightArgs(runsDir), ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
