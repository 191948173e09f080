import { handle, mention, mutate, PHRASES } from '../phrases.ts';
import { ROLE } from '../script.ts';
import {
  DAY_MS,
  ensureFollow,
  forbidFollow,
  HOUR_MS,
  localTime,
  MINUTE_MS,
  participantActions,
  pickAccounts,
  pickCreator,
  pickDay,
  plan,
  recentVideo,
  regionOf,
  type ScenarioContext,
  scaled,
} from './context.ts';

const AGED_MS = 60 * DAY_MS;

/** A hostile text: mostly an edited copy of the campaign's few lines, sometimes the recruit's own words. */
function hostileText(ctx: ScenarioContext, campaign: readonly string[], ownWords: readonly string[]): string {
  const { rng } = ctx;
  if (rng.chance(0.6)) return mutate(rng, rng.pick(campaign));
  const own = rng.pick(ownWords);
  return rng.chance(0.3) ? mutate(rng, own) : own;
}

/**
 * A pile-on: an instigator (usually a mid/large account) calls a creator out, then 15–300 recruits
 * (new accounts made days before and aged accounts, many following the instigator, mostly outsiders
 * to the victim) flood one of the victim's videos with hostile, copy-pasted comments, likes,
 * follow-then-report and shares, within minutes (tight) or over hours (staggered).
 */
export function plantPileOn(ctx: ScenarioContext, timing: 'tight' | 'staggered'): void {
  const { rng, population, script } = ctx;
  const victim = pickCreator(ctx, 0.01, 0.4);
  const lang = population.lang(victim);
  const bank = PHRASES[lang];
  const instigator = rng.chance(0.85) ? pickCreator(ctx, 0.001, 0.05, lang) : null;
  const video = recentVideo(ctx, victim);
  const recruits = scaled(ctx, 70, 15, 300);
  const span = timing === 'tight' ? rng.range(20, 50) * MINUTE_MS : rng.range(3, 10) * HOUR_MS;
  const callout = localTime(ctx, pickDay(ctx, true), 17 + rng.float() * 5, victim, span + DAY_MS);
  const burst = instigator === null ? callout : callout + rng.range(8, 60) * MINUTE_MS;
  const newAccounts: number[] = [];
  const scenario = plan(ctx, {
    kind: 'pile_on',
    targets: [victim],
    instigator,
    timing,
    newAccounts,
    contents: [video],
  });
  const act = participantActions(ctx, scenario);
  if (instigator !== null) {
    script.add(scenario, ROLE.instigator, callout, 'share', instigator, victim, video);
    const text = mention(rng.pick(bank.callout), handle(rng));
    script.add(
      scenario,
      ROLE.instigator,
      callout + rng.range(1, 5) * MINUTE_MS,
      'comment',
      instigator,
      victim,
      video,
      text,
    );
  }

  const newShare = 0.2 + 0.5 * rng.float();
  const exclude = new Set([victim, ...(instigator === null ? [] : [instigator])]);
  const aged = pickAccounts(ctx, recruits, {
    lang,
    langShare: 0.85,
    createdBefore: callout - AGED_MS,
    exclude,
  });
  const members: number[] = [];
  for (const account of aged) {
    if (rng.chance(newShare)) {
      const created = burst - (1 + rng.float() * 9) * DAY_MS;
      const fresh = population.add(Math.round(created), regionOf(ctx, lang));
      newAccounts.push(fresh);
      members.push(fresh);
      if (instigator !== null) ensureFollow(ctx, scenario, fresh, instigator, callout);
    } else {
      members.push(account);
      if (instigator !== null && rng.chance(0.7)) ensureFollow(ctx, scenario, account, instigator, callout);
    }
  }
  const campaign = [
    rng.pick(bank.hostile),
    rng.pick(bank.hostile),
    ...(instigator ? [rng.pick(bank.callout)] : []),
  ].map((line) => mention(line, handle(rng)));
  for (const member of members) {
    // A few recruits used to follow the victim: "mostly outsiders", not all.
    if (rng.chance(0.06)) ensureFollow(ctx, scenario, member, victim, ctx.windowStart);
    else forbidFollow(ctx, member, victim);
    let t =
      timing === 'tight'
        ? burst + Math.min(span * 0.8, rng.exponential(6 * MINUTE_MS))
        : burst + rng.float() ** 1.3 * span;
    const step = () => {
      t += rng.exponential(timing === 'tight' ? 2 * MINUTE_MS : 15 * MINUTE_MS);
      return t;
    };
    if (rng.chance(0.75)) {
      const comments = rng.chance(0.35) ? rng.range(2, 3) : 1;
      for (let c = 0; c < comments; c++)
        act(step(), 'comment', member, victim, video, hostileText(ctx, campaign, bank.hostile));
    }
    if (rng.chance(0.5)) act(step(), 'like', member, victim, video);
    if (rng.chance(0.4)) {
      act(step(), 'follow', member, victim, null);
      const delay = timing === 'tight' ? rng.range(5, 90) * MINUTE_MS : rng.range(1, 20) * HOUR_MS;
      act(t + delay, 'report', member, victim, rng.chance(0.6) ? video : null);
    }
    if (rng.chance(0.1)) act(step(), 'share', member, victim, video);
  }
}

