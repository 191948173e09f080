import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { INPUT_FORMATS, type InputFormat } from '../../shared/contract/index.ts';
import { inputError } from '../runtime/errors.ts';
import type { Logger } from '../runtime/log.ts';

const ACCEPTED = Object.keys(INPUT_FORMATS).join(', ');

/** The container a file's ending names, or null when the ingest does not read it. */
export function inputFormat(file: string): InputFormat | null {
  return INPUT_FORMATS[extname(file).toLowerCase() as keyof typeof INPUT_FORMATS] ?? null;
}

async function walk(dir: string, found: string[], skipped: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, found, skipped);
    else if (inputFormat(path)) found.push(path);
    else skipped.push(path);
  }
}

/**
 * The input files that `paths` name: a file as it is, a directory as every accepted file in it
 * (recursively, in name order; other files are skipped and logged), several in the order given.
 */
export async function listInputFiles(paths: string[], options: { log?: Logger } = {}): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) throw inputError(path, 'does not exist');
    if (info.isDirectory()) {
      const skipped: string[] = [];
      await walk(path, files, skipped);
      for (const file of skipped) options.log?.warn({ file }, `skipped ${file}: not one of ${ACCEPTED}`);
    } else if (inputFormat(path)) files.push(path);
    else throw inputError(path, `has an ending the ingest does not read (expected one of ${ACCEPTED})`);
  }
  return files;
}

/** Files larger than this are hashed on a worker thread, beside the read. */
const WORKER_HASH_BYTES = 32 << 20;

const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
// Large chunks: few reads, so the file's own reads seldom queue behind them in the shared thread pool.
require('node:fs').createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (error) => parentPort.postMessage({ error: error.message }))
  .on('end', () => parentPort.postMessage({ sha256: hash.digest('hex') }));
`;

function hashOnWorker(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: file });
    worker.once('message', (message: { sha256?: string; error?: string }) => {
      void worker.terminate();
      if (message.sha256) resolve(message.sha256);
      else reject(inputError(file, `cannot be read (${message.error})`));
    });
    worker.once('error', reject);
  });
}

async function hashHere(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Size and SHA-256 of an input file, for the manifest's chain of custody; start it beside the read. */
export async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const { size } = await stat(file);
  const sha256 = await (size > WORKER_HASH_BYTES ? hashOnWorker(file) : hashHere(file));
  return { bytes: size, sha256 };
}
