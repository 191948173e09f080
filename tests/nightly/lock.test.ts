import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../jobs/nightly/lock.ts';

const log = pino({ level: 'silent' });

/** The pid of a process that has exited: a crashed run's. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
}

describe('date lock', () => {
  it('refuses a second holder naming the first, and frees on release', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'swarmscope-lock-')), '.2026-11-01.lock');
    const first = await acquireLock(path, { log, maxAgeMs: 3_600_000 });
    await expect(acquireLock(path, { log, maxAgeMs: 3_600_000 })).rejects.toThrow(
      new RegExp(`locked by pid ${process.pid} on ${hostname()}.*another run is in progress`),
    );
    await first.release();
    const second = await acquireLock(path, { log, maxAgeMs: 3_600_000 });
    await second.release();
  });

  it('takes over the lock of a dead process, or an expired one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swarmscope-lock-'));
    const path = join(dir, '.2026-11-01.lock');
    const pid = deadPid();
    await writeFile(path, JSON.stringify({ pid, host: hostname(), started_at: new Date().toISOString() }));
    const taken = await acquireLock(path, { log, maxAgeMs: 3_600_000 });
    expect(JSON.parse(await readFile(path, 'utf8')).pid).toBe(process.pid);
    await taken.release();

    // Alive (this very process) but started long ago: expired.
    await writeFile(
      path,
      JSON.stringify({ pid: process.pid, host: hostname(), started_at: '2026-01-01T00:00:00Z' }),
    );
    const expired = await acquireLock(path, { log, maxAgeMs: 3_600_000 });
    expect(JSON.parse(await readFile(path, 'utf8')).started_at).not.toBe('2026-01-01T00:00:00Z');
    await expired.release();
  });
});
