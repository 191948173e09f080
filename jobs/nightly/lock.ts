import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { lockedError } from '../runtime/errors.ts';
import type { Logger } from '../runtime/log.ts';
import { processAlive } from '../runtime/owner.ts';

export interface LockHolder {
  pid: number;
  host: string;
  started_at: string;
}

export interface LockOptions {
  log: Logger;
  /** A lock older than this is stale even when its process still seems alive (pid reuse, hung run). */
  maxAgeMs: number;
  now?: () => number;
}

export interface HeldLock {
  readonly path: string;
  release(): Promise<void>;
}

async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/** Why a lock is stale, or null while its holder may still be running. */
export function staleReason(holder: LockHolder, now: number, maxAgeMs: number): string | null {
  const age = now - Date.parse(holder.started_at);
  if (!(age < maxAgeMs)) return `older than ${Math.round(maxAgeMs / 60_000)} min`;
  if (holder.host === hostname() && !processAlive(holder.pid)) return `process ${holder.pid} is gone`;
  return null;
}

/**
 * Takes the exclusive lock file `path`, or throws ERR_LOCKED naming its holder. The lock's content is
 * written to a private file first and hard-linked into place, so that the lock never exists half
 * written and the link fails atomically when someone holds it. A lock whose process died (same host)
 * or that is older than `maxAgeMs` is taken over with a log line.
 */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const now = options.now ?? Date.now;
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started_at: new Date(now()).toISOString(),
  };
  const draft = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${JSON.stringify(holder)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(draft, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(path);
      const reason = current ? staleReason(current, now(), options.maxAgeMs) : 'unreadable';
      if (!reason || attempt > 0) {
        const who = current
          ? `pid ${current.pid} on ${current.host} since ${current.started_at}`
          : 'another run';
        throw lockedError(path, who);
      }
      options.log.warn({ lock: path, holder: current, reason }, `taking over a stale lock (${reason})`);
      // Move the lock aside and check it is the stale one: a racing run may have taken it over meanwhile,
      // and its fresh lock goes back in place.
      const aside = `${draft}.stale`;
      if (
        await rename(path, aside).then(
          () => true,
          () => false,
        )
      ) {
        const moved = await readHolder(aside);
        if (current && moved && moved.started_at !== current.started_at)
          await link(aside, path).catch(() => {});
        await rm(aside, { force: true });
      }
    }
  } finally {
    await rm(draft, { force: true });
  }
  return {
    path,
    release: async () => {
      const current = await readHolder(path);
      if (current?.pid === holder.pid && current.started_at === holder.started_at)
        await rm(path, { force: true });
    },
  };
}
