import type { Command } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../../formats/index.ts';
import {
  DEFAULT_DAYS,
  DEFAULT_EVENTS,
  DEFAULT_LAST_DAY,
  generateWorld,
  WORLD_LAYOUTS,
} from '../../generate/index.ts';
import type { WorldLayout } from '../../generate/types.ts';
import { createLogger } from '../../runtime/log.ts';
import { oneOf, wholeNumber } from '../options.ts';

interface GenerateFlags {
  seed: number;
  events: number;
  out: string;
  format: OutputFormat;
  days: number;
  start?: string;
  layout: WorldLayout;
  json?: boolean;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'Write a synthetic world: events, accounts, follows and truth.json (the planted attacks and look-alikes).',
    )
    .option(
      '--seed <n>',
      'random seed: the same seed gives the same bytes',
      wholeNumber('--seed', { max: 4294967295 }),
      1,
    )
    .option(
      '--events <n>',
      'total events, planted ones included',
      wholeNumber('--events', { min: 10_000 }),
      DEFAULT_EVENTS,
    )
    .requiredOption('--out <dir>', 'directory to write the world into')
    .option(
      `--format <${OUTPUT_FORMATS.join('|')}>`,
      'container of the tables',
      oneOf('--format', OUTPUT_FORMATS),
      'arrow',
    )
    .option('--days <n>', 'days of events', wholeNumber('--days', { min: 1, max: 366 }), DEFAULT_DAYS)
    .option('--start <date>', `first day, YYYY-MM-DD (default: so that the last day is ${DEFAULT_LAST_DAY})`)
    .option(
      '--layout <single|partitioned>',
      'single files, or events partitioned by UTC day (events/date=YYYY-MM-DD/part-0000.<ext>)',
      oneOf('--layout', WORLD_LAYOUTS),
      'single',
    )
    .option('--json', 'print truth.json on stdout when done')
    .action(async (flags: GenerateFlags) => {
      const truth = await generateWorld({
        seed: flags.seed,
        events: flags.events,
        out: flags.out,
        format: flags.format,
        days: flags.days,
        start: flags.start,
        layout: flags.layout,
        log: createLogger({ command: 'generate' }),
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(truth)}\n`);
    });
}
