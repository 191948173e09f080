import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatTimestamp } from '../../shared/contract/index.ts';
import type { OutputFormat } from '../formats/index.ts';
import { writeRunDirectory } from '../output/index.ts';
import { optionError, outputError } from '../runtime/errors.ts';
import { createLogger, type Logger, progress } from '../runtime/log.ts';
import { Background, HourEvents } from './background.ts';
import {
  assignFollowerCounts,
  buildFollowGraph,
  type FollowConstraints,
  type FollowGraph,
} from './follows.ts';
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
export { worldFiles } from './writer.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
export const DEFAULT_EVENTS = 200_000;
export const DEFAULT_DAYS = 7;
/** Default worlds end on this fixed day, so that the same command always gives the same world. */
export const DEFAULT_LAST_DAY = '2026-03-31';
/** Below this, the planted scenarios would crowd out the background. */
export const MIN_EVENTS = 10_000;

interface Settings {
  seed: number;
  events: number;
  format: OutputFormat;
  layout: WorldLayout;
  days: number;
  start: number;
  end: number;
}

/** Everything of a world except its organic events, which are streamed out hour by hour. */
interface PlannedWorld {
  root: Rng;
  ids: IdScheme;
  ctx: ScenarioContext;
  /** Indexes into `ctx.script` of the planted events inside the window, in time order. */
  planted: Int32Array;
  graph: FollowGraph;
}

