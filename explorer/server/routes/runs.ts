import type { FastifyInstance } from 'fastify';
import { readManifest } from '../../../jobs/output/run-files.ts';
import type { RunList, RunSummary } from '../../shared/api.ts';
import { appendAudit, reviewerOf } from '../audit.ts';
import { type Case, caseKey, NEW_CASE } from '../cases/fold.ts';
import { type ExplorerContext, findCluster, findRun, sendError } from '../context.ts';
import { clusterDetail, manifestSummary, runSummary } from '../runs/detail.ts';
import { parseQueueQuery, QueryError, queryQueue } from '../runs/queue.ts';

interface RunParams {
  run: string;
}
interface ClusterParams extends RunParams {
  cluster: string;
}

/** The runs, each run's queue of flagged clusters, and one cluster's detail. */
export function runRoutes(app: FastifyInstance, context: ExplorerContext): void {
  app.get('/api/runs', async (request): Promise<RunList> => {
    const runs: RunSummary[] = [];
    for (const location of await context.store.list()) {
      try {
        runs.push(manifestSummary(location.id, await readManifest(location.dir)));
      } catch (error) {
        // One broken run must not hide the others; it is named in the server's log.
        request.log.warn({ run: location.id, err: error }, 'run cannot be read');
      }
    }
    // Newest night first: by the window the run looked at, then when it ran.
    const night = (run: RunSummary) => run.window?.to ?? run.finished_at ?? '';
    runs.sort((a, b) => night(b).localeCompare(night(a)) || b.id.localeCompare(a.id));
    return { runs };
  });

  app.get<{ Params: RunParams }>('/api/runs/:run', async (request, reply) => {
    const run = await findRun(context, request.params.run, reply);
    return run ? runSummary(run) : reply;
  });

  app.get<{ Params: RunParams; Querystring: Record<string, string> }>(
    '/api/runs/:run/clusters',
    async (request, reply) => {
      const run = await findRun(context, request.params.run, reply);
      if (!run) return reply;
      try {
        const cases = await context.cases.all();
        return queryQueue(run, parseQueueQuery(request.query), caseLookup(cases, run.id));
      } catch (error) {
        if (error instanceof QueryError) return sendError(reply, 400, 'bad_query', error.message);
        throw error;
      }
    },
  );

  app.get<{ Params: ClusterParams }>('/api/runs/:run/clusters/:cluster', async (request, reply) => {
    const run = await findRun(context, request.params.run, reply);
    if (!run) return reply;
    const row = findCluster(run, request.params.cluster, reply);
    if (row === undefined) return reply;
    await appendAudit(context.runsDir, {
      action: 'view',
      run: run.id,
      cluster: request.params.cluster,
      by: reviewerOf(request),
    });
    return clusterDetail(run, row, caseLookup(await context.cases.all(), run.id));
  });
}

function caseLookup(cases: Map<string, Case>, runId: string) {
  return (clusterId: string) => cases.get(caseKey(runId, clusterId)) ?? NEW_CASE;
}
