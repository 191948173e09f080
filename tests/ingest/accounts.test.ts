import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDictionary, readAccounts, readFollows } from '../../jobs/ingest/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from './fixtures.ts';

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
    expect(accounts.rejects.map((r) => [r.row, r.reason])).toEqual([
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
    expect(follows.rejects.map((r) => [r.row, r.reason])).toEqual([
      [3, 'follower_id equals followee_id'],
      [4, 'unparsable timestamp: since="later"'],
    ]);
  });

  it('validates a generated world: events, accounts and follows', async () => {
    const dir = await tempDir();
    const generated = await runCli([
      'generate',
      '--seed',
      '3',
      '--events',
      '10000',
      '--format',
      'parquet',
      '--out',
      dir,
    ]);
    expect(generated.code, generated.stderr).toBe(0);
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
