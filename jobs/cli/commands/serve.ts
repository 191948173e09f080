import type { Command } from 'commander';
import { buildExplorer } from '../../../explorer/server/app.ts';
import { optionError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/log.ts';
import { wholeNumber } from '../options.ts';

interface ServeOptions {
  runs: string;
  port: number;
  host: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the explorer (web app and JSON API) over every run directory under --runs.')
    .requiredOption('--runs <dir>', 'directory of run directories (one per night, possibly nested one level)')
    .option(
      '--port <n>',
      'port to listen on (0 = any free port)',
      wholeNumber('--port', { max: 65535 }),
      8080,
    )
    .option('--host <host>', 'address to bind to', '127.0.0.1')
    .action(async (options: ServeOptions) => {
      const log = createLogger({ command: 'serve' });
      const app = await buildExplorer({ runsDir: options.runs, log });
      const url = await app.listen({ port: options.port, host: options.host }).catch((error: Error) => {
        throw optionError(
          `--host/--port ${options.host}:${options.port}`,
          `cannot be listened on (${error.message})`,
        );
      });
      log.info({ url, runs: options.runs }, `explorer listening on ${url}`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          log.info('explorer stopping');
          app.close().then(() => resolve());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
