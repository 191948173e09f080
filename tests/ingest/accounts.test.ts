import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Dictionary, Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createDictionary, type RejectLog, readAccounts, readFollows } from '../../jobs/ingest/index.ts';
import { runCli } from '../helpers/cli.ts';
import { generatedWorld, rejectRows, tempDir } from './fixtures.ts';

describe('accounts and follows', () => {
  it('aligns accounts to the events dictionary, skipping unknown accounts and rejecting bad rows', async () => {
    const dictionary = createDictionary();
    for (const id of ['alice', 'bob', 'carol']) dictionary.intern(id);
    const file = join(await tempDir(), 'accounts.csv');
    await writeFile(
      file,
      [
        'account_id,created_at,followers,country,lang',
        'bob,2026-11-01T00:00:00Z,12,FR,fr',
        'mallory,2026-01-01T00:00:00Z,5,,',
        'carol,not a date,3,,',
        'alice,2025-05-05T00:00:00Z,many,,',
        ',2025-05-05T00:00:00Z,1,,',
      ].join('\n'),
    );
    const accounts = await readAccounts([file], dictionary);
    expect(Array.from(accounts.createdAt)).toEqual([Number.NaN, Date.UTC(2026, 10, 1), Number.NaN]);
    expect(Array.from(accounts.followers)).toEqual([Number.NaN, 12, Number.NaN]);
    expect(accounts.unknown).toBe(1);
    expect((await rejectRows(accounts.rejects)).map((r) => [r.row, r.reason])).toEqual([
      [2, 'unparsable timestamp: created_at="not a date"'],
      [3, 'not a whole number: followers="many"'],
      [4, 'missing required value: account_id'],
    ]);
  });

  it('keeps follow edges between known accounts, as dictionary codes', async () => {
    const dictionary = createDictionary();
    for (const id of ['alice', 'bob', 'carol']) dictionary.intern(id);
    const file = join(await tempDir(), 'follows.ndjson');
    const lines = [
      { follower_id: 'bob', followee_id: 'alice', since: '2026-10-01T00:00:00Z' },
      { follower_id: 'carol', followee_id: 'alice' },
      { follower_id: 'carol', followee_id: 'mallory' },
      { follower_id: 'bob', followee_id: 'bob' },
      { follower_id: 'alice', followee_id: 'carol', since: 'later' },
    ];
    await writeFile(file, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const follows = await readFollows([file], dictionary);
    expect(Array.from(follows.follower)).toEqual([1, 2]);
    expect(Array.from(follows.followee)).toEqual([0, 0]);
    expect(Array.from(follows.since)).toEqual([Date.UTC(2026, 9, 1), Number.NaN]);
    expect(follows.unknown).toBe(1);
    expect((await rejectRows(follows.rejects)).map((r) => [r.row, r.reason])).toEqual([
      [3, 'follower_id equals followee_id'],
      [4, 'unparsable timestamp: since="later"'],
    ]);
  });

  it('reads Arrow follows and accounts (utf8 and dictionary ids) exactly as NDJSON gives them', async () => {
    const dictionary = createDictionary();
    for (const id of ['alice', 'bob', 'carol']) dictionary.intern(id);
    const dir = await tempDir();
    const follows = {
      follower_id: ['bob', 'carol', 'carol', 'bob', 'alice', null, 'mallory', 'mallory', 'eve', ''],
      followee_id: ['alice', 'alice', 'mallory', 'bob', 'carol', 'bob', 'mallory', 'eve', 'alice', 'bob'],
      since: [
        '2026-10-01T00:00:00Z',
        null,
        '2026-10-02T00:00:00Z',
        null,
        'later',
        null,
        null,
        null,
        'soon',
        null,
      ],
    };
    const accounts = {
      account_id: ['bob', 'mallory', 'carol', 'alice', null, 'bob'],
      created_at: [Date.UTC(2026, 10, 1), 5, null, 7, 8, Date.UTC(2026, 10, 2)],
      followers: [12, 5, 3, 2.5, 1, -1],
    };
    const records = (columns: Record<string, unknown[]>) =>
      columns[Object.keys(columns)[0]!]!.map((_, i) =>
        JSON.stringify(
          Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, values[i]])),
        ),
      );
    await writeFile(join(dir, 'follows.ndjson'), `${records(follows).join('\n')}\n`);
    await writeFile(join(dir, 'accounts.ndjson'), `${records(accounts).join('\n')}\n`);
    const ids = new Dictionary(new Utf8(), new Int32());
    await writeFile(
      join(dir, 'follows.arrow'),
      tableToIPC(
        new Table({
          follower_id: vectorFromArray(follows.follower_id, ids),
          followee_id: vectorFromArray(follows.followee_id, new Utf8()),
          since: vectorFromArray(follows.since, new Utf8()),
        }),
        'file',
      ),
    );
    await writeFile(
      join(dir, 'accounts.arrow'),
      tableToIPC(
        new Table({
          account_id: vectorFromArray(accounts.account_id, ids),
          created_at: vectorFromArray(accounts.created_at, new Float64()),
          followers: vectorFromArray(accounts.followers, new Float64()),
        }),
        'file',
      ),
    );
    const sameAs = async (read: { rejects: RejectLog; unknown: number }) => ({
      rejects: (await rejectRows(read.rejects)).map((r) => [r.row, r.reason]),
      unknown: read.unknown,
    });
    const fromText = await readFollows([join(dir, 'follows.ndjson')], dictionary);
    const fromArrow = await readFollows([join(dir, 'follows.arrow')], dictionary);
    expect(Array.from(fromArrow.follower)).toEqual(Array.from(fromText.follower));
    expect(Array.from(fromArrow.followee)).toEqual(Array.from(fromText.followee));
    expect(Array.from(fromArrow.since)).toEqual(Array.from(fromText.since));
    expect(await sameAs(fromArrow)).toEqual(await sameAs(fromText));
    expect(fromText.follower.length).toBe(2);
    expect(fromText.unknown).toBe(2);
    const accountsText = await readAccounts([join(dir, 'accounts.ndjson')], dictionary);
    const accountsArrow = await readAccounts([join(dir, 'accounts.arrow')], dictionary);
    expect(Array.from(accountsArrow.createdAt)).toEqual(Array.from(accountsText.createdAt));
    expect(Array.from(accountsArrow.followers)).toEqual(Array.from(accountsText.followers));
    expect(await sameAs(accountsArrow)).toEqual(await sameAs(accountsText));
    expect(accountsText.unknown).toBe(1);
  });

  it('reads an Arrow stream of follows in several batches, rows kept around rejected ones, as NDJSON gives them', async () => {
    const dictionary = createDictionary();
    for (const id of ['alice', 'bob', 'carol', 'dave']) dictionary.intern(id);
    const dir = await tempDir();
    // Batches of 3 rows: a self-follow, a missing id and an unreadable since among kept edges, in
    // every batch and at its first and last rows; ids of the events and ids they lack.
    const follows = {
      follower_id: ['bob', 'bob', 'carol', 'dave', 'alice', 'carol', 'carol', 'zoe', 'dave', 'alice', 'bob'],
      followee_id: ['bob', 'alice', 'alice', 'carol', 'dave', null, 'dave', 'bob', 'dave', 'carol', 'dave'],
      since: [null, 'later', null, null, '2026-10-01T00:00:00Z', null, null, null, null, null, 'soon'],
    };
    const lines = follows.follower_id.map((_, i) =>
      JSON.stringify({
        follower_id: follows.follower_id[i],
        followee_id: follows.followee_id[i],
        since: follows.since[i],
      }),
    );
    await writeFile(join(dir, 'follows.ndjson'), `${lines.join('\n')}\n`);
    const ids = new Dictionary(new Utf8(), new Int32());
    const whole = new Table({
      follower_id: vectorFromArray(follows.follower_id, ids),
      followee_id: vectorFromArray(follows.followee_id, new Dictionary(new Utf8(), new Int32())),
      since: vectorFromArray(follows.since, new Utf8()),
    });
    const batches = [0, 3, 6, 9].flatMap((start) => whole.slice(start, start + 3).batches);
    await writeFile(join(dir, 'follows.arrows'), tableToIPC(new Table(batches), 'stream'));
    const fromText = await readFollows([join(dir, 'follows.ndjson')], dictionary);
    const fromArrow = await readFollows([join(dir, 'follows.arrows')], dictionary);
    expect(Array.from(fromArrow.follower)).toEqual(Array.from(fromText.follower));
    expect(Array.from(fromArrow.followee)).toEqual(Array.from(fromText.followee));
    expect(Array.from(fromArrow.since)).toEqual(Array.from(fromText.since));
    const reasons = async (read: { rejects: RejectLog }) =>
      (await rejectRows(read.rejects)).map((r) => [r.row, r.reason]);
    expect(await reasons(fromArrow)).toEqual(await reasons(fromText));
    expect(fromArrow.unknown).toBe(fromText.unknown);
    expect(fromText.follower.length).toBe(5);
    expect(fromText.unknown).toBe(1);
  });

  it('validates a generated world: events, accounts and follows', async () => {
    const dir = await generatedWorld(3, 10000, 'parquet');
    const { code, stdout, stderr } = await runCli([
      'validate',
      '--json',
      '--events',
      join(dir, 'events.parquet'),
      '--accounts',
      join(dir, 'accounts.parquet'),
      '--follows',
      join(dir, 'follows.parquet'),
    ]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.events).toMatchObject({ rows_read: 10000, rejected: 0 });
    expect(summary.accounts.kept).toBe(summary.events.accounts);
    expect(summary.follows.kept).toBeGreaterThan(0);
    expect(summary.peak_rss_mb).toBeGreaterThan(0);
  });
});
