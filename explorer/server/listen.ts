import { optionError } from '../../jobs/runtime/errors.ts';
import type { Logger } from '../../jobs/runtime/log.ts';
import { buildExplorer } from './app.ts';

export interface ServeOptions {
  runsDir: string;
  port: number;
  host: string;
  log: Logger;
  /** Told the address once the explorer listens (the demo prints it for a person). */
  onListening?: (url: string) => void;
}

/** Serves the explorer until SIGINT or SIGTERM, then closes it cleanly. */
export async function serveExplorer(options: ServeOptions): Promise<void> {
  const { log } = options;
  const app = await buildExplorer({ runsDir: options.runsDir, log });
  const url = await app.listen({ port: options.port, host: options.host }).catch((error: Error) => {
    throw optionError(
      `--host/--port ${options.host}:${options.port}`,
      `cannot be listened on (${error.message})`,
    );
  });
  log.info({ url, runs: options.runsDir }, `explorer listening on ${url}`);
  options.onListening?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      log.info('explorer stopping');
      app.close().then(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
