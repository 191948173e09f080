/**
 * The worker thread that names and encodes the world's events: it turns each transferred batch of
 * account and video numbers into id strings and writes it, while the main thread generates the
 * next hours. Run as a bundled script (jobs/runtime/worker-script.ts).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_COLUMNS } from '../../shared/contract/index.ts';
import { type OutputFormat, openTableWriter, type TableWriter } from '../formats/index.ts';
import { describeError } from '../runtime/errors.ts';
import { ContentKeys, type EventBatch, eventColumns } from './event-batch.ts';
import { IdScheme } from './ids.ts';

export type WriterMessage =
  | { kind: 'use'; path: string }
  | { kind: 'write'; batch: EventBatch }
  | { kind: 'close' };
export type WriterReply =
  | { kind: 'written' }
  | { kind: 'closed' }
  | { kind: 'failed'; path: string; message: string };
export interface WriterThreadData {
  seed: number;
  format: OutputFormat;
  accountIds: readonly string[];
}

const { seed, format, accountIds } = workerData as WriterThreadData;
const ids = new IdScheme(seed);
const port = parentPort!;
let writer: TableWriter | null = null;
const contentKeys = new ContentKeys(ids);
let path = '';
let failed = false;
// Messages are handled one after another, in the order the main thread sent them.
let queue = Promise.resolve();

async function handle(message: WriterMessage): Promise<WriterReply | null> {
  switch (message.kind) {
    case 'use':
      await writer?.close();
      path = message.path;
      await mkdir(dirname(path), { recursive: true });
      writer = await openTableWriter(path, format, EVENT_COLUMNS);
      return null;
    case 'write':
      await writer!.write(eventColumns(message.batch, ids, accountIds, contentKeys));
      return { kind: 'written' };
    case 'close':
      await writer?.close();
      writer = null;
      return { kind: 'closed' };
  }
}

port.on('message', (message: WriterMessage) => {
  queue = queue.then(async () => {
    if (failed) return;
    try {
      const reply = await handle(message);
      if (reply) port.postMessage(reply);
    } catch (error) {
      failed = true;
      port.postMessage({ kind: 'failed', path, message: describeError(error) } satisfies WriterReply);
    }
  });
});
