import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  FORMAT_VERSION,
  formatTimestamp,
  type InputRecord,
  type RunManifest,
} from '../../shared/contract/index.ts';
import { type RejectLog, readBeside, readEvents, rejectBatches } from '../ingest/index.ts';
import type { InputFileSummary } from '../ingest/types.ts';
import { writeRunDirectory, writeRunFiles } from '../output/index.ts';
import { optionError } from '../runtime/errors.ts';
import { createLogger, type Logger } from '../runtime/log.ts';
import { DETECTOR_VERSION, resolveDetectConfig, signalSpecs } from './config.ts';
import { createDetectPool, type DetectInput, detect } from './pipeline.ts';
import { clusterColumns, interactionColumns, MEMBER_EXTRAS, memberColumns } from './tables.ts';
import type { DetectConfig } from './types.ts';

export {
  DEFAULT_CONFIG,
  DETECTOR_VERSION,
  loadDetectConfig,
  resolveDetectConfig,
  signalSpecs,
} from './config.ts';
export type { DetectConfig, SignalName } from './types.ts';
export { SIGNAL_NAMES } from './types.ts';

export interface DetectOptions {
  events: string[];
  accounts?: string[];
  follows?: string[];
  out: string;
  /** Worker threads; default availableParallelism(). */
  threads?: number;
  /** Seeds every random choice (Louvain); default 1. */
  seed?: number;
  /** Merged over the defaults and validated (messages name the key). */
  config?: Partial<DetectConfig>;
  /** Flag only clusters with activity inside [from, to) epoch-ms; earlier events are each target's baseline. Default: whole input. */
  window?: { from: number; to: number };
  log?: Logger;
  /** Extra manifest fields (nightly: date, lookback). */
  manifestExtras?: Record<string, unknown>;
  /** Runs on the complete temporary run directory just before it replaces `out` (nightly adds tracks there). */
  beforeCommit?: (tmpDir: string, result: DetectResult) => Promise<void>;
}

export interface DetectResult {
  outDir: string;
  manifest: RunManifest;
}

function checkOptions(options: DetectOptions): { threads: number; seed: number; config: DetectConfig } {
  if (options.events.length === 0) throw optionError('--events', 'needs at least one path');
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1)
    throw optionError('--threads', `must be a whole number ≥ 1, got ${threads}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed) || seed < 0)
    throw optionError('--seed', `must be a whole number ≥ 0, got ${seed}`);
  const { window } = options;
  if (window && !(Number.isFinite(window.from) && Number.isFinite(window.to) && window.from < window.to))
    throw optionError('window', `must have finite from < to, got ${JSON.stringify(window)}`);
  return { threads, seed, config: resolveDetectConfig(options.config ?? {}) };
}

function inputRecords(files: InputFileSummary[], role: InputRecord['role']): InputRecord[] {
  return files.map((f) => ({ ...f, role }));
}

/**
 * `swarmscope detect`: reads the inputs, detects, and writes the run directory atomically (an
 * earlier run at `out` stays as it was when anything fails).
 */
export async function runDetect(options: DetectOptions): Promise<DetectResult> {
  const { threads, seed, config } = checkOptions(options);
  const log = options.log ?? createLogger({ command: 'detect' });
  const startedAt = new Date();
  const runStarted = performance.now();
  const cpuAtStart = process.cpuUsage();
  const outDir = resolve(options.out);
  // Started first, so that the workers load while the input is read.
  const pool = await createDetectPool(threads);
  // Disposed however the run ends: a log that spilled holds a temporary file.
  const rejectLogs: RejectLog[] = [];
  const result = await writeRunDirectory(outDir, async (tmpDir) => {
    let started = performance.now();
    const beside = readBeside({ accounts: options.accounts, follows: options.follows }, { log });
    const events = await readEvents(options.events, { log }).catch(async (error: unknown) => {
      await beside.cancel();
      throw error;
    });
    rejectLogs.push(events.rejects);
    const accounts = await beside.accounts(events.accounts);
    if (accounts) rejectLogs.push(accounts.rejects);
    const follows = await beside.follows(events.accounts);
    if (follows) rejectLogs.push(follows.rejects);
    const readMs = performance.now() - started;

    const input: DetectInput = {
      events,
      ...(accounts ? { createdAt: accounts.createdAt, followers: accounts.followers } : {}),
      ...(follows ? { follows: { follower: follows.follower, followee: follows.followee } } : {}),
    };
    const detection = await detect(input, {
      config,
      threads,
      seed,
      log,
      pool,
      ...(options.window ? { window: options.window } : {}),
    });

    started = performance.now();
    const clusters = clusterColumns(detection);
    const members = memberColumns(detection, events);
    const interactions = interactionColumns(detection, events);
    const manifest: RunManifest = {
      format_version: FORMAT_VERSION,
      run_id: randomUUID(),
      detector_version: DETECTOR_VERSION,
      started_at: startedAt.toISOString(),
      finished_at: '',
      status: detection.eventsInWindow === 0 ? 'no_events' : 'completed',
      parameters: { threads, seed, config },
      inputs: [
        ...inputRecords(events.files, 'events'),
        ...inputRecords(accounts?.files ?? [], 'accounts'),
        ...inputRecords(follows?.files ?? [], 'follows'),
      ],
      counts: {
        events_read: events.columns.length,
        events_rejected: events.rejects.total,
        duplicates: events.duplicates,
        clusters_flagged: detection.clusters.length,
        events_used: detection.eventsUsed,
        events_in_window: detection.eventsInWindow,
        accounts_rejected: accounts?.rejects.total ?? 0,
        follows_rejected: follows?.rejects.total ?? 0,
        members: members.account_id!.length,
        interactions: interactions.event_id!.length,
        ...detection.counts,
      },
      timings: {},
      signals: signalSpecs(config),
      window: options.window
        ? { from: formatTimestamp(options.window.from), to: formatTimestamp(options.window.to) }
        : null,
      ...options.manifestExtras,
    };
    manifest.timings = { read: readMs, ...detection.timings };
    const content = {
      manifest,
      clusters,
      members,
      interactions,
      rejects: rejectBatches(rejectLogs),
      memberExtras: MEMBER_EXTRAS,
    };
    manifest.timings.tables = performance.now() - started;
    manifest.timings.total = performance.now() - runStarted;
    manifest.finished_at = new Date().toISOString();
    await writeRunFiles(tmpDir, content);
    const done = { outDir, manifest };
    await options.beforeCommit?.(tmpDir, done);
    return done;
  }).finally(() => Promise.all([pool.destroy(), ...rejectLogs.map((rejects) => rejects.dispose())]));
  const cpu = process.cpuUsage();
  const runCpu = process.cpuUsage(cpuAtStart);
  log.info(
    {
      stage: 'detect',
      done: true,
      status: result.manifest.status,
      events: result.manifest.counts.events_read,
      clusters_flagged: result.manifest.counts.clusters_flagged,
      elapsed_ms: Math.round(performance.now() - runStarted),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      // CPU of every thread of the process: steadier than wall time on a shared machine.
      cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
      // The same from the run's start on: against elapsed_ms × cores, how busy the cores were.
      run_cpu_ms: Math.round((runCpu.user + runCpu.system) / 1000),
    },
    `detect done: ${result.manifest.counts.clusters_flagged} clusters flagged`,
  );
  return result;
}
