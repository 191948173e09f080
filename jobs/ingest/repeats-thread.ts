/**
 * The worker thread that gathers the event_id hashes while the main thread reads the events, into
 * the partitions that find the rows whose hash an earlier row had (HashPartitions). Asked for the
 * suspects, it shares the partitions with the main thread, which looks up their second half while
 * it looks up the first. Run as one bundled script (workerScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HashPartitions, type Partitions, partitionBits } from './repeats.ts';

/** The rows the reader expects (they size the partitions). */
export interface RepeatsThreadData {
  rows: number;
}

/** A run of rows' hashes, rows first, first + 1, …; or the ask for the suspects, after the last run. */
export type RepeatsRequest = { kind: 'hashes'; hashes: Int32Array; first: number } | { kind: 'suspects' };

/** The partitions [from, end) for the main thread to look up; the suspects of the others. */
export type RepeatsReply =
  | { kind: 'partitions'; partitions: Partitions; from: number }
  | { kind: 'suspects'; suspects: Int32Array }
  | { kind: 'failed'; message: string };

const port = parentPort!;
const { rows } = workerData as RepeatsThreadData;
const partitions = new HashPartitions(partitionBits(rows), rows);

port.on('message', (request: RepeatsRequest) => {
  try {
    if (request.kind === 'hashes') partitions.add(request.hashes, request.first);
    else {
      const half = partitions.partitions.pairs.length >> 1;
      port.postMessage({
        kind: 'partitions',
        partitions: partitions.partitions,
        from: half,
      } satisfies RepeatsReply);
      const suspects = partitions.suspects(0, half);
      port.postMessage({ kind: 'suspects', suspects } satisfies RepeatsReply, [suspects.buffer]);
    }
  } catch (error) {
    port.postMessage({ kind: 'failed', message: (error as Error).message } satisfies RepeatsReply);
  }
});
