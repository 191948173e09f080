import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Logger } from '../runtime/log.ts';

export const CLI = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
/** Benches' generated inputs and scratch runs (git-ignored). */
export const BENCH_DATA = fileURLToPath(new URL('../../data/bench/', import.meta.url));
/** The code a world's bytes depend on: the generator and the format writers. */
const GENERATOR_SOURCES = ['../generate/', '../formats/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);
const STAMP = 'bench-world.json';
const SEED = 1;

export const run = promisify(execFile);

/** SHA-256 of the generator's source files, in path order. */
async function generatorDigest(): Promise<string> {
  const hash = createHash('sha256');
  for (const root of GENERATOR_SOURCES) {
    const files = (await readdir(root, { recursive: true })).filter((name) => name.endsWith('.ts')).sort();
    for (const file of files) hash.update(file).update(await readFile(join(root, file)));
  }
  return hash.digest('hex');
}

/**
 * The directory of a generated world of `events` events in `format` (seed 1), made once and kept
 * between bench runs: generating 10M events takes longer than reading them. A world is stamped with
 * the digest of the generator's sources it was made with and made again when they change, so that no
 * figure is taken on inputs an older generator wrote.
 */
export async function benchWorld(events: number, format: 'arrow' | 'parquet', log: Logger): Promise<string> {
  const dir = join(BENCH_DATA, `world-${events}-${format}`);
  const stamp = JSON.stringify({ seed: SEED, events, format, generator: await generatorDigest() });
  const made = await readFile(join(dir, STAMP), 'utf8').catch(() => null);
  if (made === stamp) return dir;
  log.info({ events, format, dir }, 'bench: generating an input world (kept for later runs)');
  // `generate` replaces the directory whole; the stamp goes in once the world is complete.
  const args = [
    'generate',
    '--seed',
    String(SEED),
    '--events',
    String(events),
    '--format',
    format,
    '--out',
    dir,
  ];
  await run(process.execPath, [CLI, ...args], {
    env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'warn' },
    maxBuffer: 64 << 20,
  });
  await writeFile(join(dir, STAMP), stamp);
  return dir;
}
