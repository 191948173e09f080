import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { outputError } from '../runtime/errors.ts';
import { ownerGone, ownerTag } from '../runtime/owner.ts';

/** A staging (`tmp`) or set-aside (`old`) directory of a write of `target`: `.<target>.<kind>-<owner>-<random>`. */
function leftoverOf(name: string, target: string): { kind: string; owner: string } | null {
  const prefix = `.${target}.`;
  if (!name.startsWith(prefix)) return null;
  const rest = name.slice(prefix.length);
  const kind = rest.slice(0, 4);
  const dash = rest.lastIndexOf('-');
  if ((kind !== 'tmp-' && kind !== 'old-') || dash <= 4 || dash === rest.length - 1) return null;
  return { kind: kind.slice(0, 3), owner: rest.slice(4, dash) };
}

/** What clearLeftovers did with one directory. */
export interface ClearedLeftover {
  path: string;
  action: 'removed' | 'restored';
}

/**
 * Clears what killed writes of `outDir` left beside it (a kill runs no clean-up): staging directories
 * are removed, and a previous run set aside goes back in place when the kill came between the two
 * renames and left no `outDir`, so that the previous good output is never lost. Only the leftovers of
 * gone processes of this host are touched, since a live one's write is under way; `all` clears every
 * one, for a caller that holds a lock on `outDir`.
 */
export async function clearLeftovers(
  outDir: string,
  options: { all?: boolean } = {},
): Promise<ClearedLeftover[]> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const cleared: ClearedLeftover[] = [];
  let targetExists = await stat(target).then(
    () => true,
    () => false,
  );
  // Sorted: `old` before `tmp`.
  for (const name of (await readdir(parent)).sort()) {
    const leftover = leftoverOf(name, basename(target));
    if (!leftover || !(options.all || ownerGone(leftover.owner))) continue;
    const path = join(parent, name);
    if (leftover.kind === 'old' && !targetExists) {
      await rename(path, target);
      targetExists = true;
      cleared.push({ path, action: 'restored' });
    } else {
      await rm(path, { recursive: true, force: true });
      cleared.push({ path, action: 'removed' });
    }
  }
  return cleared;
}

/**
 * Writes a run directory atomically: everything goes to a temporary directory beside `outDir`,
 * which replaces `outDir` only once `fill` has finished. If `fill` throws, the temporary directory
 * is removed and any earlier `outDir` is left as it was; what a killed write left is cleared first.
 */
export async function writeRunDirectory<T>(outDir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const target = resolve(outDir);
  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw outputError(outDir, `cannot create its parent directory (${(error as Error).message})`, error);
  }
  try {
    await clearLeftovers(target);
  } catch (error) {
    throw outputError(
      outDir,
      `cannot clear what an earlier, killed run left beside it (${(error as Error).message})`,
      error,
    );
  }
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isDirectory()) throw outputError(outDir, 'exists and is not a directory');
  const suffix = `${ownerTag()}-${randomBytes(4).toString('hex')}`;
  const tmpDir = join(parent, `.${basename(target)}.tmp-${suffix}`);
  try {
    await mkdir(tmpDir);
  } catch (error) {
    throw outputError(outDir, `cannot be written (${(error as Error).message})`, error);
  }
  let result: T;
  try {
    result = await fill(tmpDir);
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
  const oldDir = join(parent, `.${basename(target)}.old-${suffix}`);
  if (existing) await rename(target, oldDir);
  try {
    await rename(tmpDir, target);
  } catch (error) {
    if (existing) await rename(oldDir, target);
    await rm(tmpDir, { recursive: true, force: true });
    throw outputError(outDir, `cannot be replaced (${(error as Error).message})`, error);
  }
  if (existing) await rm(oldDir, { recursive: true, force: true });
  return result;
}
