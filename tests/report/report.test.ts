import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../jobs/report/custody.ts';
import { maskText, scoreBand, timeSeries } from '../../jobs/report/model.ts';
import { stackedBarChart } from '../../jobs/report/svg.ts';
import { runCli } from '../helpers/cli.ts';
import { fixtureClusters, writeFixtureRun } from './fixture.ts';
import { inkShare } from './png.ts';

const env = { SWARMSCOPE_PSEUDONYM_KEY: 'report-test-key-0123456789' };
let root: string;
let run: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'swarmscope-report-'));
  await writeFixtureRun(join(root, 'runs', '2026-11-01'), '2026-11-01', fixtureClusters().slice(0, 1));
  run = join(root, 'runs', '2026-11-02');
  await writeFixtureRun(run, '2026-11-02');
  // The explorer's case log: c1 claimed, decided, reopened, decided again.
  const events = [
    { type: 'claim', by: 'rev.ana', at: '2026-11-03T09:00:00.000Z' },
    {
      type: 'decide',
      label: 'organic_pile_on',
      reason: 'looks like fans',
      by: 'rev.ana',
      at: '2026-11-03T09:10:00.000Z',
    },
    { type: 'reopen', reason: 'same accounts raided again', by: 'lead.bo', at: '2026-11-04T08:00:00.000Z' },
    {
      type: 'decide',
      label: 'confirmed_harassment',
      reason: 'copy-paste insults',
      by: 'lead.bo',
      at: '2026-11-04T08:30:00.000Z',
    },
  ];
  await mkdir(join(root, 'runs', '.swarmscope'), { recursive: true });
  await writeFile(
    join(root, 'runs', '.swarmscope', 'cases.jsonl'),
    events.map((event) => `${JSON.stringify({ ...event, run: '2026-11-02', cluster: 'c1' })}\n`).join(''),
  );
});

describe('report building blocks', () => {
  it('masks hostile spans keeping the first letter and the length', () => {
    expect(maskText('you are a loser, ok', [10, 15])).toBe('you are a l••••, ok');
    expect(maskText('fine', null)).toBe('fine');
  });

  it('bins interactions per type in round widths', () => {
    const t0 = Date.parse('2026-11-02T18:00:00Z');
    const series = timeSeries(
      { ts: [t0, t0 + 61_000, t0 + 600_000], type: ['like', 'like', 'comment'] },
      t0,
      t0 + 600_000,
    );
    expect(series.binMs).toBe(60_000);
    expect(series.series.map((s) => [s.name, s.counts.reduce((a, b) => a + b, 0)])).toEqual([
      ['like', 2],
      ['comment', 1],
    ]);
    expect(scoreBand(0.91)).toBe('high');
    expect(scoreBand(0.6)).toBe('medium');
    expect(scoreBand(0.2)).toBe('low');
  });

  it('draws one bar segment per non-zero value', () => {
    const svg = stackedBarChart({
      title: 't',
      labels: ['a', 'b'],
      labelEvery: 1,
      series: [
        { name: 'like', values: [1, 0] },
        { name: 'comment', values: [2, 3] },
      ],
      width: 200,
      height: 100,
    });
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3);
  });
});

