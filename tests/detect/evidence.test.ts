import { describe, expect, it } from 'vitest';
import { resolveDetectConfig } from '../../jobs/detect/config.ts';
import { detect, type FlaggedCluster } from '../../jobs/detect/pipeline.ts';
import { createLogger } from '../../jobs/runtime/log.ts';
import { DAY, eventSet, MINUTE, type RawEvent, rng, T0 } from './events.ts';

/**
 * A small hand-built world: background activity on 20 creators over three days, then one scenario of
 * each kind on its own account. Returns every candidate (flag_score 0) so that each one's signals
 * can be read, and the flagged ones at the default thresholds.
 */
async function world() {
  const random = rng(42);
  const events: RawEvent[] = [];
  const follows: Array<[string, string]> = [];
  const created = new Map<string, number>();
  for (let i = 0; i < 6000; i++) {
    const c = Math.floor(random() * 20);
    events.push({
      ts: T0 + random() * 3 * DAY,
      type: random() < 0.7 ? 'like' : 'comment',
      actor: `u${Math.floor(random() * 400)}`,
      target: `creator${c}`,
      content: `v${c}-${Math.floor(random() * 4)}`,
      text: ['love this', 'so good', 'haha', 'nice one', 'wow'][Math.floor(random() * 5)]!,
    });
  }
  // A pile-on: @caller shares @victim's video; 30 new accounts that follow @caller flood it with
  // copies of hostile comments and reports within 40 minutes.
  const raid = T0 + 2 * DAY;
  events.push({
    ts: raid - 20 * MINUTE,
    type: 'share',
    actor: 'caller',
    target: 'victim',
    content: 'victim-v1',
  });
  for (let k = 0; k < 30; k++) {
    const a = `raider${k}`;
    created.set(a, raid - 2 * DAY);
    follows.push([a, 'caller']);
    const at = raid + random() * 40 * MINUTE;
    events.push({
      ts: at,
      type: 'comment',
      actor: a,
      target: 'victim',
      content: 'victim-v1',
      text: k % 2 ? 'nobody likes you, delete your account' : 'Nobody likes you... delete your account!!',
    });
    if (k % 3 === 0)
      events.push({ ts: at + MINUTE, type: 'report', actor: a, target: 'victim', content: 'victim-v1' });
  }
  // A giveaway: 40 new accounts that follow the host enter with the same friendly text.
  for (let k = 0; k < 40; k++) {
    const a = `entrant${k}`;
    created.set(a, raid - DAY);
    follows.push([a, 'host']);
    events.push({
      ts: raid + random() * 30 * MINUTE,
      type: 'comment',
      actor: a,
      target: 'host',
      content: 'host-giveaway',
      text: 'entered the giveaway, pick me please!',
    });
  }
  // A follow-for-follow ring: 12 accounts follow each other within an hour.
  for (let a = 0; a < 12; a++)
    for (let b = 0; b < 12; b++)
      if (a !== b)
        events.push({
          ts: raid + random() * 60 * MINUTE,
          type: 'follow',
          actor: `ring${a}`,
          target: `ring${b}`,
        });
  // Organic criticism: 40 established accounts, each in their own words, spread over a day.
  for (let k = 0; k < 40; k++)
    events.push({
      ts: raid + random() * DAY,
      type: 'comment',
      actor: `critic${k}`,
      target: 'celebrity',
      content: 'celebrity-statement',
      text: [
        ['honestly', 'sorry but', 'as a long time fan', 'respectfully'][k % 4],
        [
          'this take is crap',
          'what a shitty apology',
          'the sponsorship is bullshit',
          'that was a crap call',
          'damn, you owe us an explanation',
        ][k % 5],
        ['', 'and I am unfollowing', 'do better', 'really expected more', 'hope you reflect on it', 'sad'][
          k % 6
        ],
        `(${k})`,
      ].join(' '),
    });
  events.sort((a, b) => a.ts - b.ts);
  const set = eventSet(events);
  const code = (id: string) => set.accounts.lookup(id);
  const createdAt = new Float64Array(set.accounts.ids.length).fill(T0 - 400 * DAY);
  for (const [id, ms] of created) createdAt[code(id)] = ms;
  const input = {
    events: set,
    createdAt,
    follows: {
      follower: Int32Array.from(follows, ([a]) => code(a)),
      followee: Int32Array.from(follows, ([, b]) => code(b)),
    },
  };
  const log = createLogger();
  const all = await detect(input, {
    config: resolveDetectConfig({ flag_score: 0, repeat_overlap: 1 }),
    threads: 1,
    seed: 1,
    log,
  });
  const flagged = await detect(input, { config: resolveDetectConfig(), threads: 1, seed: 1, log });
  const on = (clusters: FlaggedCluster[], target: string) =>
    clusters.filter((c) => Array.from(c.evidence.targets, (t) => set.accounts.ids[t]).includes(target));
  return { set, input, all: all.clusters, flagged: flagged.clusters, on, raid };
}