function settingsOf(options: GenerateOptions): Settings {
  const days = options.days ?? DEFAULT_DAYS;
  if (!Number.isSafeInteger(options.events) || options.events < MIN_EVENTS)
    throw optionError('--events', `must be a whole number of at least ${MIN_EVENTS}, got ${options.events}`);
  if (!Number.isSafeInteger(days) || days < 1 || days > 366)
    throw optionError('--days', `must be a whole number from 1 to 366, got ${days}`);
  let start = Date.parse(`${DEFAULT_LAST_DAY}T00:00:00Z`) - (days - 1) * DAY_MS;
  if (options.start !== undefined) {
    start = /^\d{4}-\d{2}-\d{2}$/.test(options.start) ? Date.parse(`${options.start}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(start))
      throw optionError('--start', `must be a date YYYY-MM-DD, got "${options.start}"`);
  }
  return {
    seed: options.seed,
    events: options.events,
    format: options.format ?? 'arrow',
    layout: options.layout ?? 'single',
    days,
    start,
    end: start + days * DAY_MS,
  };
}

/** The world replaces `out` whole; refuse to replace a directory that holds something else. */
async function checkOut(out: string): Promise<void> {
  const entries = await readdir(out).catch(() => null);
  if (entries && entries.length > 0 && !entries.includes('truth.json'))
    throw outputError(
      out,
      'is not empty and holds no generated world (no truth.json); choose a new directory',
    );
}

/** Organic accounts grow slower than events: bigger worlds have more activity per account, as platforms do. */
function organicAccounts(events: number): number {
  return Math.max(1500, Math.round(events ** 0.8));
}

/** Accounts, scenarios (with their planted events) and the follow graph they need. */
function planWorld(settings: Settings): PlannedWorld {
  const root = new Rng(settings.seed);
  const scale = settings.events / DEFAULT_EVENTS;
  const organic = organicAccounts(settings.events);
  // Scenarios append the accounts they create (recruits made days before a pile-on, giveaway hunters).
  const reserve = 20_000 + Math.ceil(organic * 0.05);
  const population = createPopulation(root.fork('population'), organic, reserve, settings.start);
  const samplers = createSamplers(population);
  const follows: FollowConstraints = { required: [], forbidden: new Set() };
  const ctx: ScenarioContext = {
    rng: root.fork('scenarios'),
    population,
    samplers,
    ids: new IdScheme(settings.seed),
    script: new Script(),
    follows,
    windowStart: settings.start,
    days: settings.days,
    size: Math.min(3, Math.sqrt(scale)),
    usedTargets: new Set(),
    scenarios: [],
  };
  plantScenarios(ctx, scale);
  const planted = ctx.script.finish(settings.start, settings.end);
  if (settings.events - planted.length < planted.length)
    throw optionError(
      '--events',
      `${settings.events} is too few for the planted scenarios (${planted.length} events)`,
    );
  const graph = buildFollowGraph(root.fork('follows'), population, samplers, follows, settings.start);
  assignFollowerCounts(root.fork('followers'), population, graph, settings.start);
  return { root, ids: ctx.ids, ctx, planted, graph };
}

/** How far the merge of an hour's organic events (`hour`) and the planted ones (`planted`) has come. */
interface MergeCursor {
  organic: number;
  planted: number;
}

/**
 * Appends the hour's organic and planted events in time order from `cursor` until the batch is full
 * (true: flush it and call again) or the hour is done (false). Kept synchronous and out of the async
 * streamEvents, where the per-event loop ran several times slower.
 */
function appendHour(
  events: EventStreamWriter,
  hour: HourEvents,
  script: Script,
  planted: Int32Array,
  hourEnd: number,
  cursor: MergeCursor,
): boolean {
  let i = cursor.organic;
  let next = cursor.planted;
  let full = false;
  while (!full) {
    const p = planted[next];
    const plantedTs = p === undefined ? Number.POSITIVE_INFINITY : (script.ts[p] as number);
    if (p !== undefined && plantedTs < hourEnd && (i >= hour.length || plantedTs <= (hour.ts[i] as number))) {
      full = events.append(
        plantedTs,
        script.type[p] as number,
        script.actor[p] as number,
        script.target[p] as number,
        events.content(script.content[p] ?? null),
        script.text[p] ?? null,
      );
      next++;
    } else if (i < hour.length) {
      full = events.append(
        hour.ts[i] as number,
        hour.type[i] as number,
        hour.actor[i] as number,
        hour.target[i] as number,
        hour.video[i] as number,
        hour.text[i] ?? null,
      );
      i++;
    } else break;
  }
  cursor.organic = i;
  cursor.planted = next;
  return full;
}

/**
 * Writes the events in time order: each hour's organic events merged with the planted ones of
 * that hour, appended in batches. Returns the number written.
 */
async function streamEvents(
  world: PlannedWorld,
  settings: Settings,
  accountIds: readonly string[],
  pathOf: (ts: number) => string,
  log: Logger,
): Promise<number> {
  const { ctx, planted } = world;
  const { script } = ctx;
  const background = new Background(world.root.fork('background'), ctx.population, ctx.samplers, world.graph);
  const hours = settings.days * 24;
  const counts = background.hourlyCounts(settings.start, hours, settings.events - planted.length);
  const events = await EventStreamWriter.start(settings.format, settings.seed, accountIds);
  const hour = new HourEvents();
  const shown = progress(log, 'generate', 'events', settings.events);
  let next = 0; // the next planted event (index into `planted`)
  try {
    for (let h = 0; h < hours; h++) {
      const hourStart = settings.start + h * HOUR_MS;
      const hourEnd = hourStart + HOUR_MS;
      await events.use(pathOf(hourStart));
      background.generateHour(hourStart, counts[h] as number, hour);
      const cursor = { organic: 0, planted: next };
      while (appendHour(events, hour, script, planted, hourEnd, cursor)) await events.flush();
      shown.tick(cursor.organic + cursor.planted - next); // per hour: a clock read per event would cost more than the event
      next = cursor.planted;
    }
    await events.close();
  } catch (error) {
    await events.abort();
    throw error;
  }
  shown.done({
    accounts: ctx.population.length,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
  return events.written;
}

/**
 * Generates a synthetic world (events, accounts, the follow graph before the window and truth.json)
 * into `options.out`, streaming events hour by hour in batches. Same options → same bytes. The
 * directory is replaced atomically: a failed run leaves an earlier world as it was.
 */
export async function generateWorld(options: GenerateOptions): Promise<Truth> {
  const settings = settingsOf(options);
  const log = options.log ?? createLogger({ command: 'generate' });
  await checkOut(options.out);
  const world = planWorld(settings);
  const { population, scenarios, script } = world.ctx;
  log.info(
    {
      accounts: population.length,
      follows: world.graph.followees.length,
      planted: world.planted.length,
      scenarios: scenarios.length,
    },
    'generate: world planned',
  );
  const accountIds = Array.from({ length: population.length }, (_, a) => world.ids.account(a));
  return writeRunDirectory(options.out, async (dir) => {
    const paths = worldPaths(dir, settings.format, settings.layout);
    await writeAccounts(paths.accounts, settings.format, population, accountIds);
    await writeFollows(
      paths.follows,
      settings.format,
      world.root.fork('since'),
      world.graph,
      population,
      accountIds,
      settings.start,
    );
    const written = await streamEvents(world, settings, accountIds, paths.events, log);
    const truth: Truth = {
      seed: settings.seed,
      events: written,
      start: formatTimestamp(settings.start),
      end: formatTimestamp(settings.end),
      format: settings.format,
      layout: settings.layout,
      days: settings.days,
      accounts: population.length,
      follows: world.graph.followees.length,
      ...truthOf(scenarios, script, world.planted, accountIds),
    };
    await writeFile(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
    return truth;
  });
}
