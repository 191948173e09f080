import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileDigest } from '../ingest/files.ts';

/** Reads bytes [from, to) of a file straight into a shared buffer at the same offsets. */
const READ_RANGE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const { file, from, to, memory } = workerData;
const fd = openSync(file, 'r');
const bytes = new Uint8Array(memory);
for (let at = from; at < to; ) {
  const read = readSync(fd, bytes, at, Math.min(${16 << 20}, to - at), at);
  if (read === 0) throw new Error(file + ': ended at byte ' + at + ', before ' + to);
  at += read;
}
closeSync(fd);
parentPort.postMessage(to - from);
`;

function readRangeOnWorker(file: string, from: number, to: number, memory: SharedArrayBuffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(READ_RANGE, { eval: true, workerData: { file, from, to, memory } });
    worker.once('message', () => {
      void worker.terminate();
      resolve();
    });
    worker.once('error', reject);
  });
}

/**
 * The least time any reader of `file` spends on this machine before decoding a single row: every
 * byte read once into fresh memory (the columns it fills must be fresh, and first touches of pages
 * are what cost here), split over the cores, and the SHA-256 the manifest records, beside it as the
 * ingest does it. Nothing is decoded, checked, hashed for duplicates or interned. Returns the time
 * and the bytes read.
 */
export async function readFloor(file: string): Promise<{ elapsed_ms: number; memory: SharedArrayBuffer }> {
  const { size } = await stat(file);
  const started = performance.now();
  const memory = new SharedArrayBuffer(size);
  const threads = availableParallelism();
  const share = Math.ceil(size / threads);
  const reads: Promise<void>[] = [];
  for (let k = 0; k < threads; k++)
    reads.push(readRangeOnWorker(file, k * share, Math.min(size, (k + 1) * share), memory));
  await Promise.all([...reads, fileDigest(file)]);
  return { elapsed_ms: performance.now() - started, memory };
}
