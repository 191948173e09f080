import { criticism, handle, mention, mutate, PHRASES } from '../phrases.ts';
import {
  DAY_MS,
  ensureFollow,
  HOUR_MS,
  localTime,
  MINUTE_MS,
  newVideo,
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

/**
 * A video goes viral: thousands of mostly positive, diverse likes and comments from many
 * unrelated accounts in every language, arriving over hours (a burst a naive detector flags).
 */
export function plantViral(ctx: ScenarioContext): void {
  const { rng, population } = ctx;
  const creator = pickCreator(ctx, 0.1, 0.8);
  const video = newVideo(ctx, creator, 0);
  const t0 = localTime(ctx, pickDay(ctx), 12 + rng.float() * 8, creator, 30 * HOUR_MS);
  const scenario = plan(ctx, {
    kind: 'viral',
    targets: [creator],
    instigator: null,
    timing: null,
    newAccounts: [],
    contents: [video],
  });
  const act = participantActions(ctx, scenario);
  const crowd = pickAccounts(ctx, scaled(ctx, 2200, 150, 8000), {
    lang: population.lang(creator),
    langShare: 0.4,
    createdBefore: t0,
    exclude: new Set([creator]),
  });
  for (const fan of crowd) {
    const bank = PHRASES[population.lang(fan)];
    let t = t0 + rng.lognormal(Math.log(3 * HOUR_MS), 0.8);
    if (rng.chance(0.85)) act(t, 'like', fan, creator, video);
    if (rng.chance(0.22)) {
      t += rng.exponential(2 * MINUTE_MS);
      const text = rng.chance(0.06) ? rng.pick(bank.banter) : rng.pick(bank.friendly);
      act(t, 'comment', fan, creator, video, rng.chance(0.3) ? mutate(rng, text) : text);
    }
    if (rng.chance(0.12)) act(t + rng.exponential(MINUTE_MS), 'share', fan, creator, video);
    if (rng.chance(0.08)) act(t + rng.exponential(MINUTE_MS), 'follow', fan, creator, null);
  }
}

/**
 * A fan community: followers of an idol like (and cheer on) every new post within minutes, every
 * day: synchronised, recurring and positive.
 */
export function plantFandom(ctx: ScenarioContext): void {
  const { rng, population } = ctx;
  const idol = pickCreator(ctx, 0, 0.01);
  const bank = PHRASES[population.lang(idol)];
  const posts = Array.from({ length: ctx.days }, (_, day) => newVideo(ctx, idol, day));
  const scenario = plan(ctx, {
    kind: 'fandom',
    targets: [idol],
    instigator: null,
    timing: null,
    newAccounts: [],
    contents: posts,
  });
  const act = participantActions(ctx, scenario);
  const fans = pickAccounts(ctx, scaled(ctx, 180, 30, 600), {
    lang: population.lang(idol),
    langShare: 0.9,
    createdBefore: ctx.windowStart,
    exclude: new Set([idol]),
  });
  for (const fan of fans) if (rng.chance(0.9)) ensureFollow(ctx, scenario, fan, idol, ctx.windowStart);
  posts.forEach((video, day) => {
    const posted = localTime(ctx, day, 18 + rng.float() * 3, idol, 2 * HOUR_MS);
    for (const fan of fans) {
      if (!rng.chance(0.75)) continue;
      const t = posted + 20_000 + rng.exponential(4 * MINUTE_MS);
      act(t, 'like', fan, idol, video);
      if (rng.chance(0.35)) {
        const chant = mention(rng.pick(bank.fandom), 'idol');
        act(
          t + rng.exponential(3 * MINUTE_MS),
          'comment',
          fan,
          idol,
          video,
          rng.chance(0.4) ? mutate(rng, chant) : chant,
        );
      }
      if (rng.chance(0.1)) act(t + rng.exponential(10 * MINUTE_MS), 'share', fan, idol, video);
    }
  });
}

/** A LIVE session: hundreds of followers join within minutes and chat short friendly lines and hearts for an hour or two. */
export function plantLive(ctx: ScenarioContext): void {
  const { rng, population } = ctx;
  const host = pickCreator(ctx, 0.001, 0.05);
  const bank = PHRASES[population.lang(host)];
  const room = ctx.ids.live(host, 0);
  const length = rng.range(60, 120) * MINUTE_MS;
  const start = localTime(ctx, pickDay(ctx), 20 + rng.float() * 2, host, length + HOUR_MS);
  const scenario = plan(ctx, {
    kind: 'live',
    targets: [host],
    instigator: null,
    timing: null,
    newAccounts: [],
    contents: [room],
  });
  const act = participantActions(ctx, scenario);
  const audience = pickAccounts(ctx, scaled(ctx, 320, 40, 900), {
    lang: population.lang(host),
    langShare: 0.85,
    createdBefore: start,
    exclude: new Set([host]),
  });
  for (const viewer of audience) {
    const follower = rng.chance(0.85);
    if (follower) ensureFollow(ctx, scenario, viewer, host, start);
    const joined = start + Math.min(length * 0.8, rng.exponential(8 * MINUTE_MS));
    const left = Math.min(start + length, joined + rng.lognormal(Math.log(25 * MINUTE_MS), 0.7));
    const at = () => joined + rng.float() * (left - joined);
    for (let c = rng.range(1, 4); c > 0; c--) {
      const line = rng.pick(bank.live);
      act(at(), 'comment', viewer, host, room, rng.chance(0.2) ? mutate(rng, line) : line);
    }
    for (let h = rng.range(0, 5); h > 0; h--) act(at(), 'like', viewer, host, room);
    if (!follower && rng.chance(0.2)) act(at(), 'follow', viewer, host, null);
  }
}

/**
 * A giveaway: thousands follow the creator, like the post and comment the same entry line (some
 * tagging a friend) over a day or two; giveaway hunters include freshly made accounts.
 */
export function plantGiveaway(ctx: ScenarioContext): void {
  const { rng, population } = ctx;
  const host = pickCreator(ctx, 0.002, 0.05);
  const lang = population.lang(host);
  const bank = PHRASES[lang];
  const video = newVideo(ctx, host, 0);
  const opened = localTime(ctx, pickDay(ctx), 12 + rng.float() * 6, host, 2 * DAY_MS);
  const newAccounts: number[] = [];
  const scenario = plan(ctx, {
    kind: 'giveaway',
    targets: [host],
    instigator: null,
    timing: null,
    newAccounts,
    contents: [video],
  });
  const act = participantActions(ctx, scenario);
  const entrants = pickAccounts(ctx, scaled(ctx, 1300, 80, 5000), {
    lang,
    langShare: 0.8,
    createdBefore: opened,
    exclude: new Set([host]),
  });
  for (let i = Math.round(entrants.length * 0.1); i > 0; i--) {
    const hunter = population.add(Math.round(opened - rng.float() * 5 * DAY_MS), regionOf(ctx, lang));
    newAccounts.push(hunter);
    entrants.push(hunter);
  }
  for (const entrant of entrants) {
    const t = opened + Math.min(2 * DAY_MS - HOUR_MS, rng.exponential(6 * HOUR_MS));
    if (rng.chance(0.7)) act(t, 'follow', entrant, host, null);
    if (rng.chance(0.9)) act(t + 15_000, 'like', entrant, host, video);
    const entry = rng.pick(bank.giveaway);
    const text = rng.chance(0.4) ? entry.replace(' @', '') : mention(entry, handle(rng));
    act(t + 40_000 + rng.exponential(30_000), 'comment', entrant, host, video, text);
  }
}

/** Follow-for-follow: a ring of small accounts follow each other in lockstep, then follow back. */
export function plantFollowRing(ctx: ScenarioContext): void {
  const { rng, population } = ctx;
  const seed = pickCreator(ctx, 0.3, 1);
  const ring = [
    seed,
    ...pickAccounts(ctx, scaled(ctx, 30, 12, 60) - 1, {
      lang: population.lang(seed),
      langShare: 0.7,
      createdBefore: ctx.windowStart,
      exclude: new Set([seed]),
    }),
  ];
  for (const member of ring) ctx.usedTargets.add(member);
  const start = localTime(ctx, pickDay(ctx), 15 + rng.float() * 6, seed, 8 * HOUR_MS);
  const scenario = plan(ctx, {
    kind: 'follow_ring',
    targets: ring,
    instigator: null,
    timing: null,
    newAccounts: [],
    contents: [],
  });
  const act = participantActions(ctx, scenario);
  const followed = new Set<string>();
  let t = start;
  for (const member of ring)
    for (const other of ring) {
      if (other === member || !rng.chance(0.6)) continue;
      t += rng.exponential(4_000);
      act(t, 'follow', member, other, null);
      followed.add(`${member}>${other}`);
    }
  // Follow-back round a few hours later: whoever was followed returns it.
  t = start + rng.range(2, 6) * HOUR_MS;
  for (const member of ring)
    for (const other of ring)
      if (followed.has(`${other}>${member}`) && !followed.has(`${member}>${other}`)) {
        t += rng.exponential(6_000);
        act(t, 'follow', member, other, null);
        if (rng.chance(0.3) && (population.videos[other] as number) > 0)
          act(t + 5_000, 'like', member, other, recentVideo(ctx, other));
      }
}

/**
 * Organic criticism of a public figure: negative but not abusive comments from established,
 * independent accounts in many languages, unsynchronised over a day and a half, no copies.
 */
export function plantCriticism(ctx: ScenarioContext): void {
  const { rng, population } = ctx;
  const figure = pickCreator(ctx, 0, 0.005);
  const video = newVideo(ctx, figure, 0);
  const posted = localTime(ctx, pickDay(ctx), 10 + rng.float() * 8, figure, 40 * HOUR_MS);
  const scenario = plan(ctx, {
    kind: 'criticism',
    targets: [figure],
    instigator: null,
    timing: null,
    newAccounts: [],
    contents: [video],
  });
  const act = participantActions(ctx, scenario);
  const critics = pickAccounts(ctx, scaled(ctx, 280, 40, 1200), {
    lang: population.lang(figure),
    langShare: 0.5,
    createdBefore: ctx.windowStart - 365 * DAY_MS,
    exclude: new Set([figure]),
  });
  for (const critic of critics) {
    const bank = PHRASES[population.lang(critic)];
    const t = posted + Math.min(40 * HOUR_MS, rng.exponential(10 * HOUR_MS));
    act(t, 'comment', critic, figure, video, criticism(rng, bank));
    if (rng.chance(0.12))
      act(t + rng.exponential(3 * HOUR_MS), 'comment', critic, figure, video, criticism(rng, bank));
    if (rng.chance(0.1)) act(t + rng.exponential(HOUR_MS), 'share', critic, figure, video);
    if (rng.chance(0.03)) act(t + rng.exponential(HOUR_MS), 'report', critic, figure, video);
  }
}
