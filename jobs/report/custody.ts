import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { NIGHTLY_FILES, RUN_FILES, type RunManifest } from '../../shared/contract/index.ts';
import type { CustodyEntry } from './types.ts';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The chain of custody of a report: the detector's inputs as its manifest recorded them, and every
 * file of the run directory the report reads, hashed now.
 */
export async function runCustody(runDir: string, manifest: RunManifest): Promise<CustodyEntry[]> {
  const entries: CustodyEntry[] = manifest.inputs.map((input) => ({
    role: 'input',
    path: input.path,
    bytes: input.bytes,
    sha256: input.sha256,
  }));
  const names = [
    RUN_FILES.manifest,
    RUN_FILES.clusters,
    RUN_FILES.members,
    RUN_FILES.interactions,
    NIGHTLY_FILES.tracks,
    NIGHTLY_FILES.repeatActors,
  ];
  for (const name of names) {
    const path = join(runDir, name);
    const info = await stat(path).catch(() => null);
    if (info) entries.push({ role: 'run_file', path, bytes: info.size, sha256: await sha256File(path) });
  }
  return entries;
}

/** `sha256sum -c` lines for the report and every file it was made from. */
export function custodyManifest(entries: CustodyEntry[], report: CustodyEntry): string {
  return [...entries, report].map((e) => `${e.sha256}  ${e.path}\n`).join('');
}
