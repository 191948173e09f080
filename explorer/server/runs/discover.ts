import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RUN_FILES } from '../../../shared/contract/index.ts';

/** A run directory found under the runs root, known by an id that is safe in a URL path. */
export interface RunLocation {
  /** The path under the root, segments joined by `~` (e.g. `2026-11-21` or `nightly~2026-11-21`). */
  readonly id: string;
  readonly dir: string;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** What a run id may look like; anything else is refused before any lookup. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(~[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$/;
export const CLUSTER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

async function isRun(dir: string): Promise<boolean> {
  return stat(join(dir, RUN_FILES.manifest)).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  // Hidden entries are the server's own state and writers' temporary directories.
  return entries
    .filter((e) => e.isDirectory() && SEGMENT.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Every run under `root`: a directory is a run iff it holds a manifest; runs may sit one level
 * down (one folder per month or per schedule). `root` may itself be a single run.
 */
export async function discoverRuns(root: string): Promise<RunLocation[]> {
  if (await isRun(root)) return [{ id: safeId(basename(root)), dir: root }];
  const runs: RunLocation[] = [];
  for (const name of await subdirectories(root)) {
    const dir = join(root, name);
    if (await isRun(dir)) {
      runs.push({ id: name, dir });
      continue;
    }
    for (const inner of await subdirectories(dir)) {
      const innerDir = join(dir, inner);
      if (await isRun(innerDir)) runs.push({ id: `${name}~${inner}`, dir: innerDir });
    }
  }
  return runs;
}

function safeId(name: string): string {
  return SEGMENT.test(name) ? name : 'run';
}
