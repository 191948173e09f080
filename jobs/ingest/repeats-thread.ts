/**
 * The worker thread that hashes the event_ids while the main thread reads the events (reading them
 * in place, in shared memory) and gathers the hashes into the partitions that find the rows whose
 * hash an earlier row had (HashPartitions). Asked for the suspects, it shares the partitions with
 * the main thread, which looks up their second half while it looks up the first. Run as one
 * bundled script (workerScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HashPartitions, type Partitions, partitionBits } from './repeats.ts';
import { hashStrings } from './string-index.ts';

/** The rows the reader expects (they size the partitions). */
export interface RepeatsThreadData {
  rows: number;
}

/**
 * The event_ids of rows [from, to) (row i's is bytes[offsets[i], offsets[i + 1]), in shared memory,
 * not to be changed after); or the ask for the suspects, after the last run.
 */
export type RepeatsRequest =
  | { kind: 'ids'; bytes: Uint8Array; offsets: Int32Array; from: number; to: number }
  | { kind: 'suspects' };

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
    if (request.kind === 'ids') {
      const { bytes, offsets, from, to } = request;
      const hashes = new Int32Array(to - from);
      hashStrings({ bytes, start: (i) => offsets[i]! }, from, to, hashes, 0);
      partitions.add(hashes, from);
    } else {
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
