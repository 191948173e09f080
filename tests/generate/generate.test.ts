import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../jobs/generate/index.ts';
import { readAccounts, readEvents, readFollows } from '../../jobs/ingest/index.ts';
import { runCli } from '../helpers/cli.ts';
import { type Row, readRows } from './read-world.ts';

const DAY_MS = 86_400_000;
let scratch: string;

async function generate(out: string, ...args: string[]): Promise<Truth> {
  const result = await runCli(['generate', '--out', out, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(await readFile(join(out, 'truth.json'), 'utf8')) as Truth;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'swarmscope-generate-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('generate: determinism', () => {
  it('writes identical bytes for the same seed and different ones for another seed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => join(scratch, `seed-${name}`)) as [
      string,
      string,
      string,
    ];
    await Promise.all([
      generate(a, '--seed', '7', '--events', '20000'),
      generate(b, '--seed', '7', '--events', '20000'),
      generate(c, '--seed', '8', '--events', '20000'),
    ]);
    for (const file of ['events.arrow', 'accounts.arrow', 'follows.arrow', 'truth.json']) {
      const [bytesA, bytesB, bytesC] = await Promise.all([a, b, c].map((dir) => readFile(join(dir, file))));
      expect(bytesA!.equals(bytesB!), file).toBe(true);
      expect(bytesA!.equals(bytesC!), file).toBe(false);
    }
  });
});

