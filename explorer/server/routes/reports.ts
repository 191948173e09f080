import { createHash, randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { REPORT_STYLE } from '../../../jobs/report/html.ts';
import {
  buildReport,
  openedRun,
  REPORT_FORMATS,
  type ReportFormat,
  writeFormat,
} from '../../../jobs/report/index.ts';
import { type ExplorerContext, findCluster, findRun, sendError } from '../context.ts';
import type { LoadedRun } from '../runs/store.ts';

interface RunParams {
  run: string;
}
interface ClusterParams extends RunParams {
  cluster: string;
}
interface FormatQuery {
  format?: string;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

function reportFormat(query: FormatQuery, reply: FastifyReply): ReportFormat | undefined {
  const format = query.format ?? 'html';
  if ((REPORT_FORMATS as readonly string[]).includes(format)) return format as ReportFormat;
  sendError(reply, 400, 'bad_query', `format must be one of ${REPORT_FORMATS.join(', ')}, got "${format}".`);
  return undefined;
}

/** Renders a report through the same writer as `swarmscope report`, so both give the same bytes. */
async function sendReport(
  reply: FastifyReply,
  context: ExplorerContext,
  run: LoadedRun,
  clusters: string[],
  format: ReportFormat,
  name: string,
) {
  const { built, custody } = await buildReport(await openedRun(run, context.cases), clusters);
  const path = join(tmpdir(), `swarmscope-report-${randomBytes(6).toString('hex')}.${format}`);
  try {
    await writeFormat(path, format, built, custody);
    const body = await readFile(path);
    // HTML opens in the browser; the other formats download under a name that says what they are.
    if (format !== 'html') reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
    return reply.type(CONTENT_TYPES[format]).header('cache-control', 'no-store').send(body);
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * A report page runs no script and loads nothing: only its own inline style sheet is allowed, by
 * hash, instead of the app's `style-src 'self'`.
 */
const REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Each run's night summary and each cluster's report, in every report format. */
export function reportRoutes(app: FastifyInstance, context: ExplorerContext): void {
  // Runs after the app-wide security headers, for this group's routes only.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type')).startsWith('text/html'))
      reply.header('content-security-policy', REPORT_CSP);
    return payload;
  });

  app.get<{ Params: RunParams; Querystring: FormatQuery }>(
    '/api/runs/:run/report',
    async (request, reply) => {
      const format = reportFormat(request.query, reply);
      const run = format && (await findRun(context, request.params.run, reply));
      if (!format || !run) return reply;
      return sendReport(reply, context, run, [], format, `swarmscope-${run.id}-night`);
    },
  );

  app.get<{ Params: ClusterParams; Querystring: FormatQuery }>(
    '/api/runs/:run/clusters/:cluster/report',
    async (request, reply) => {
      const format = reportFormat(request.query, reply);
      const run = format && (await findRun(context, request.params.run, reply));
      if (!format || !run || findCluster(run, request.params.cluster, reply) === undefined) return reply;
      return sendReport(
        reply,
        context,
        run,
        [request.params.cluster],
        format,
        `swarmscope-${run.id}-${request.params.cluster}`,
      );
    },
  );
}
