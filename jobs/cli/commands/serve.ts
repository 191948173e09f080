import type { Command } from 'commander';
import { createLogger } from '../../runtime/log.ts';
import { addListenOptions } from '../options.ts';

interface ServeFlags {
  runs: string;
  port: number;
  host: string;
}

export function registerServe(program: Command): void {
  addListenOptions(
    program
      .command('serve')
      .description('Serve the explorer (web app and JSON API) over every run directory under --runs.')
      .requiredOption(
        '--runs <dir>',
        'directory of run directories (one per night, possibly nested one level)',
      ),
  ).action(async (options: ServeFlags) => {
    // Loaded when the command runs: the web server and its routes cost every other command ~0.6 s to load.
    const { serveExplorer } = await import('../../../explorer/server/listen.ts');
    await serveExplorer({
      runsDir: options.runs,
      port: options.port,
      host: options.host,
      log: createLogger({ command: 'serve' }),
    });
  });
}
