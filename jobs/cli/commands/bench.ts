import type { Command } from 'commander';
import type { Bench, BenchFigure } from '../../bench/types.ts';
import { optionError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/log.ts';

/** The benchmark suites, in the order the pipeline runs: each module's default export is a `Bench`. */
const SUITES = ['generate', 'ingest', 'detect', 'explorer'] as const;

function formatValue(value: number): string {
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (Math.abs(value) >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function printTable(suite: string, figures: BenchFigure[]): void {
  const width = Math.max(...figures.map((f) => f.name.length), 10);
  process.stdout.write(`\n${suite}\n`);
  for (const f of figures) {
    const target = f.target ? `   (target ${f.target})` : '';
    process.stdout.write(
      `  ${f.name.padEnd(width)}  ${formatValue(f.value).padStart(10)} ${f.unit}${target}\n`,
    );
  }
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(
      'Run the benchmarks and print their figures (rows/s, events/s, stage times, peak RSS, latencies)',
    )
    .option('--only <suites>', `comma-separated suites to run (${SUITES.join(', ')})`)
    .option('--quick', 'small sizes, for a smoke run', false)
    .option('--json', 'print the figures as JSON on stdout', false)
    .action(async (options: { only?: string; quick: boolean; json: boolean }) => {
      const chosen = options.only ? options.only.split(',').map((s) => s.trim()) : [...SUITES];
      for (const name of chosen)
        if (!(SUITES as readonly string[]).includes(name))
          throw optionError('--only', `names an unknown suite "${name}" (known: ${SUITES.join(', ')})`);
      const log = createLogger({ command: 'bench' });
      const results: Record<string, BenchFigure[]> = {};
      for (const suite of chosen) {
        const module = (await import(`../../bench/${suite}.ts`)) as { default: Bench };
        log.info({ suite }, `bench ${suite}`);
        results[suite] = await module.default({ log, quick: options.quick });
        if (!options.json) printTable(suite, results[suite]);
      }
      if (options.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    });
}
