import { Worker } from 'node:worker_threads';
import { workerScript } from '../runtime/worker-script.ts';
import type { StringColumnBuilder } from './dictionary.ts';
import { lookUpPartitions, type Partitions } from './repeats.ts';
import type { RepeatsReply, RepeatsRequest, RepeatsThreadData } from './repeats-thread.ts';

const REPEATS_THREAD = new URL('./repeats-thread.ts', import.meta.url);

/** A promise with its settling functions at hand. */
function deferred<T>() {
  let settle!: { resolve(value: T): void; reject(error: Error): void };
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Surfaced when awaited; a read that fails first never asks.
  promise.catch(() => {});
  return { promise, ...settle };
}

/**
 * The suspects of repeated event_ids (see HashPartitions) gathered on a worker thread while the
 * rows are read: the reading thread hands over each run of event_ids as it comes (in shared memory:
 * the thread hashes them, not the reading thread), and once its last
 * batch is read only looks up half the partitions while the thread looks up the other half. The
 * thread does not keep the process alive while it waits for hashes (a failed read may never ask
 * for its suspects).
 */
export class RepeatsThread {
  private readonly worker: Promise<Worker>;
  /** The partitions the thread leaves to this one, once asked for the suspects. */
  private readonly shared = deferred<{ partitions: Partitions; from: number }>();
  /** The suspects of the partitions the thread looks up. */
  private readonly answer = deferred<Int32Array>();

  /** `rows`: the rows expected (they size the partitions; more may come). */
  constructor(rows: number) {
    const fail = (error: Error) => {
      this.shared.reject(error);
      this.answer.reject(error);
    };
    this.worker = workerScript(REPEATS_THREAD).then((script) => {
      const worker = new Worker(script, { eval: true, workerData: { rows } satisfies RepeatsThreadData });
      worker.unref();
      worker.on('message', (reply: RepeatsReply) => {
        if (reply.kind === 'partitions') this.shared.resolve(reply);
        else if (reply.kind === 'suspects') this.answer.resolve(reply.suspects);
        else fail(new Error(reply.message));
      });
      worker.on('error', fail);
      // A thread that dies without a word (out of memory) must not leave the reader waiting.
      worker.on('exit', (code) =>
        fail(new Error(`the thread finding repeated event_ids stopped (exit code ${code})`)),
      );
      return worker;
    });
    this.worker.catch(fail);
  }

  /**
   * Hands over the event_ids of rows [from, to), strings [from, to) of `ids`, a column in shared
   * memory (StringColumnBuilder with `shared`): read in place, so not to be changed after.
   */
  send(ids: StringColumnBuilder, from: number, to: number): void {
    const { bytes, offsets } = ids.view();
    this.worker.then(
      (worker) => worker.postMessage({ kind: 'ids', bytes, offsets, from, to } satisfies RepeatsRequest),
      () => {},
    );
  }

  /** The suspects of all the rows sent, (row, earlier) pairs; the thread then ends. */
  async suspects(): Promise<Int32Array> {
    const worker = await this.worker;
    worker.ref();
    worker.postMessage({ kind: 'suspects' } satisfies RepeatsRequest);
    try {
      const { partitions, from } = await this.shared.promise;
      const own = lookUpPartitions(partitions, from, partitions.pairs.length);
      const theirs = await this.answer.promise;
      const all = new Int32Array(theirs.length + own.length);
      all.set(theirs);
      all.set(own, theirs.length);
      return all;
    } finally {
      await this.stop();
    }
  }

  /** Ends the thread (its suspects will not be asked for). */
  async stop(): Promise<void> {
    const worker = await this.worker.catch(() => null);
    if (!worker) return;
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
