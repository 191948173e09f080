import type { EventType } from '../../../shared/contract/index.ts';
import type { FollowConstraints } from '../follows.ts';
import { followKey } from '../follows.ts';
import type { IdScheme } from '../ids.ts';
import type { Language } from '../phrases.ts';
import { type Population, type PopulationSamplers, REGIONS } from '../population.ts';
import type { Rng } from '../rng.ts';
import { ROLE, type Script } from '../script.ts';
import type { AttackKind, BenignKind } from '../types.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A scenario as planned; its span and participants are read back from the events it planted. */
export interface PlannedScenario {
  id: string;
  kind: AttackKind | BenignKind;
  targets: number[];
  instigator: number | null;
  timing: 'tight' | 'staggered' | null;
  newAccounts: number[];
  contents: string[];
}

/** Everything a scenario planter reads and writes. */
export interface ScenarioContext {
  rng: Rng;
  population: Population;
  samplers: PopulationSamplers;
  ids: IdScheme;
  script: Script;
  follows: FollowConstraints;
  windowStart: number;
  days: number;
  /** How big planted scenarios are relative to the default world (1 at 200k events). */
  size: number;
  /** Accounts already a target of some scenario: each scenario gets its own. */
  usedTargets: Set<number>;
  scenarios: PlannedScenario[];
}

export function windowEnd(ctx: ScenarioContext): number {
  return ctx.windowStart + ctx.days * DAY_MS;
}

/** A size scaled with the world and kept within [min, max]. */
export function scaled(ctx: ScenarioContext, base: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(base * ctx.size * ctx.rng.lognormal(0, 0.25))));
}

/** A day of the window for a scenario; attacks prefer later days so targets have a baseline before. */
export function pickDay(ctx: ScenarioContext, avoidFirst = false): number {
  return avoidFirst && ctx.days > 1 ? 1 + ctx.rng.int(ctx.days - 1) : ctx.rng.int(ctx.days);
}

/** The UTC time of a local hour on a window day in an account's region, kept so that `span` still fits in the window. */
export function localTime(
  ctx: ScenarioContext,
  day: number,
  localHour: number,
  account: number,
  span = 0,
): number {
  const offset = REGIONS[ctx.population.region[account] as number]!.utcOffset;
  const at = ctx.windowStart + day * DAY_MS + (localHour - offset) * HOUR_MS;
  return Math.max(ctx.windowStart + HOUR_MS, Math.min(at, windowEnd(ctx) - span - HOUR_MS));
}

/**
 * A creator whose fame rank lies in [fromShare, toShare) of all creators (0 = the most famous),
 * preferring a language, never one already targeted.
 */
export function pickCreator(
  ctx: ScenarioContext,
  fromShare: number,
  toShare: number,
  lang?: Language,
): number {
  const ranked = ctx.samplers.byFame;
  const from = Math.floor(fromShare * ranked.length);
  const to = Math.max(from + 1, Math.ceil(toShare * ranked.length));
  for (let attempt = 0; attempt < 400; attempt++) {
    const creator = ranked[Math.min(ranked.length - 1, from + ctx.rng.int(to - from))] as number;
    if (ctx.usedTargets.has(creator)) continue;
    if (lang && attempt < 300 && ctx.population.lang(creator) !== lang) continue;
    ctx.usedTargets.add(creator);
    return creator;
  }
  for (const creator of ranked)
    if (!ctx.usedTargets.has(creator)) {
      ctx.usedTargets.add(creator);
      return creator;
    }
  throw new Error('the world has too few creators for its scenarios');
}

/**
 * Distinct organic accounts, drawn by activity (active people join things), `langShare` of them
 * from one language, all created before `createdBefore` and none in `exclude`.
 */
export function pickAccounts(
  ctx: ScenarioContext,
  count: number,
  options: { lang?: Language; langShare?: number; createdBefore: number; exclude?: Set<number> },
): number[] {
  const { rng, samplers, population } = ctx;
  const chosen = new Set<number>();
  const regionsOfLang = REGIONS.flatMap((r, i) => (r.lang === options.lang ? [i] : []));
  for (let attempt = 0; chosen.size < count && attempt < count * 20; attempt++) {
    const region =
      regionsOfLang.length > 0 && rng.chance(options.langShare ?? 1)
        ? rng.pick(regionsOfLang)
        : rng.int(REGIONS.length);
    const members = samplers.actorIndexByRegion[region]!;
    if (members.length === 0) continue;
    const account = members[samplers.actorsByRegion[region]!.sample(rng)] as number;
    if (chosen.has(account) || options.exclude?.has(account)) continue;
    if ((population.createdAt[account] as number) >= options.createdBefore) continue;
    chosen.add(account);
  }
  return [...chosen];
}

/** A region of the language (for accounts created for a scenario). */
export function regionOf(ctx: ScenarioContext, lang: Language): number {
  return ctx.rng.pick(REGIONS.flatMap((r, i) => (r.lang === lang ? [i] : [])));
}

/**
 * Makes `follower` follow `followee` before `at`: an edge of the pre-window graph when the account
 * existed then, else a follow event between its creation and `at`.
 */
export function ensureFollow(
  ctx: ScenarioContext,
  scenario: number,
  follower: number,
  followee: number,
  at: number,
) {
  const created = ctx.population.createdAt[follower] as number;
  if (created < ctx.windowStart) ctx.follows.required.push({ follower, followee });
  else {
    const since = created + ctx.rng.float() * Math.max(MINUTE_MS, at - created);
    ctx.script.add(
      scenario,
      ROLE.preparation,
      Math.min(since, at - MINUTE_MS),
      'follow',
      follower,
      followee,
      null,
    );
  }
}

/** Records what the participants of one scenario do. */
export function participantActions(ctx: ScenarioContext, scenario: number) {
  return (
    ts: number,
    type: EventType,
    actor: number,
    target: number,
    content: string | null,
    text: string | null = null,
  ) => ctx.script.add(scenario, ROLE.participant, ts, type, actor, target, content, text);
}

export function forbidFollow(ctx: ScenarioContext, follower: number, followee: number): void {
  ctx.follows.forbidden.add(followKey(follower, followee));
}

/** A creator's video from before the window, recent ones more likely. */
export function recentVideo(ctx: ScenarioContext, creator: number): string {
  const videos = Math.max(1, ctx.population.videos[creator] as number);
  return ctx.ids.video(creator, Math.max(0, videos - 1 - Math.floor(ctx.rng.exponential(2))));
}

/** A video posted during the window (numbered after the creator's older ones). */
export function newVideo(ctx: ScenarioContext, creator: number, nth: number): string {
  return ctx.ids.video(creator, (ctx.population.videos[creator] as number) + nth);
}

export function plan(ctx: ScenarioContext, scenario: Omit<PlannedScenario, 'id'>): number {
  const nth = ctx.scenarios.filter((s) => s.kind === scenario.kind).length + 1;
  ctx.scenarios.push({ id: `${scenario.kind}-${nth}`, ...scenario });
  return ctx.scenarios.length - 1;
}