describe('evidence on hand-built scenarios', async () => {
  const { set, input, all, flagged, on, raid } = await world();

  it('flags the pile-on with its instigator, new accounts, outsiders, copies and hostility', () => {
    const [pileOn] = on(flagged, 'victim');
    expect(pileOn).toBeDefined();
    const { signals, instigator, rows } = pileOn!.evidence;
    expect(pileOn!.evidence.candidate.kind).toBe('pile_on');
    expect(signals.new_account_share).toBeGreaterThan(0.9);
    expect(signals.outsider_share).toBe(1);
    expect(signals.near_duplicate_share).toBeGreaterThan(0.9);
    expect(signals.hostile_share).toBeGreaterThan(0.9);
    // Ten of the 30 raiders reported; the caller's share may join the cluster as its call-out.
    expect(signals.report_share).toBeGreaterThan(0.3);
    expect(signals.self_targeting_share).toBe(0);
    expect(set.accounts.ids[instigator!.account]).toBe('caller');
    expect(signals.instigator_share).toBeGreaterThan(0.9);
    expect(rows).toContain(instigator!.calloutRow);
    expect(pileOn!.whyFlagged).toMatch(
      /^3[01] accounts \(\d+ % created within 7 days\) hit @victim within \d+ min: .+; \d+ % follow or engaged with @caller, who shared @victim \d+ min before\.$/,
    );
  });

  it('does not flag the giveaway, the follow ring or the organic criticism', () => {
    for (const target of ['host', 'ring0', 'ring5', 'celebrity'])
      expect(on(flagged, target), target).toEqual([]);
    expect(flagged).toHaveLength(1);
  });

  it('reads each look-alike for what it is', () => {
    const giveaway = on(all, 'host')[0]!.evidence.signals;
    expect(giveaway.near_duplicate_share).toBe(1);
    expect(giveaway.hostile_share).toBe(0);
    expect(giveaway.outsider_share).toBe(0);
    const ring = on(all, 'ring0')[0]!.evidence.signals;
    expect(ring.self_targeting_share).toBe(1);
    const criticism = on(all, 'celebrity')[0]!.evidence.signals;
    expect(criticism.hostile_share).toBeGreaterThan(0.5);
    expect(criticism.near_duplicate_share).toBe(0);
    expect(criticism.new_account_share).toBe(0);
    expect(criticism.synchrony).toBeLessThan(0.2);
  });

  it('flags only clusters with activity in the window, earlier days being baseline', async () => {
    const run = async (window: { from: number; to: number }) =>
      (
        await detect(input, {
          config: resolveDetectConfig(),
          threads: 1,
          seed: 1,
          log: createLogger(),
          window,
        })
      ).clusters;
    const before = await run({ from: T0, to: raid - 2 * 60 * MINUTE });
    expect(before).toEqual([]);
    const during = await run({ from: raid - 60 * MINUTE, to: raid + DAY });
    expect(during.map((c) => Array.from(c.evidence.targets, (t) => set.accounts.ids[t]))).toEqual([
      ['victim'],
    ]);
  });
});
