import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { optionError } from '../../jobs/runtime/errors.ts';
import type { Logger } from '../../jobs/runtime/log.ts';
import { CaseLog } from './cases/log.ts';
import type { ExplorerContext } from './context.ts';
import { caseRoutes } from './routes/cases.ts';
import { pageRoutes } from './routes/pages.ts';
import { reportRoutes } from './routes/reports.ts';
import { revealRoutes } from './routes/reveal.ts';
import { runRoutes } from './routes/runs.ts';
import { createPseudonymizer, loadPseudonymKey } from './runs/pseudonym.ts';
import { RunStore } from './runs/store.ts';
import { securityHeaders } from './security.ts';

/** One group of routes; adding a group to the explorer is one entry in ROUTE_GROUPS. */
export type RouteGroup = (app: FastifyInstance, context: ExplorerContext) => void | Promise<void>;

/** The API groups first; the pages last, as they own the not-found handler. */
const ROUTE_GROUPS: RouteGroup[] = [runRoutes, revealRoutes, caseRoutes, reportRoutes, pageRoutes];

export const DEFAULT_APP_DIR = fileURLToPath(new URL('../app/dist', import.meta.url));

export interface ExplorerOptions {
  /** The directory of run directories (`serve --runs`). */
  runsDir: string;
  /** The built web app; defaults to explorer/app/dist. */
  appDir?: string;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
}

/** The explorer's fastify app (not yet listening): JSON API, audited reveal, the web app. */
export async function buildExplorer(options: ExplorerOptions): Promise<FastifyInstance> {
  const runsDir = resolve(options.runsDir);
  if (!existsSync(runsDir)) throw optionError('--runs', `directory ${options.runsDir} does not exist`);
  const appDir = options.appDir ?? DEFAULT_APP_DIR;
  if (!existsSync(resolve(appDir, 'index.html')))
    throw optionError('--app', `${appDir} holds no built explorer: run \`npm run build\` first`);
  const key = await loadPseudonymKey(runsDir, options.env);
  const context: ExplorerContext = {
    runsDir,
    appDir,
    store: new RunStore(runsDir, createPseudonymizer(key)),
    cases: new CaseLog(runsDir),
  };
  const app = Fastify({
    ...(options.log ? { loggerInstance: options.log as FastifyBaseLogger } : { logger: false }),
    // Per-request lines would drown the progress log; errors still go through the logger.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  securityHeaders(app);
  for (const group of ROUTE_GROUPS) await app.register(async (scope) => group(scope, context));
  return app;
}
