import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'swarmscope-demo-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Starts `swarmscope demo` and resolves with the explorer's URL once it says where it is open. */
function startDemo(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'demo', '--data', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const opened = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const url = /explorer open at (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) resolve(url);
    });
    child.on('close', (code) =>
      reject(new Error(`demo exited ${code} before the explorer opened:\n${stderr}`)),
    );
  });
  // A demo run with --no-serve never opens: its rejection is expected and must not count as unhandled.
  opened.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, opened, exited, stderr: () => stderr };
}

describe('swarmscope demo (the quick start)', () => {
  it('generates a world, runs the nightly detection on its last nights and serves the explorer on the runs', async () => {
    const demo = startDemo(['--events', '60000', '--nights', '2', '--port', '0']);
    const url = await demo.opened;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/runs\/\d{4}-\d{2}-\d{2}$/);
    expect(existsSync(join(dataDir, 'sample', 'truth.json'))).toBe(true);

    const origin = new URL(url).origin;
    const runs = (await (await fetch(`${origin}/api/runs`)).json()) as { runs: Array<{ id: string }> };
    const night = new URL(url).pathname.split('/').pop();
    expect(runs.runs.map((r) => r.id)).toContain(night);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');

    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
    expect(demo.stderr()).toMatch(/\d+ attacks and \d+ benign look-alikes planted/);
  });

  it('reuses the world and the runs it already made, and can stop before serving', async () => {
    const demo = startDemo(['--events', '60000', '--nights', '2', '--no-serve']);
    expect(await demo.exited).toBe(0);
    expect(demo.stderr()).toMatch(/: kept, .*: kept\)/);
    expect(demo.stderr()).not.toContain('explorer open at');
  });
});