describe('generate: the truth matches the events', () => {
  let truth: Truth;
  let events: Row[];
  let accounts: Map<string, Row>;
  let follows: Row[];
  const byActor = new Map<string, Row[]>();

  beforeAll(async () => {
    const out = join(scratch, 'world');
    truth = await generate(out, '--seed', '11', '--events', '30000', '--days', '7', '--start', '2026-05-01');
    events = await readRows(join(out, 'events.arrow'));
    accounts = new Map(
      (await readRows(join(out, 'accounts.arrow'))).map((row) => [row.account_id as string, row]),
    );
    follows = await readRows(join(out, 'follows.arrow'));
    for (const event of events) {
      const list = byActor.get(event.actor_id as string) ?? [];
      list.push(event);
      byActor.set(event.actor_id as string, list);
    }
  });

  it('writes exactly the events asked for, valid, unique, in the window and in time order', () => {
    const start = Date.parse(truth.start);
    const end = Date.parse(truth.end);
    expect(truth.start).toBe('2026-05-01T00:00:00.000Z');
    expect(end - start).toBe(7 * DAY_MS);
    expect(events).toHaveLength(30000);
    expect(truth.events).toBe(30000);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    let previous = start;
    for (const event of events) {
      const ts = event.ts as number;
      expect(ts).toBeGreaterThanOrEqual(previous);
      previous = ts;
      expect(event.actor_id).not.toBe(event.target_id);
      const actor = accounts.get(event.actor_id as string);
      expect(actor, `actor ${event.actor_id}`).toBeDefined();
      expect(accounts.has(event.target_id as string), `target ${event.target_id}`).toBe(true);
      // Nobody acts before their account exists.
      expect(actor!.created_at as number).toBeLessThanOrEqual(ts);
      expect(event.content_id === null).toBe(
        event.type === 'follow' || (event.type === 'report' && event.content_id === null),
      );
      expect(event.text !== null).toBe(event.type === 'comment');
    }
    expect(previous).toBeLessThan(end);
  });

  it('has realistic proportions: likes ≫ comments > follows > shares > reports, a heavy-tailed activity', () => {
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('like')).toBeGreaterThan(3 * count('comment'));
    expect(count('comment')).toBeGreaterThan(count('follow'));
    expect(count('follow')).toBeGreaterThan(count('share'));
    expect(count('share')).toBeGreaterThan(count('report'));
    expect(count('report')).toBeGreaterThan(0);
    const perActor = [...byActor.values()].map((list) => list.length).sort((a, b) => b - a);
    const top = perActor.slice(0, Math.ceil(perActor.length / 10)).reduce((s, n) => s + n, 0);
    expect(top / events.length).toBeGreaterThan(0.3); // the busiest tenth makes a large share
    expect(new Set([...accounts.values()].map((a) => a.lang)).size).toBeGreaterThanOrEqual(5);
    expect(follows.length).toBeGreaterThan(accounts.size);
  });

  it('lists only accounts that exist, and every attacker acted on its targets within from..to', () => {
    expect(truth.attacks.length).toBeGreaterThanOrEqual(3);
    for (const attack of truth.attacks) {
      const from = Date.parse(attack.from);
      const to = Date.parse(attack.to);
      const targets = new Set(attack.targets);
      const ids = [...attack.targets, ...attack.attackers, ...(attack.instigator ? [attack.instigator] : [])];
      for (const id of ids) expect(accounts.has(id), `${attack.id}: ${id}`).toBe(true);
      for (const attacker of attack.attackers) {
        const hits = (byActor.get(attacker) ?? []).filter(
          (e) => targets.has(e.target_id as string) && (e.ts as number) >= from && (e.ts as number) <= to,
        );
        expect(hits.length, `${attack.id}: ${attacker}`).toBeGreaterThan(0);
      }
    }
  });

  it('plants pile-ons of 15–300 recruits, tight and staggered, each instigator acting before the burst', () => {
    const pileOns = truth.attacks.filter((a) => a.kind === 'pile_on');
    expect(new Set(pileOns.map((a) => a.timing))).toEqual(new Set(['tight', 'staggered']));
    for (const attack of pileOns) {
      expect(attack.targets).toHaveLength(1);
      expect(attack.attackers.length).toBeGreaterThanOrEqual(15);
      expect(attack.attackers.length).toBeLessThanOrEqual(300);
      const created = attack.new_accounts.map((id) => accounts.get(id)!.created_at as number);
      for (const at of created) expect(at).toBeLessThan(Date.parse(attack.from));
      if (attack.instigator === null) continue;
      const callout = (byActor.get(attack.instigator) ?? []).filter((e) => e.target_id === attack.targets[0]);
      expect(callout.length).toBeGreaterThan(0);
      expect(Math.min(...callout.map((e) => e.ts as number))).toBeLessThan(Date.parse(attack.from));
    }
  });

  it('makes pile-ons look like pile-ons: copy-pasted hostility, recruits following the instigator, outsiders to the victim', () => {
    const followsOf = new Map<string, Set<string>>();
    const addFollow = (follower: string, followee: string) => {
      const set = followsOf.get(follower) ?? new Set<string>();
      set.add(followee);
      followsOf.set(follower, set);
    };
    for (const f of follows) addFollow(f.follower_id as string, f.followee_id as string);
    for (const attack of truth.attacks.filter((a) => a.kind === 'pile_on')) {
      const victim = attack.targets[0]!;
      const attackers = new Set(attack.attackers);
      const comments = events.filter(
        (e) => e.type === 'comment' && e.target_id === victim && attackers.has(e.actor_id as string),
      );
      // Near-copies: the same letters once casing, emoji and punctuation are set aside, from several authors.
      const authorsByText = new Map<string, Set<string>>();
      for (const c of comments) {
        const key = (c.text as string)
          .toLowerCase()
          .replace(/[^\p{L}]/gu, '')
          .slice(0, 12);
        const authors = authorsByText.get(key) ?? new Set<string>();
        authors.add(c.actor_id as string);
        authorsByText.set(key, authors);
      }
      expect(Math.max(...[...authorsByText.values()].map((a) => a.size)), attack.id).toBeGreaterThanOrEqual(
        3,
      );
      const followingVictim = attack.attackers.filter((a) => followsOf.get(a)?.has(victim)).length;
      expect(followingVictim / attack.attackers.length, attack.id).toBeLessThan(0.2);
      if (attack.instigator === null) continue;
      const followedBefore = new Set(
        events
          .filter(
            (e) =>
              e.type === 'follow' &&
              e.target_id === attack.instigator &&
              (e.ts as number) < Date.parse(attack.from),
          )
          .map((e) => e.actor_id as string),
      );
      const followingInstigator = attack.attackers.filter(
        (a) => followsOf.get(a)?.has(attack.instigator!) || followedBefore.has(a),
      ).length;
      expect(followingInstigator / attack.attackers.length, attack.id).toBeGreaterThan(0.5);
    }
  });

  it('makes organic criticism established, unsynchronised and without copies', () => {
    const critique = truth.benign.find((b) => b.kind === 'criticism')!;
    const critics = new Set(critique.participants);
    const comments = events.filter(
      (e) => e.type === 'comment' && e.target_id === critique.targets[0] && critics.has(e.actor_id as string),
    );
    const oneYearBefore = Date.parse(truth.start) - 365 * DAY_MS;
    for (const critic of critics)
      expect(accounts.get(critic)!.created_at as number).toBeLessThan(oneYearBefore);
    const hours = new Set(comments.map((c) => Math.floor((c.ts as number) / 3_600_000)));
    expect(hours.size).toBeGreaterThan(6);
    const copies = new Map<unknown, number>();
    for (const c of comments) copies.set(c.text, (copies.get(c.text) ?? 0) + 1);
    expect(Math.max(...copies.values()) / comments.length).toBeLessThan(0.1);
  });

  it('plants brigades that hit at least 3 targets on at least 2 days, with a recurring core', () => {
    const brigades = truth.attacks.filter((a) => a.kind === 'brigade');
    expect(brigades.length).toBeGreaterThan(0);
    for (const brigade of brigades) {
      const targets = new Set(brigade.targets);
      const group = new Set(brigade.attackers);
      const raids = events.filter(
        (e) => group.has(e.actor_id as string) && targets.has(e.target_id as string),
      );
      expect(new Set(raids.map((e) => e.target_id)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(raids.map((e) => Math.floor((e.ts as number) / DAY_MS))).size).toBeGreaterThanOrEqual(2);
      // Someone took part in every raid.
      const raidsOf = (account: string) =>
        new Set(raids.filter((e) => e.actor_id === account).map((e) => e.target_id)).size;
      expect(Math.max(...brigade.attackers.map(raidsOf))).toBe(targets.size);
    }
  });

  it('plants every kind of benign look-alike, with participants acting on their targets', () => {
    expect(new Set(truth.benign.map((b) => b.kind))).toEqual(
      new Set(['viral', 'fandom', 'live', 'giveaway', 'follow_ring', 'criticism']),
    );
    for (const look of truth.benign) {
      const targets = new Set(look.targets);
      for (const id of [...look.targets, ...look.participants])
        expect(accounts.has(id), `${look.id}: ${id}`).toBe(true);
      const acted = new Set(
        events
          .filter((e) => targets.has(e.target_id as string) && (e.ts as number) >= Date.parse(look.from))
          .map((e) => e.actor_id),
      );
      for (const participant of look.participants)
        expect(acted.has(participant), `${look.id}: ${participant}`).toBe(true);
    }
    const giveaway = truth.benign.find((b) => b.kind === 'giveaway')!;
    const entries = events.filter((e) => e.type === 'comment' && e.target_id === giveaway.targets[0]);
    const texts = new Map<string, number>();
    for (const e of entries) texts.set(e.text as string, (texts.get(e.text as string) ?? 0) + 1);
    // Thousands post the same line: the most common entry text repeats many times.
    expect(Math.max(...texts.values())).toBeGreaterThan(10);
  });
});

