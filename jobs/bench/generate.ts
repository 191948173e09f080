import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bench } from './types.ts';

const CLI = fileURLToPath(new URL('../cli/bin.js', import.meta.url));

/** Runs `swarmscope generate` in a child process and returns its final structured log line. */
function runGenerate(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'generate', ...args], {
      env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stderr
        .trim()
        .split('\n')
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, number>;
          } catch {
            return {};
          }
        })
        .find((entry) => (entry as { done?: boolean }).done === true);
      if (code !== 0 || !last) reject(new Error(`generate exited ${code}: ${stderr.slice(-500)}`));
      else resolve(last);
    });
  });
}

/** Speed and memory of writing a world: events/s end to end (Arrow), peak RSS, bytes per event. */
const bench: Bench = async ({ log, quick }) => {
  const events = quick ? 200_000 : 10_000_000;
  const out = await mkdtemp(join(tmpdir(), 'swarmscope-bench-generate-'));
  try {
    log.info({ events }, 'bench generate: writing a world');
    const started = performance.now();
    const done = await runGenerate(['--seed', '1', '--events', String(events), '--out', out]);
    const seconds = (performance.now() - started) / 1000;
    const bytes = (await stat(join(out, 'events.arrow'))).size;
    return [
      {
        name: `generate ${events / 1e6}M events (process)`,
        value: seconds,
        unit: 's',
        target: '10M in well under 60 s',
      },
      { name: 'events written', value: done.per_second ?? 0, unit: 'events/s' },
      { name: 'peak RSS', value: done.peak_rss_mb ?? 0, unit: 'MB' },
      { name: 'events.arrow size', value: bytes / events, unit: 'bytes/event' },
    ];
  } finally {
    await rm(out, { recursive: true, force: true });
  }
};

export default bench;
