import type { Transferable } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { optionError } from './errors.ts';
import { workerScript } from './worker-script.ts';

export interface StagePool<Task, Result> {
  run(task: Task, transferList?: Transferable[]): Promise<Result>;
  destroy(): Promise<void>;
  readonly threads: number;
}

/** Tasks a worker holds at once at most (one runs, the others wait in its queue): a stage's whole batch. */
const QUEUED_TASKS_PER_WORKER = 16;

/**
 * Runs a stage module's default export on `threads` worker threads, or inline when `threads` is 1,
 * so that the same pure stage code serves both (and, with a transport, another machine).
 */
export async function createStagePool<Task, Result>(
  moduleUrl: URL,
  threads: number,
): Promise<StagePool<Task, Result>> {
  if (!Number.isInteger(threads) || threads < 1)
    throw optionError('--threads', `must be a whole number ≥ 1, got ${threads}`);
  if (threads === 1) {
    const stage = (await import(moduleUrl.href)) as { default: (task: Task) => Result | Promise<Result> };
    return { threads, run: async (task) => stage.default(task), destroy: async () => {} };
  }
  const piscina = new Piscina({
    filename: new URL('./stage-worker.js', import.meta.url).href,
    workerData: { script: await workerScript(moduleUrl) },
    minThreads: threads,
    maxThreads: threads,
    // A task goes to a worker as soon as it is submitted, queued there behind the one it runs: a
    // worker then goes on to its next task without a turn of the main thread's event loop, which the
    // detector keeps busy for long stretches (indexing, screening) while the shards run.
    concurrentTasksPerWorker: QUEUED_TASKS_PER_WORKER,
  });
  return {
    threads,
    run: (task, transferList) =>
      piscina.run(task, transferList ? { transferList } : undefined) as Promise<Result>,
    destroy: () => piscina.destroy(),
  };
}