describe('generate: formats and layouts', () => {
  const arrowDir = () => join(scratch, 'fmt-arrow');
  beforeAll(async () => {
    await generate(arrowDir(), '--seed', '3', '--events', '10000', '--days', '2');
  });

  for (const format of ['parquet', 'ndjson', 'csv', 'arrows']) {
    it(`writes readable ${format} tables holding the same world as Arrow`, async () => {
      const dir = join(scratch, `fmt-${format}`);
      await generate(dir, '--seed', '3', '--events', '10000', '--days', '2', '--format', format);
      for (const table of ['events', 'accounts', 'follows']) {
        const [rows, reference] = await Promise.all([
          readRows(join(dir, `${table}.${format}`)),
          readRows(join(arrowDir(), `${table}.arrow`)),
        ]);
        expect(rows.length, table).toBe(reference.length);
        expect(rows.length, table).toBeGreaterThan(0);
        for (const i of [0, Math.floor(rows.length / 2), rows.length - 1])
          for (const [column, value] of Object.entries(reference[i]!))
            expect(String(rows[i]![column]), `${table}[${i}].${column}`).toBe(String(value));
      }
      // The project's own ingest reads it whole: no rejects, no duplicates.
      const eventSet = await readEvents([join(dir, `events.${format}`)]);
      expect(eventSet.columns.length).toBe(10000);
      expect(eventSet.rejects.total).toBe(0);
      expect(eventSet.duplicates).toBe(0);
      const accounts = await readAccounts([join(dir, `accounts.${format}`)], eventSet.accounts);
      const follows = await readFollows([join(dir, `follows.${format}`)], eventSet.accounts);
      expect([accounts.rejects.total, follows.rejects.total]).toEqual([0, 0]);
    });
  }

  it('partitions events by UTC day with accounts, follows and truth beside them', async () => {
    const out = join(scratch, 'partitioned');
    const truth = await generate(
      out,
      '--seed',
      '5',
      '--events',
      '12000',
      '--days',
      '3',
      '--layout',
      'partitioned',
      '--start',
      '2026-02-27',
    );
    expect((await readdir(out)).sort()).toEqual(['accounts.arrow', 'events', 'follows.arrow', 'truth.json']);
    const days = (await readdir(join(out, 'events'))).sort();
    expect(days).toEqual(['date=2026-02-27', 'date=2026-02-28', 'date=2026-03-01']);
    let total = 0;
    for (const day of days) {
      expect(await readdir(join(out, 'events', day))).toEqual(['part-0000.arrow']);
      const rows = await readRows(join(out, 'events', day, 'part-0000.arrow'));
      total += rows.length;
      for (const row of rows)
        expect(new Date(row.ts as number).toISOString().slice(0, 10)).toBe(day.slice(5));
    }
    expect(total).toBe(truth.events);
    const eventSet = await readEvents([join(out, 'events')]);
    expect(eventSet.columns.length).toBe(truth.events);
    expect(eventSet.rejects.total).toBe(0);
  });
});

