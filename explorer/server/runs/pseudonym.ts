import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { optionError } from '../../../jobs/runtime/errors.ts';

export type Pseudonymize = (accountId: string) => string;

export const PSEUDONYM_KEY_ENV = 'SWARMSCOPE_PSEUDONYM_KEY';

/** Where the server keeps its own state (key, audit log) under the runs root. */
export function stateDir(runsRoot: string): string {
  return join(runsRoot, '.swarmscope');
}

/**
 * The pseudonym key: from the environment, or generated once and kept (mode 600) under the runs
 * root so that pseudonyms stay the same across restarts.
 */
export async function loadPseudonymKey(runsRoot: string, env = process.env): Promise<string> {
  const fromEnv = env[PSEUDONYM_KEY_ENV];
  if (fromEnv !== undefined) {
    if (fromEnv.length < 16) throw optionError(PSEUDONYM_KEY_ENV, 'must be at least 16 characters long');
    return fromEnv;
  }
  const dir = stateDir(runsRoot);
  const path = join(dir, 'pseudonym.key');
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('hex');
  try {
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    // Another server created it first: use theirs.
    return (await readFile(path, 'utf8')).trim();
  }
}

/** A keyed hash (HMAC-SHA256, 48 bits shown): stable for a key, not reversible without the run's ids. */
export function createPseudonymizer(key: string): Pseudonymize {
  return (accountId) => `ps_${createHmac('sha256', key).update(accountId).digest('hex').slice(0, 12)}`;
}

export const PSEUDONYM_PATTERN = /^ps_[0-9a-f]{12}$/;
