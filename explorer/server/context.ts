import type { FastifyReply } from 'fastify';
import type { ApiError } from '../shared/api.ts';
import type { CaseLog } from './cases/log.ts';
import { CLUSTER_ID_PATTERN, RUN_ID_PATTERN } from './runs/discover.ts';
import type { LoadedRun, RunStore } from './runs/store.ts';

/** What every route group gets: the runs and where the server keeps its state. */
export interface ExplorerContext {
  readonly runsDir: string;
  readonly store: RunStore;
  /** Claims, assignments and decisions, as an append-only log. */
  readonly cases: CaseLog;
  /** The built web app (index.html and assets/). */
  readonly appDir: string;
}

export function sendError(reply: FastifyReply, status: number, error: string, message: string) {
  const body: ApiError = { error, message };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * The run an id names, or undefined once a 404 has been sent. Ids are checked against a strict
 * pattern and then looked up among the discovered runs: they never become paths on their own.
 */
export async function findRun(
  context: ExplorerContext,
  runId: string,
  reply: FastifyReply,
): Promise<LoadedRun | undefined> {
  const run = RUN_ID_PATTERN.test(runId) ? await context.store.get(runId) : undefined;
  if (!run) sendError(reply, 404, 'run_not_found', `No run "${runId}" under the runs directory.`);
  return run;
}

/** The cluster's row in a run, or undefined once a 404 has been sent. */
export function findCluster(run: LoadedRun, clusterId: string, reply: FastifyReply): number | undefined {
  const row = CLUSTER_ID_PATTERN.test(clusterId) ? run.clusters.rowById.get(clusterId) : undefined;
  if (row === undefined)
    sendError(reply, 404, 'cluster_not_found', `No cluster "${clusterId}" in run "${run.id}".`);
  return row;
}
