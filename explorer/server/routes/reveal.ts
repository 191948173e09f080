import type { FastifyInstance } from 'fastify';
import type { RevealRequest, RevealResponse } from '../../shared/api.ts';
import { appendAudit, reviewerOf } from '../audit.ts';
import { type ExplorerContext, findRun, sendError } from '../context.ts';
import { PSEUDONYM_PATTERN } from '../runs/pseudonym.ts';

const MIN_REASON = 5;
const MAX_REASON = 500;

/** The one way to a real account id: an explicit request with a reason, written to the audit log first. */
export function revealRoutes(app: FastifyInstance, context: ExplorerContext): void {
  app.post<{ Params: { run: string }; Body: Partial<RevealRequest> & { cluster?: string } }>(
    '/api/runs/:run/reveal',
    async (request, reply) => {
      const run = await findRun(context, request.params.run, reply);
      if (!run) return reply;
      const { account, reason, cluster } = request.body ?? {};
      if (typeof account !== 'string' || !PSEUDONYM_PATTERN.test(account))
        return sendError(reply, 400, 'bad_request', 'account must be a pseudonym such as ps_0123456789ab');
      const why = typeof reason === 'string' ? reason.trim() : '';
      if (why.length < MIN_REASON || why.length > MAX_REASON)
        return sendError(
          reply,
          400,
          'bad_request',
          `reason must be ${MIN_REASON} to ${MAX_REASON} characters`,
        );
      const accountId = run.accountsByPseudonym.get(account);
      if (accountId === undefined)
        return sendError(reply, 404, 'account_not_found', `No account ${account} in run "${run.id}".`);
      await appendAudit(context.runsDir, {
        action: 'reveal',
        run: run.id,
        ...(typeof cluster === 'string' ? { cluster: cluster.slice(0, 128) } : {}),
        account,
        reason: why,
        by: reviewerOf(request, (request.body as { reviewer?: unknown }).reviewer),
      });
      const response: RevealResponse = { account, account_id: accountId };
      return response;
    },
  );
}
