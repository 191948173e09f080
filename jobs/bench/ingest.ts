import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Logger } from '../runtime/log.ts';
import type { Bench, BenchFigure } from './types.ts';

const CLI = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
/** Generated inputs are kept between runs (git-ignored): writing 10M events takes longer than reading them. */
const CACHE = fileURLToPath(new URL('../../data/bench/', import.meta.url));
const run = promisify(execFile);

async function cachedWorld(events: number, format: 'arrow' | 'parquet', log: Logger): Promise<string> {
  const dir = join(CACHE, `ingest-${events}-${format}`);
  const file = join(dir, `events.${format}`);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    log.info({ events, format, dir }, 'bench ingest: generating input (cached for later runs)');
    await mkdir(dir, { recursive: true });
    await run(
      process.execPath,
      [CLI, 'generate', '--seed', '1', '--events', String(events), '--format', format, '--out', dir],
      {
        env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'warn' },
        maxBuffer: 64 << 20,
      },
    );
  }
  return file;
}

/** `swarmscope validate --json` in a child process: its own peak RSS, rows/s and elapsed time. */
async function validate(
  file: string,
): Promise<{ rows_per_second: number; peak_rss_mb: number; elapsed_ms: number; cpu_ms: number }> {
  const { stdout } = await run(process.execPath, [CLI, 'validate', '--json', '--events', file], {
    env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'warn' },
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout);
}

/** Ingest speed and memory of 10M generated events (200k with --quick) from Arrow and from Parquet. */
const bench: Bench = async ({ log, quick }) => {
  const events = quick ? 200_000 : 10_000_000;
  const label = `${events / 1e6}M events`;
  const figures: BenchFigure[] = [];
  for (const format of ['arrow', 'parquet'] as const) {
    const file = await cachedWorld(events, format, log);
    log.info({ file }, `bench ingest: reading ${format}`);
    const result = await validate(file);
    figures.push(
      {
        name: `ingest ${label} from ${format}`,
        value: result.rows_per_second,
        unit: 'rows/s',
        target: format === 'arrow' ? '≥ 20M rows/s' : '≥ 10M rows/s',
      },
      { name: `  elapsed (${format})`, value: result.elapsed_ms, unit: 'ms' },
      // CPU time does not grow when other processes share the cores, as wall time does.
      { name: `  rows per CPU second (${format})`, value: (events * 1000) / result.cpu_ms, unit: 'rows/s' },
      {
        name: `  peak RSS (${format})`,
        value: result.peak_rss_mb,
        unit: 'MB',
        target: '< 1.5 GB for 10M events',
      },
    );
  }
  return figures;
};

export default bench;