describe('swarmscope report', () => {
  it('writes a cluster report in HTML holding the numbers, pseudonyms only, masked terms, a custody manifest', async () => {
    const out = join(root, 'c1.html');
    const result = await runCli(
      ['report', '--run', run, '--cluster', 'c1', '--format', 'html', '--out', out, '--json'],
      { env },
    );
    expect(result.code, result.stderr).toBe(0);
    const html = await readFile(out, 'utf8');
    for (const text of [
      'pile-on',
      'cluster c1',
      '0.91 (high)',
      '>12<',
      'Burst',
      '7.50',
      '≥ 3',
      'Timeline',
      'Graph',
      'Top members',
      'instigator',
      'Chain of custody',
    ])
      expect(html.includes(text), text).toBe(true);
    expect(/<svg[^>]*aria-label="Graph of the cluster"/.test(html)).toBe(true);
    expect(/@ps_[0-9a-f]{12} you are a p•+ l•+, log off/.test(html)).toBe(true);
    // No account id of the run appears: targets, actors and mentions are pseudonyms.
    expect(html.match(/victim_01|raider_\d\d|pathetic|loser/g)).toBeNull();
    // The case's decisions, reversal included, as the explorer's log holds them.
    const decisions = html.slice(html.indexOf('Case and decisions'), html.indexOf('<h2>Targets'));
    expect(decisions).toContain('Case closed');
    for (const text of [
      'organic pile on',
      'reopened',
      'same accounts raided again',
      'confirmed harassment',
      'lead.bo',
    ])
      expect(decisions.includes(text), text).toBe(true);
    const { sha256, custody } = JSON.parse(result.stdout) as { sha256: string; custody: string };
    expect(sha256).toBe(await sha256File(out));
    const lines = (await readFile(custody, 'utf8')).trim().split('\n');
    expect(lines.at(-1)).toBe(`${sha256}  ${out}`);
    expect(lines).toContain(
      `${await sha256File(join(run, 'clusters.arrow'))}  ${join(run, 'clusters.arrow')}`,
    );
  });

  it('writes JSON and CSV with the cluster numbers and no comment text', async () => {
    const json = join(root, 'c.json');
    const csv = join(root, 'c.csv');
    for (const [format, out] of [
      ['json', json],
      ['csv', csv],
    ])
      expect(
        (
          await runCli(
            ['report', '--run', run, '--cluster', 'c1', 'c2', '--format', format!, '--out', out!],
            { env },
          )
        ).code,
      ).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(
      report.clusters.map((c: { row: { cluster_id: string; n_actors: number; n_interactions: number } }) => [
        c.row.cluster_id,
        c.row.n_actors,
        c.row.n_interactions,
      ]),
    ).toEqual([
      ['c1', 12, 12],
      ['c2', 6, 18],
    ]);
    expect(report.clusters[1].track).toMatchObject({ track_id: '2026-11-01/c4', status: 'escalating' });
    expect(report.clusters[0].case).toEqual({
      state: 'closed',
      decisions: [
        { at: '2026-11-03T09:10:00.000Z', type: 'decide', label: 'organic_pile_on' },
        { at: '2026-11-04T08:00:00.000Z', type: 'reopen', label: null },
        { at: '2026-11-04T08:30:00.000Z', type: 'decide', label: 'confirmed_harassment' },
      ],
    });
    expect(report.clusters[1].case).toBeNull();
    const text = await readFile(json, 'utf8');
    expect(text).not.toMatch(/victim_01|raider_|crew_|log off|great video/);
    const rows = parse(await readFile(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(
      rows.map((r) => [r.cluster_id, r.kind, r.score, r.n_targets, r.band, r.burst_z, r.track_status]),
    ).toEqual([
      ['c1', 'pile_on', '0.91', '1', 'high', '7.5', 'new'],
      ['c2', 'brigade', '0.66', '3', 'medium', '2.1', 'escalating'],
    ]);
    expect(rows[1]!.targets!.split(' ')).toHaveLength(3);
    expect(rows[1]!.targets).toMatch(/^(ps_[0-9a-f]{12} ?){3}$/);
  });

  it('writes the night summary with kinds, bands, tracks, repeat actors and a 30-night trend', async () => {
    const out = join(root, 'night.json');
    expect((await runCli(['report', '--run', run, '--format', 'json', '--out', out], { env })).code).toBe(0);
    const night = JSON.parse(await readFile(out, 'utf8'));
    expect(night.by_kind).toEqual({
      pile_on: { high: 1, medium: 0, low: 0 },
      brigade: { high: 0, medium: 1, low: 0 },
    });
    expect(night.tracks).toEqual({ new: 1, escalating: 1 });
    expect(night.repeat_actors).toEqual([
      { account: expect.stringMatching(/^ps_/), nights: 2, first_date: '2026-11-01' },
    ]);
    expect(night.trend).toHaveLength(30);
    expect(night.trend.slice(-2)).toEqual([
      { date: '2026-11-01', status: 'completed', by_kind: { pile_on: 1 } },
      { date: '2026-11-02', status: 'completed', by_kind: { pile_on: 1, brigade: 1 } },
    ]);
    expect(night.top_targets[0]).toMatchObject({ clusters: 1, interactions: 12 });
  });

  it('prints the same HTML to PDF pages that render with ink on them', async () => {
    for (const args of [['--cluster', 'c1'], []]) {
      const out = join(root, `report-${args.length}.pdf`);
      const result = await runCli(['report', '--run', run, ...args, '--format', 'pdf', '--out', out], {
        env,
      });
      expect(result.code, result.stderr).toBe(0);
      const prefix = join(root, `page-${args.length}`);
      execFileSync('pdftoppm', ['-png', '-r', '40', out, prefix]);
      const pages = (await readdir(root)).filter((name) => name.startsWith(`page-${args.length}-`));
      expect(pages.length).toBeGreaterThanOrEqual(args.length ? 2 : 1);
      for (const page of pages) expect(inkShare(await readFile(join(root, page)))).toBeGreaterThan(0.005);
    }
  });

  it('names the cluster that does not exist, and the run that is not one', async () => {
    const missing = await runCli(
      ['report', '--run', run, '--cluster', 'nope', '--out', join(root, 'x.html')],
      { env },
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--cluster names no cluster "nope"');
    const notRun = await runCli(['report', '--run', root, '--out', join(root, 'x.html')], { env });
    expect(notRun.code).not.toBe(0);
    expect(notRun.stderr).toMatch(/manifest\.json: is missing: not a run directory/);
  });
});
