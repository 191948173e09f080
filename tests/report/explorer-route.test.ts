import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../jobs/runtime/chromium.ts';
import { type RunningServer, startServe } from '../explorer/serve.ts';
import { writeFixtureRun } from './fixture.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const runs = await mkdtemp(join(tmpdir(), 'swarmscope-report-route-'));
  await writeFixtureRun(join(runs, '2026-11-02'), '2026-11-02');
  server = await startServe(runs);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reports from the explorer', () => {
  it("opens a cluster's report in the browser, styled under a strict CSP, with the explorer's pseudonyms", async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${server.url}/api/runs/2026-11-02/clusters/c1/report`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('cluster c1');
    // The inline style sheet applied: headings are 20px, not the browser's default 32px.
    expect(
      await page
        .locator('h1')
        .first()
        .evaluate((h1) => getComputedStyle(h1).fontSize),
    ).toBe('20px');
    expect(violations).toEqual([]);
    const detail = (await (await fetch(`${server.url}/api/runs/2026-11-02/clusters/c1`)).json()) as {
      cluster: { targets: string[] };
    };
    expect(await page.content()).toContain(detail.cluster.targets[0]!);
    await page.close();
  });

  it('serves the night summary as JSON and CSV downloads, and names what is wrong', async () => {
    const json = await fetch(`${server.url}/api/runs/2026-11-02/report?format=json`);
    expect(json.headers.get('content-disposition')).toBe(
      'attachment; filename="swarmscope-2026-11-02-night.json"',
    );
    expect(((await json.json()) as { clusters: unknown[] }).clusters).toHaveLength(2);
    const csv = await fetch(`${server.url}/api/runs/2026-11-02/clusters/c2/report?format=csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\n')[1]).toMatch(/^c2,brigade,0.66,medium,/);
    const badFormat = await fetch(`${server.url}/api/runs/2026-11-02/report?format=docx`);
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { message: string }).message).toContain(
      'format must be one of html, pdf, csv, json',
    );
    expect((await fetch(`${server.url}/api/runs/2026-11-02/clusters/nope/report`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/runs/2026-01-01/report`)).status).toBe(404);
  });
});
