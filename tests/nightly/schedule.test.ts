import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../jobs/output/index.ts';
import { CLI, runCli } from '../helpers/cli.ts';

describe('swarmscope schedule', () => {
  it('runs nightly on its cron in a long-lived process, logs each run, and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swarmscope-schedule-'));
    const runs = join(dir, 'runs');
    // Every second (croner reads 6 fields as seconds first); the events root has no partition, so
    // yesterday's night is recorded as having no events.
    const child = spawn(
      process.execPath,
      [CLI, 'schedule', '--cron', '* * * * * *', '--events-root', join(dir, 'events'), '--runs', runs],
      { env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: Array<Record<string, unknown>> = [];
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    let buffer = '';
    const firstRunDone = new Promise<Record<string, unknown>>((resolve) => {
      child.stderr.on('data', (chunk) => {
        buffer += chunk;
        const complete = buffer.split('\n');
        buffer = complete.pop()!;
        for (const line of complete) {
          if (!line.startsWith('{')) continue;
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (entry.command === 'schedule' && entry.run === 1 && 'exit_code' in entry) resolve(entry);
        }
      });
    });
    const done = await firstRunDone;
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');

    expect(done).toMatchObject({ exit_code: 0, msg: 'scheduled run 1 done', next_run: expect.any(String) });
    expect(lines.find((l) => l.msg === 'scheduled')).toMatchObject({ cron: '* * * * * *', time_zone: 'UTC' });
    // The nightly run's own final line, as a scheduler would collect it.
    expect(lines.find((l) => l.command === 'nightly' && l.done)).toMatchObject({
      status: 'no_events',
      clusters_flagged: 0,
    });
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const nights = (await readdir(runs)).filter((name) => /^\d{4}-\d{2}-\d{2}$/.test(name));
    expect(nights).toHaveLength(1);
    expect(await readManifest(join(runs, nights[0]!))).toMatchObject({
      status: 'no_events',
      date: nights[0],
    });
  });

  it('rejects a bad cron pattern naming the option', async () => {
    const result = await runCli([
      'schedule',
      '--cron',
      'every night',
      '--events-root',
      tmpdir(),
      '--runs',
      tmpdir(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--cron is not a valid cron pattern: "every night"');
  });
});