describe('generate: the output directory', () => {
  it('replaces an earlier world whole (no stale partitions) and refuses a directory that is not a world', async () => {
    const out = join(scratch, 'replaced');
    await generate(out, '--seed', '5', '--events', '10000', '--days', '3', '--layout', 'partitioned');
    await generate(out, '--seed', '5', '--events', '10000', '--days', '2', '--layout', 'partitioned');
    expect((await readdir(join(out, 'events'))).sort()).toEqual(['date=2026-03-30', 'date=2026-03-31']);

    const foreign = join(scratch, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'notes.txt'), 'keep me');
    const result = await runCli(['generate', '--out', foreign, '--events', '10000']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(foreign);
    expect(await readdir(foreign)).toEqual(['notes.txt']);
  });
});

describe('generate: bad options', () => {
  const cases: Array<[string[], string]> = [
    [['--events', '-3'], '--events'],
    [['--events', '500'], '--events'],
    [['--format', 'xml'], '--format'],
    [['--layout', 'nested'], '--layout'],
    [['--days', '0'], '--days'],
    [['--start', '2026-13-45'], '--start'],
  ];
  for (const [args, option] of cases) {
    it(`${args.join(' ')} exits 2 naming ${option}`, async () => {
      const out = join(scratch, 'bad');
      const result = await runCli(['generate', '--out', out, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(option);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stdout).toBe('');
    });
  }
});