/**
 * A brigade: one group (10–60 accounts of one community, following each other) raids 3–6 targets
 * over several days; each raid brings 40–90 % of the group, always with the same core.
 */
export function plantBrigade(ctx: ScenarioContext, timing: 'tight' | 'staggered'): void {
  const { rng, population } = ctx;
  // The group's community speaks the language of a random creator's audience.
  const lang = population.lang(rng.pick(Array.from(ctx.samplers.byFame)));
  const bank = PHRASES[lang];
  const size = scaled(ctx, 28, 10, 60);
  const group = pickAccounts(ctx, size, {
    lang,
    langShare: 0.9,
    createdBefore: ctx.windowStart - 14 * DAY_MS,
  });
  const core = group.slice(0, Math.max(3, Math.round(group.length * 0.3)));
  const targetCount = Math.min(rng.range(3, 6), Math.max(3, ctx.days * 2));
  const targets = Array.from({ length: targetCount }, () => pickCreator(ctx, 0.02, 0.8, lang));
  const contents = targets.map((target) => recentVideo(ctx, target));
  const scenario = plan(ctx, {
    kind: 'brigade',
    targets,
    instigator: null,
    timing,
    newAccounts: [],
    contents,
  });
  const act = participantActions(ctx, scenario);
  // A community: members follow a few of each other.
  for (const member of group)
    for (let k = 0; k < 3; k++) {
      const other = rng.pick(group);
      if (other !== member) ensureFollow(ctx, scenario, member, other, ctx.windowStart);
    }
  for (const member of group) for (const target of targets) forbidFollow(ctx, member, target);

  const phrases = Array.from({ length: 4 }, () => mention(rng.pick(bank.hostile), handle(rng)));
  const days = raidDays(ctx, targets.length);
  const span = timing === 'tight' ? rng.range(20, 60) * MINUTE_MS : rng.range(2, 6) * HOUR_MS;
  targets.forEach((target, i) => {
    const start = localTime(ctx, days[i] as number, 19 + rng.float() * 4, target, span + HOUR_MS);
    const turnout = 0.4 + 0.5 * rng.float();
    for (const member of group) {
      if (!core.includes(member) && !rng.chance(turnout)) continue;
      let t = start + (timing === 'tight' ? rng.exponential(span / 4) : rng.float() * span);
      const step = () => {
        t += rng.exponential(timing === 'tight' ? 90_000 : 10 * MINUTE_MS);
        return t;
      };
      const video = contents[i] as string;
      if (rng.chance(0.8))
        act(step(), 'comment', member, target, video, hostileText(ctx, phrases, bank.hostile));
      if (rng.chance(0.25))
        act(step(), 'comment', member, target, video, hostileText(ctx, phrases, bank.hostile));
      if (rng.chance(0.2)) act(step(), 'like', member, target, video);
      if (rng.chance(0.15)) act(step(), 'follow', member, target, null);
      if (rng.chance(0.45)) act(step(), 'report', member, target, rng.chance(0.5) ? video : null);
    }
  });
}

/** Raid days: as many distinct days as the window allows (at least two when it has two), in order. */
function raidDays(ctx: ScenarioContext, raids: number): number[] {
  const all = ctx.rng.shuffle(Array.from({ length: ctx.days }, (_, d) => d));
  const days = Array.from({ length: raids }, (_, i) => all[i % all.length] as number);
  return days.sort((a, b) => a - b);
}
