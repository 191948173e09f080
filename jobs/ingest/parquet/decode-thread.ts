/**
 * The worker thread of the native Parquet reader: it reads, decodes and merges the dictionaries of
 * a file's row groups (Snappy, bit-unpacking, byte lookups: most of the reading's work) while the
 * main thread ingests the ones before. Run as one bundled script (workerScript); each message
 * from the main thread is one more row group it may send.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { type DecodedGroup, decodedGroups } from './groups.ts';
import type { NativePlan } from './types.ts';

export interface DecodeThreadData {
  file: string;
  plan: NativePlan;
  /** Row groups it may send before the main thread asks for more. */
  ahead: number;
}

export type DecodeReply =
  | { kind: 'group'; group: DecodedGroup }
  | { kind: 'done' }
  | { kind: 'failed'; message: string };

/** The distinct buffers under a group's arrays, handed over rather than copied. */
function buffers(group: DecodedGroup): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const add = (array: ArrayBufferView | null) => {
    if (array) found.add(array.buffer as ArrayBuffer);
  };
  for (const column of group.columns) {
    add(column.validity);
    if (column.kind === 'dictionary') add(column.keys);
    else add(column.bytes);
    if (column.kind === 'utf8') add(column.offsets);
  }
  for (const entries of group.added) {
    add(entries?.values ?? null);
    add(entries?.valueOffsets ?? null);
  }
  return [...found];
}

const { file, plan, ahead } = workerData as DecodeThreadData;
const port = parentPort!;
let credits = ahead;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits++;
  wake?.();
});

async function run(): Promise<void> {
  const handle = await open(file);
  try {
    for await (const group of decodedGroups(handle, plan)) {
      while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      port.postMessage({ kind: 'group', group } satisfies DecodeReply, buffers(group));
    }
    port.postMessage({ kind: 'done' } satisfies DecodeReply);
  } finally {
    await handle.close();
  }
}

run().catch((error: unknown) => {
  port.postMessage({ kind: 'failed', message: (error as Error).message } satisfies DecodeReply);
});
