import { type Command, Option } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../../report/types.ts';
import { createLogger } from '../../runtime/log.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      "Write a cluster report (with --cluster) or the run's night summary as HTML, PDF, CSV or JSON, with a SHA-256 custody manifest beside it",
    )
    .requiredOption('--run <dir>', 'the run directory')
    .option('--cluster <id...>', 'clusters to report on (default: the night summary)')
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('html'))
    .requiredOption('--out <path>', 'the report file; its custody manifest goes to PATH.sha256')
    .option(
      '--runs-root <dir>',
      "where the pseudonym key lives: the explorer's --runs (default: the run's parent)",
    )
    .option('--json', 'print the written paths and the report SHA-256 as JSON on stdout', false)
    .action(
      async (options: {
        run: string;
        cluster?: string[];
        format: ReportFormat;
        out: string;
        runsRoot?: string;
        json: boolean;
      }) => {
        // Loaded when the command runs: the report pulls in Chromium's driver and the explorer's run loader.
        const { writeReport } = await import('../../report/index.ts');
        const result = await writeReport({
          run: options.run,
          clusters: options.cluster,
          format: options.format,
          out: options.out,
          runsRoot: options.runsRoot,
          log: createLogger({ command: 'report' }),
        });
        if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      },
    );
}
