import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { outputError } from '../runtime/errors.ts';

/**
 * Writes a run directory atomically: everything goes to a temporary directory beside `outDir`,
 * which replaces `outDir` only once `fill` has finished. If `fill` throws, the temporary directory
 * is removed and any earlier `outDir` is left as it was.
 */
export async function writeRunDirectory<T>(outDir: string, fill: (tmpDir: string) => Promise<T>): Promise<T> {
  const target = resolve(outDir);
  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
  } catch (error) {
    throw outputError(outDir, `cannot create its parent directory (${(error as Error).message})`, error);
  }
  const existing = await stat(target).catch(() => null);
  if (existing && !existing.isDirectory()) throw outputError(outDir, 'exists and is not a directory');
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
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
