import { mkdir, writeFile } from 'node:fs/promises';
import { formatTimestamp } from '../../shared/contract/index.ts';
import type { OutputFormat } from '../formats/index.ts';
import { optionError } from '../runtime/errors.ts';
import { createLogger, progress } from '../runtime/log.ts';
import { Background, HourEvents } from './background.ts';
import { assignFollowerCounts, buildFollowGraph, type FollowConstraints } from './follows.ts';
import { IdScheme } from './ids.ts';
import { createPopulation, createSamplers } from './population.ts';
import { Rng } from './rng.ts';
import { plantScenarios, type ScenarioContext } from './scenarios/index.ts';
import { Script } from './script.ts';
import { truthOf } from './truth.ts';
import type { GenerateOptions, Truth, WorldLayout } from './types.ts';
import { EventStreamWriter, worldPaths, writeAccounts, writeFollows } from './writer.ts';

export type { AttackTruth, BenignTruth, GenerateOptions, Truth, WorldLayout } from './types.ts';
export { WORLD_LAYOUTS } from './types.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const DEFAULT_EVENTS = 200_000;
export const DEFAULT_DAYS = 7;
/** Default worlds end on this fixed day, so that the same command always gives the same world. */
export const DEFAULT_LAST_DAY = '2026-03-31';
/** Below this, the planted scenarios would crowd out the background. */
export const MIN_EVENTS = 10_000;

function windowStart(start: string | undefined, days: number): number {
  if (start === undefined) return Date.parse(`${DEFAULT_LAST_DAY}T00:00:00Z`) - (days - 1) * DAY_MS;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(start) ? Date.parse(`${start}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms)) throw optionError('--start', `must be a date YYYY-MM-DD, got "${start}"`);
  return ms;
}

/** Organic accounts grow slower than events: bigger worlds have more activity per account, as platforms do. */
function organicAccounts(events: number): number {
  return Math.max(1500, Math.round(events ** 0.8));
}

/**
 * Generates a synthetic world (events, accounts, the follow graph before the window and truth.json)
 * into `options.out`, streaming events hour by hour in batches. Same options → same bytes.
 */
export async function generateWorld(options: GenerateOptions): Promise<Truth> {
  const format: OutputFormat = options.format ?? 'arrow';
  const layout: WorldLayout = options.layout ?? 'single';
  const days = options.days ?? DEFAULT_DAYS;
  const log = options.log ?? createLogger({ command: 'generate' });
  if (!Number.isSafeInteger(options.events) || options.events < MIN_EVENTS)
    throw optionError('--events', `must be a whole number of at least ${MIN_EVENTS}, got ${options.events}`);
  if (!Number.isSafeInteger(days) || days < 1 || days > 366)
    throw optionError('--days', `must be a whole number from 1 to 366, got ${days}`);
  const start = windowStart(options.start, days);
  const end = start + days * DAY_MS;

  const root = new Rng(options.seed);
  const ids = new IdScheme(options.seed);
  const scale = options.events / DEFAULT_EVENTS;
  const organic = organicAccounts(options.events);
  const population = createPopulation(
    root.fork('population'),
    organic,
    20_000 + Math.ceil(organic * 0.05),
    start,
  );
  const samplers = createSamplers(population);
  const follows: FollowConstraints = { required: [], forbidden: new Set() };
  const script = new Script();
  const ctx: ScenarioContext = {
    rng: root.fork('scenarios'),
    population,
    samplers,
    ids,
    script,
    follows,
    windowStart: start,
    days,
    size: Math.min(3, Math.sqrt(scale)),
    usedTargets: new Set(),
    scenarios: [],
  };
  plantScenarios(ctx, scale);
  const planted = script.finish(start, end);
  const backgroundTotal = options.events - planted.length;
  if (backgroundTotal < planted.length)
    throw optionError(
      '--events',
      `${options.events} is too few for the planted scenarios (${planted.length} events)`,
    );

  const graph = buildFollowGraph(root.fork('follows'), population, samplers, follows, start);
  assignFollowerCounts(root.fork('followers'), population, graph);
  log.info(
    {
      accounts: population.length,
      follows: graph.followees.length,
      planted: planted.length,
      scenarios: ctx.scenarios.length,
    },
    'generate: world planned',
  );

  await mkdir(options.out, { recursive: true });
  const paths = worldPaths(options.out, format, layout);
  const accountIds = Array.from({ length: population.length }, (_, a) => ids.account(a));
  await writeAccounts(paths.accounts, format, population, accountIds);
  await writeFollows(paths.follows, format, root.fork('since'), graph, population, accountIds, start);

  const background = new Background(root.fork('background'), population, samplers, graph);
  const hours = days * 24;
  const counts = background.hourlyCounts(start, hours, backgroundTotal);
  const events = new EventStreamWriter(format);
  const hour = new HourEvents();
  const shown = progress(log, 'generate', 'events', options.events);
  let next = 0; // the next planted event (index into `planted`)
  for (let h = 0; h < hours; h++) {
    const hourStart = start + h * HOUR_MS;
    const hourEnd = hourStart + HOUR_MS;
    await events.use(paths.events(hourStart));
    background.generateHour(hourStart, counts[h] as number, hour);
    // Merge the hour's organic events with the planted ones, in time order.
    let i = 0;
    for (;;) {
      const p = planted[next];
      const plantedTs = p === undefined ? Number.POSITIVE_INFINITY : (script.ts[p] as number);
      let full: boolean;
      if (
        p !== undefined &&
        plantedTs < hourEnd &&
        (i >= hour.length || plantedTs <= (hour.ts[i] as number))
      ) {
        full = events.append(
          ids.event(events.written),
          plantedTs,
          script.type[p] as number,
          accountIds[script.actor[p] as number] as string,
          accountIds[script.target[p] as number] as string,
          script.content[p] ?? null,
          script.text[p] ?? null,
        );
        next++;
      } else if (i < hour.length) {
        const target = hour.target[i] as number;
        const video = hour.video[i] as number;
        full = events.append(
          ids.event(events.written),
          hour.ts[i] as number,
          hour.type[i] as number,
          accountIds[hour.actor[i] as number] as string,
          accountIds[target] as string,
          video < 0 ? null : ids.video(target, video),
          hour.text[i] ?? null,
        );
        i++;
      } else break;
      shown.tick();
      if (full) await events.flush();
    }
  }
  await events.close();

  const truth: Truth = {
    seed: options.seed,
    events: events.written,
    start: formatTimestamp(start),
    end: formatTimestamp(end),
    format,
    layout,
    days,
    accounts: population.length,
    follows: graph.followees.length,
    ...truthOf(ctx.scenarios, script, planted, accountIds),
  };
  await writeFile(paths.truth, `${JSON.stringify(truth, null, 2)}\n`);
  shown.done({ accounts: population.length, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) });
  return truth;
}
