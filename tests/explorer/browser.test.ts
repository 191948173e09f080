/// <reference lib="dom" />
// The functions passed to page.evaluate run in the browser.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterDetail, QueueItem, QueuePage } from '../../explorer/shared/api.ts';
import { launchChromium } from '../../jobs/runtime/chromium.ts';
import { runCli } from '../helpers/cli.ts';
import { XSS_COMMENT } from './fixture.ts';
import { type RunningServer, startServe } from './serve.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let clusterUrl: string;
let queue: QueueItem[];
let runsDir: string;
/** The cluster that holds the injected comments. */
let cluster: ClusterDetail;

interface PixelStats {
  width: number;
  height: number;
  /** Pixels that differ from the top-left (background) colour. */
  foreground: number;
  /** The median position of the pixels of the colour asked for (so that a legend swatch does not count). */
  at: { x: number; y: number; count: number };
}

/** What a PNG shows, decoded in a blank page. */
async function pixelStats(png: Buffer, rgb: readonly number[] = [0, 0, 0]): Promise<PixelStats> {
  const blank = await browser.newPage();
  try {
    return await blank.evaluate(
      async ([b64, [r, g, b]]) => {
        const image = new Image();
        image.src = `data:image/png;base64,${b64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(image, 0, 0);
        const data = ctx.getImageData(0, 0, image.width, image.height).data;
        const distance = (i: number, r0: number, g0: number, b0: number) =>
          Math.abs(data[i]! - r0) + Math.abs(data[i + 1]! - g0) + Math.abs(data[i + 2]! - b0);
        let foreground = 0;
        const xs: number[] = [];
        const ys: number[] = [];
        for (let i = 0; i < data.length; i += 4) {
          if (distance(i, data[0]!, data[1]!, data[2]!) > 30) foreground++;
          if (distance(i, r!, g!, b!) > 6) continue;
          xs.push((i / 4) % image.width);
          ys.push(Math.floor(i / 4 / image.width));
        }
        const median = (values: number[]) => values.sort((p, q) => p - q)[values.length >> 1] ?? Number.NaN;
        return {
          width: image.width,
          height: image.height,
          foreground,
          at: { x: median(xs), y: median(ys), count: xs.length },
        };
      },
      [png.toString('base64'), rgb] as const,
    );
  } finally {
    await blank.close();
  }
}

const visibleEdges = async () =>
  Number(await page.getByTestId('graph-status').getAttribute('data-visible-edges'));

async function download(testid: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
}

/**
 * A run made the way users make one: a generated world, plus a few comments carrying an
 * HTML-injection attempt added to the planted pile-on as extra input, then `detect`.
 */
async function generatedRuns(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'swarmscope-explorer-e2e-'));
  const world = join(root, 'world');
  const cli = async (args: string[]) => {
    const result = await runCli(args);
    if (result.code !== 0) throw new Error(`swarmscope ${args[0]} failed: ${result.stderr.slice(-2000)}`);
  };
  await cli(['generate', '--seed', '7', '--events', '100000', '--out', world]);
  const truth = JSON.parse(await readFile(join(world, 'truth.json'), 'utf8')) as { attacks: PlantedAttack[] };
  const attack = truth.attacks.find((a) => a.kind === 'pile_on')!;
  const from = Date.parse(attack.from);
  const lines = attack.attackers.slice(0, 4).map((actor, i) =>
    JSON.stringify({
      event_id: `xss-${i}`,
      ts: new Date(from + (i + 1) * 60_000).toISOString(),
      type: 'comment',
      actor_id: actor,
      target_id: attack.targets[0],
      content_id: attack.contents?.[0] ?? null,
      text: XSS_COMMENT,
    }),
  );
  await writeFile(join(world, 'xss.ndjson'), `${lines.join('\n')}\n`);
  const w = (name: string) => join(world, name);
  await cli([
    'detect',
    '--events',
    w('events.arrow'),
    w('xss.ndjson'),
    '--accounts',
    w('accounts.arrow'),
    '--follows',
    w('follows.arrow'),
    '--out',
    join(root, 'runs', 'r1'),
  ]);
  return join(root, 'runs');
}

interface PlantedAttack {
  kind: string;
  targets: string[];
  attackers: string[];
  contents?: string[];
  from: string;
}

/** The API as the page sees it, for the expected figures. */
const apiGet = async <T>(path: string): Promise<T> =>
  (await fetch(`${server.url}${path}`)).json() as Promise<T>;

beforeAll(async () => {
  runsDir = await generatedRuns();
  server = await startServe(runsDir);
  const { items } = await apiGet<QueuePage>('/api/runs/r1/clusters?limit=500');
  queue = items;
  for (const item of items) {
    const detail = await apiGet<ClusterDetail>(`/api/runs/r1/clusters/${item.cluster_id}`);
    if (detail.interactions.text.includes(XSS_COMMENT)) cluster = detail;
  }
  if (!cluster)
    throw new Error('no flagged cluster holds the injected comments: the e2e world needs a new plant');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page.on('pageerror', (error) => console.error('page error:', error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('explorer in a browser', () => {
  it('lists the newest run’s clusters in the queue, highest score first, with a CSP header', async () => {
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL(/\/runs\/r1/);
    const rows = page.locator('table.queue tbody tr');
    expect(queue.length).toBeGreaterThan(0);
    await expect.poll(() => rows.count()).toBe(queue.length);
    expect(await rows.first().getAttribute('data-cluster')).toBe(queue[0]!.cluster_id);
    expect(await page.getByTestId('queue-total').textContent()).toContain(`of ${queue.length}`);
    await page.getByTestId('kind').selectOption('pile_on');
    const pileOns = queue.filter((item) => item.kind === 'pile_on').length;
    await expect.poll(() => rows.count()).toBe(pileOns);
    expect(page.url()).toContain('kind=pile_on');
  });

  it('opens a cluster and draws its graph with a legend', async () => {
    const id = cluster.cluster.cluster_id;
    await page.locator(`table.queue tbody tr[data-cluster="${id}"] a.score-link`).click();
    await page.waitForURL(new RegExp(`/clusters/${id}`));
    await page.waitForFunction(() => document.documentElement.dataset.firstFrame !== undefined);
    clusterUrl = page.url();
    await expect.poll(() => page.getByTestId('legend').textContent()).toContain('comment');
    // Let the layout settle a little, then look at what is on the screen.
    await page.waitForTimeout(500);
    const shot = await pixelStats(await page.getByTestId('graph').screenshot());
    expect(shot.foreground).toBeGreaterThan(500);
    // Kept beside the run for a person to look at when a test fails.
    await page.screenshot({ path: join(runsDir, '..', 'explorer-cluster.png') });
  });

  it('highlights on hover and opens the account panel on click', async () => {
    await expect.poll(() => page.getByTestId('layout-toggle').getAttribute('data-running')).toBe('true');
    await page.getByTestId('layout-toggle').click();
    await page.waitForTimeout(300);
    // The target is the one node drawn in the target colour: find it on the screen.
    const graph = page.getByTestId('graph');
    const { at } = await pixelStats(await graph.screenshot(), [0xf4, 0xf4, 0xf5]);
    const box = (await graph.boundingBox())!;
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await expect.poll(() => graph.evaluate((el) => (el as HTMLElement).style.cursor)).toBe('pointer');
    await page.mouse.down();
    await page.mouse.up();
    const target = cluster.members.account[cluster.members.role.indexOf('target')];
    await expect.poll(() => page.getByTestId('account-key').textContent()).toBe(target);
    expect(await page.locator('.badge.role-target').count()).toBe(1);
    // A click on the empty stage clears the selection (after sigma's double-click delay, 300 ms).
    await page.waitForTimeout(400);
    await page.mouse.click(box.x + 20, box.y + box.height / 2);
    await expect.poll(() => page.url()).not.toContain('sel=');
  });

  it('shows only the edges inside the time window chosen with the brush', async () => {
    const all = await visibleEdges();
    const plot = page.locator('.timeline-plot');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.05, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(visibleEdges).toBeLessThan(all);
    expect(await visibleEdges()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/from=\d+&to=\d+/);
  });

  it('replays the cluster: the window opens at its start and grows', async () => {
    await page.getByTestId('window-reset').click();
    const all = await visibleEdges();
    await page.getByTestId('play').click();
    await expect.poll(() => page.getByTestId('play').textContent()).toContain('Pause');
    await expect.poll(visibleEdges).toBeLessThan(all);
    await page.getByTestId('play').click();
    expect(await page.getByTestId('play').textContent()).toContain('Replay');
    expect(page.url()).toMatch(/from=\d+&to=\d+/);
  });

  it('selects an account by search and shows what it did', async () => {
    const key = cluster.members.account[3]!;
    await page.getByTestId('search').fill(key);
    await page.getByTestId('search').press('Enter');
    await expect.poll(() => page.getByTestId('account-key').textContent()).toBe(key);
    expect(await page.locator('ol.actions li').count()).toBeGreaterThan(0);
    expect(page.url()).toContain(`sel=${key}`);
  });

  it('reveals the real id only with a reason, and logs the reveal', async () => {
    await page.getByTestId('reveal-id').click();
    await expect.poll(() => page.getByTestId('revealed-id').textContent()).toMatch(/^reason must be/);
    await page.getByTestId('reveal-reason').fill('case 4711: escalation');
    await page.getByTestId('reveal-id').click();
    await expect
      .poll(() => page.getByTestId('revealed-id').textContent())
      .toMatch(/^Real id: u\w+ \(this reveal was logged\)$/);
    const audit = (await readFile(join(runsDir, '.swarmscope', 'audit.jsonl'), 'utf8')).trim().split('\n');
    expect(JSON.parse(audit.at(-1)!)).toMatchObject({
      action: 'reveal',
      run: 'r1',
      reason: 'case 4711: escalation',
    });
  });

  it('blurs comments until revealed and keeps hostile markup as inert text', async () => {
    await page.getByTestId('window-reset').click();
    await page.locator('.tabs button[data-tab="comments"]').click();
    const comments = page.getByTestId('comment');
    await expect.poll(() => comments.count()).toBeGreaterThan(5);
    const first = comments.first();
    expect(await first.getAttribute('class')).toContain('blurred');
    const filter = await first.locator('.comment-text').evaluate((el) => getComputedStyle(el).filter);
    expect(filter).toContain('blur');
    await first.getByTestId('reveal').click();
    expect(await first.getAttribute('class')).not.toContain('blurred');
    await page.getByTestId('reveal-all').click();
    expect(await page.locator('.comment.blurred').count()).toBe(0);

    const injected = page.locator('.comment-text', { hasText: '<img src=x onerror=' });
    await expect.poll(() => injected.count()).toBeGreaterThan(0);
    expect(await injected.first().textContent()).toContain(XSS_COMMENT.slice(0, 40));
    expect(await page.getByTestId('comments').locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    // The hostile term stays masked until clicked.
    const masked = injected.first().locator('.masked');
    expect(await masked.textContent()).not.toContain('loser');
    await masked.click();
    expect(await injected.first().locator('mark.hostile-term').textContent()).toBe('loser');
  });

  it('exports a PNG with legend, GEXF and CSVs that parse', async () => {
    const png = await download('export-png');
    expect(png.name).toBe(`r1-${cluster.cluster.cluster_id}.png`);
    const pixels = await pixelStats(png.body);
    expect(pixels.width).toBeGreaterThan(400);
    expect(pixels.foreground).toBeGreaterThan(500);

    const gexf = await download('export-gexf');
    const xml = gexf.body.toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        nodes: doc.getElementsByTagName('node').length,
        edges: doc.getElementsByTagName('edge').length,
      };
    }, xml);
    expect(parsed.error).toBeNull();
    const accounts = new Set([
      ...cluster.members.account,
      ...cluster.interactions.actor,
      ...cluster.interactions.target,
    ]);
    expect(parsed.nodes).toBe(accounts.size);
    expect(parsed.edges).toBeGreaterThan(0);

    const members = parse((await download('export-members')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(members).toHaveLength(cluster.members.account.length);
    expect(members.every((m) => /^ps_/.test(m.account!))).toBe(true);
    const interactions = parse((await download('export-interactions')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(interactions).toHaveLength(cluster.interactions.ts.length);
    expect(interactions.some((row) => row.text === XSS_COMMENT)).toBe(true);
  });

  it('restores the view from a shared URL', async () => {
    await page.locator('[data-testid="filter-interactions"] input[value="like"]').uncheck();
    const plot = page.locator('.timeline-plot');
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 10, { steps: 4 });
    await page.mouse.up();
    const key = cluster.members.account[5]!;
    await page.getByTestId('search').fill(key);
    await page.getByTestId('search').press('Enter');
    await expect.poll(() => page.getByTestId('account-key').textContent()).toBe(key);
    const shared = page.url();
    const edges = await visibleEdges();
    const window = await page.getByTestId('window-label').textContent();

    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto(shared);
    await other.waitForFunction(() => document.documentElement.dataset.firstFrame !== undefined);
    expect(await other.getByTestId('account-key').textContent()).toBe(key);
    expect(Number(await other.getByTestId('graph-status').getAttribute('data-visible-edges'))).toBe(edges);
    expect(await other.getByTestId('window-label').textContent()).toBe(window);
    expect(await other.locator('[data-testid="filter-interactions"] input[value="like"]').isChecked()).toBe(
      false,
    );
    await other.close();
    expect(shared.startsWith(clusterUrl.split('?')[0]!)).toBe(true);
  });

  it('claims the case, records a decision and shows it in the queue', async () => {
    await page.getByTestId('reviewer').fill('alice');
    await page.getByTestId('reviewer').press('Tab');
    await page.reload();
    await page.getByTestId('case-claim').click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('In review');
    await page.getByTestId('case-label').selectOption('confirmed_harassment');
    await page.getByTestId('case-reason').fill('copy-paste raid from one call-out');
    await page.getByTestId('case-decide').click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('Closed');
    expect(await page.getByTestId('case-decision').textContent()).toContain(
      'Confirmed coordinated harassment',
    );
    await page.locator('.crumbs a').nth(1).click();
    const row = page.locator(`tr[data-cluster="${cluster.cluster.cluster_id}"] [data-testid="case-cell"]`);
    await expect.poll(() => row.textContent()).toContain('Confirmed coordinated harassment');
    expect(await row.textContent()).toContain('alice');
  });

  it('shows a clear 404 page for an unknown run or cluster', async () => {
    for (const path of ['/runs/r1/clusters/nope', '/runs/1999-01-01', '/runs/..%2F..%2Fetc/clusters/x']) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await expect.poll(() => page.getByTestId('not-found').textContent()).toContain('Not found');
    }
  });
});
