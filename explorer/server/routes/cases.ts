import type { FastifyInstance } from 'fastify';
import { appendAudit, reviewerOf } from '../audit.ts';
import { parseAction, refusal } from '../cases/fold.ts';
import { type ExplorerContext, findCluster, findRun, sendError } from '../context.ts';

interface ClusterParams {
  run: string;
  cluster: string;
}

/** A cluster's case: read it, or act on it (claim, assign, release, decide, reopen). */
export function caseRoutes(app: FastifyInstance, context: ExplorerContext): void {
  app.get<{ Params: ClusterParams }>('/api/runs/:run/clusters/:cluster/case', async (request, reply) => {
    const run = await findRun(context, request.params.run, reply);
    if (!run || findCluster(run, request.params.cluster, reply) === undefined) return reply;
    return context.cases.get(run.id, request.params.cluster);
  });

  app.post<{ Params: ClusterParams; Body: Record<string, unknown> }>(
    '/api/runs/:run/clusters/:cluster/case',
    async (request, reply) => {
      const run = await findRun(context, request.params.run, reply);
      if (!run || findCluster(run, request.params.cluster, reply) === undefined) return reply;
      const body = request.body && typeof request.body === 'object' ? request.body : {};
      const action = parseAction(body);
      if (typeof action === 'string') return sendError(reply, 400, 'bad_request', action);
      const by = reviewerOf(request, body.reviewer);
      const event = {
        ...action,
        at: new Date().toISOString(),
        run: run.id,
        cluster: request.params.cluster,
        by,
      };
      const result = await context.cases.append(event, (current) => refusal(current, action, by));
      if (typeof result === 'string')
        return sendError(reply, 409, 'conflict', `Cannot ${action.type}: ${result}.`);
      await appendAudit(context.runsDir, {
        action: 'case',
        run: run.id,
        cluster: request.params.cluster,
        detail: action.type === 'decide' ? `decide ${action.label}` : action.type,
        ...('reason' in action ? { reason: action.reason } : {}),
        by,
      });
      return result;
    },
  );
}
