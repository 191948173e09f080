import type { Command } from 'commander';
import { serveExplorer } from '../../../explorer/server/listen.ts';
import { createLogger } from '../../runtime/log.ts';
import { wholeNumber } from '../options.ts';

interface ServeFlags {
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
    .action(async (options: ServeFlags) => {
      await serveExplorer({
        runsDir: options.runs,
        port: options.port,
        host: options.host,
        log: createLogger({ command: 'serve' }),
      });
    });
}
