import { Worker } from 'node:worker_threads';
import { workerScript } from '../runtime/worker-script.ts';
import type { RepeatsReply, RepeatsRequest, RepeatsThreadData } from './repeats-thread.ts';

const REPEATS_THREAD = new URL('./repeats-thread.ts', import.meta.url);

/**
 * The suspects of repeated event_ids (see HashPartitions.suspects) gathered on a worker thread
 * while the rows are read: the reading thread hands over each run of hashes as it comes, and once
 * its last batch is read only waits for the partitions' look-up, not for the whole scatter too.
 * The thread does not keep the process alive while it waits for hashes (a failed read may never
 * ask for its suspects).
 */
export class RepeatsThread {
  private readonly worker: Promise<Worker>;
  private readonly answer: Promise<Int32Array>;
  private settle!: (answer: Int32Array | Error) => void;

  /** `rows`: the rows expected (they size the partitions; more may come). */
  constructor(rows: number) {
    this.answer = new Promise<Int32Array>((resolve, reject) => {
      this.settle = (answer) => (answer instanceof Error ? reject(answer) : resolve(answer));
    });
    // Surfaced by suspects(); a read that fails first never asks.
    this.answer.catch(() => {});
    this.worker = workerScript(REPEATS_THREAD).then((script) => {
      const worker = new Worker(script, { eval: true, workerData: { rows } satisfies RepeatsThreadData });
      worker.unref();
      worker.on('message', (reply: RepeatsReply) =>
        this.settle(reply.kind === 'suspects' ? reply.suspects : new Error(reply.message)),
      );
      worker.on('error', (error) => this.settle(error));
      // A thread that dies without a word (out of memory) must not leave the reader waiting.
      worker.on('exit', (code) =>
        this.settle(new Error(`the thread finding repeated event_ids stopped (exit code ${code})`)),
      );
      return worker;
    });
    this.worker.catch((error: unknown) => this.settle(error as Error));
  }

  /**
   * Hands over the hashes of rows first, first + 1, …: read in place when they lie in shared memory
   * (then not to be changed after), else copied.
   */
  send(hashes: Int32Array, first: number): void {
    this.worker.then(
      (worker) => worker.postMessage({ kind: 'hashes', hashes, first } satisfies RepeatsRequest),
      () => {},
    );
  }

  /** The suspects of all the rows sent, (row, earlier) pairs; the thread then ends. */
  async suspects(): Promise<Int32Array> {
    const worker = await this.worker;
    worker.ref();
    worker.postMessage({ kind: 'suspects' } satisfies RepeatsRequest);
    try {
      return await this.answer;
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
