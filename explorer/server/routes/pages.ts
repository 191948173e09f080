import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type ExplorerContext, sendError } from '../context.ts';
import { CLUSTER_ID_PATTERN, RUN_ID_PATTERN } from '../runs/discover.ts';

/**
 * The web app: its assets, and index.html for every page the app routes itself. A page for an
 * unknown run or cluster answers 404 (the app then shows its not-found view).
 */
export async function pageRoutes(app: FastifyInstance, context: ExplorerContext): Promise<void> {
  const indexHtml = await readFile(join(context.appDir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, {
    root: join(context.appDir, 'assets'),
    prefix: '/assets/',
    index: false,
    maxAge: '1h',
  });
  const page = (reply: FastifyReply, status: number) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(indexHtml);

  const runExists = async (runId: string) =>
    RUN_ID_PATTERN.test(runId) && (await context.store.get(runId)) !== undefined;

  app.get('/', (_request, reply) => page(reply, 200));
  app.get<{ Params: { run: string } }>('/runs/:run', async (request, reply) =>
    page(reply, (await runExists(request.params.run)) ? 200 : 404),
  );
  app.get<{ Params: { run: string; cluster: string } }>(
    '/runs/:run/clusters/:cluster',
    async (request, reply) => {
      const { run: runId, cluster } = request.params;
      const run = RUN_ID_PATTERN.test(runId) ? await context.store.get(runId) : undefined;
      const found =
        run !== undefined && CLUSTER_ID_PATTERN.test(cluster) && run.clusters.rowById.has(cluster);
      return page(reply, found ? 200 : 404);
    },
  );
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/api/')
      ? sendError(reply, 404, 'not_found', `No API route ${request.method} ${request.url.split('?')[0]}`)
      : page(reply, 404),
  );
}
