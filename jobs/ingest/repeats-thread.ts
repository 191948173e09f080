/**
 * The worker thread that gathers the event_id hashes while the main thread reads the events, into
 * the partitions that find the rows whose hash an earlier row had (HashPartitions); asked, it sends
 * back those suspects. Run as one bundled script (workerScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HashPartitions, partitionBits } from './repeats.ts';

/** The rows the reader expects (they size the partitions). */
export interface RepeatsThreadData {
  rows: number;
}

/** A run of rows' hashes, rows first, first + 1, …; or the ask for the suspects, after the last run. */
export type RepeatsRequest = { kind: 'hashes'; hashes: Int32Array; first: number } | { kind: 'suspects' };

export type RepeatsReply = { kind: 'suspects'; suspects: Int32Array } | { kind: 'failed'; message: string };

const port = parentPort!;
const { rows } = workerData as RepeatsThreadData;
const partitions = new HashPartitions(partitionBits(rows), rows);

port.on('message', (request: RepeatsRequest) => {
  try {
    if (request.kind === 'hashes') partitions.add(request.hashes, request.first);
    else {
      const suspects = partitions.suspects();
      port.postMessage({ kind: 'suspects', suspects } satisfies RepeatsReply, [
        suspects.buffer as ArrayBuffer,
      ]);
    }
  } catch (error) {
    port.postMessage({ kind: 'failed', message: (error as Error).message } satisfies RepeatsReply);
  }
});
