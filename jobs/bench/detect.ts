import { readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RunManifest } from '../../shared/contract/index.ts';
import { worldFiles } from '../generate/index.ts';
import type { Bench, BenchFigure } from './types.ts';
import { BENCH_DATA, benchWorld, CLI, run } from './worlds.ts';

interface DetectRun {
  manifest: RunManifest;
  peakRssMb: number;
  cpuMs: number;
  /** CPU of every thread from the run's start to its directory written. */
  runCpuMs: number;
  /** From the run's start (before the read) to its directory written and in place, as it logs it. */
  readToWrittenMs: number;
  elapsedMs: number;
}

/** `swarmscope detect` in a child process; its final log line carries its time read to written and peak RSS. */
async function detectOnce(world: string, out: string): Promise<DetectRun> {
  const files = worldFiles(world);
  const started = performance.now();
  const { stderr } = await run(
    process.execPath,
    [
      CLI,
      'detect',
      '--events',
      files.events,
      '--accounts',
      files.accounts,
      '--follows',
      files.follows,
      '--out',
      out,
    ],
    { env: { ...process.env, SWARMSCOPE_LOG_LEVEL: 'info' }, maxBuffer: 256 << 20 },
  );
  const elapsedMs = performance.now() - started;
  const last = stderr
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as {
          stage?: string;
          done?: boolean;
          elapsed_ms?: number;
          peak_rss_mb?: number;
          cpu_ms?: number;
          run_cpu_ms?: number;
        },
    )
    .findLast((entry) => entry.stage === 'detect' && entry.done);
  const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as RunManifest;
  return {
    manifest,
    peakRssMb: last?.peak_rss_mb ?? Number.NaN,
    cpuMs: last?.cpu_ms ?? Number.NaN,
    runCpuMs: last?.run_cpu_ms ?? Number.NaN,
    readToWrittenMs: last?.elapsed_ms ?? Number.NaN,
    elapsedMs,
  };
}

/** Detection end to end on 1M and 10M generated events (200k with --quick): events/s, stage times, peak RSS. */
const bench: Bench = async ({ log, quick }) => {
  const sizes = quick ? [200_000] : [1_000_000, 10_000_000];
  const cores = availableParallelism();
  const figures: BenchFigure[] = [];
  for (const events of sizes) {
    const world = await benchWorld(events, 'arrow', log);
    const out = join(BENCH_DATA, `detect-run-${events}`);
    log.info({ events }, 'bench detect: running');
    const result = await detectOnce(world, out);
    await rm(out, { recursive: true, force: true });
    const label = events >= 1e6 ? `${events / 1e6}M` : `${events / 1e3}k`;
    figures.push(
      {
        name: `detect ${label} events, read to written`,
        value: (events / result.readToWrittenMs) * 1000,
        unit: 'events/s',
        target: '≥ 2M events/s at 10M',
      },
      { name: '  read to written', value: result.readToWrittenMs, unit: 'ms' },
      { name: '  process wall time', value: result.elapsedMs, unit: 'ms' },
      // Wall time swings with whatever else the machine runs; CPU time much less.
      { name: '  process CPU time, all threads', value: result.cpuMs, unit: 'ms' },
      { name: '  CPU time read to written, all threads', value: result.runCpuMs, unit: 'ms' },
      // Near 100 %, the run is bound by its CPU time, not by how its work is spread over the cores.
      {
        name: `  cores busy read to written (of ${cores})`,
        value: (100 * result.runCpuMs) / (result.readToWrittenMs * cores),
        unit: '%',
      },
      { name: '  peak RSS', value: result.peakRssMb, unit: 'MB', target: '≤ 2 GB at 10M' },
      { name: '  clusters flagged', value: result.manifest.counts.clusters_flagged, unit: 'clusters' },
    );
    // The manifest's total ends before its files are written (it is in them): not the figure above.
    for (const [stage, ms] of Object.entries(result.manifest.timings))
      if (stage !== 'total') figures.push({ name: `  stage ${stage}`, value: ms, unit: 'ms' });
  }
  return figures;
};

export default bench;
