import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBeside } from '../../jobs/ingest/beside.ts';
import { readAccounts, readEvents, readFollows } from '../../jobs/ingest/index.ts';
import { generatedWorld, rejectRows, tempDir } from './fixtures.ts';

async function tableOf(read: { rejects: Parameters<typeof rejectRows>[0]; unknown: number; files: unknown }) {
  return { rejects: await rejectRows(read.rejects), unknown: read.unknown, files: read.files };
}

/** A generated world's accounts and follows with rows the validator rejects and ids the events lack. */
async function worldWithOddRows(): Promise<{ dir: string; accounts: string[]; follows: string[] }> {
  const dir = await generatedWorld(5, 10000, 'parquet');
  const accounts = join(dir, 'accounts-odd.csv');
  await writeFile(
    accounts,
    [
      'account_id,created_at,followers,country,lang',
      'stranger,2026-01-01T00:00:00Z,5,,',
      ',2026-01-01T00:00:00Z,5,,',
      'stranger,not a date,5,,',
      'stranger,2026-02-01T00:00:00Z,7,,',
    ].join('\n'),
  );
  const follows = join(dir, 'follows-odd.ndjson');
  const lines = [
    { follower_id: 'stranger', followee_id: 'other stranger' },
    { follower_id: 'stranger', followee_id: 'stranger' },
    { follower_id: 'nobody', followee_id: 'nobody' },
    { follower_id: '', followee_id: 'stranger' },
    { follower_id: 'stranger', followee_id: 'nobody', since: 'later' },
  ];
  await writeFile(follows, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
  return {
    dir,
    accounts: [join(dir, 'accounts.parquet'), accounts],
    follows: [follows, join(dir, 'follows.parquet')],
  };
}

describe('accounts and follows read beside the events', () => {
  it('gives on a thread and inline what readAccounts and readFollows give: rows, rejects, unknown counts', async () => {
    const world = await worldWithOddRows();
    const events = await readEvents([join(world.dir, 'events.parquet')]);
    const accounts = await readAccounts(world.accounts, events.accounts);
    const follows = await readFollows(world.follows, events.accounts);
    expect(accounts.unknown).toBeGreaterThan(0);
    expect(follows.unknown).toBeGreaterThan(0);
    expect(accounts.rejects.total).toBe(2);
    expect(follows.rejects.total).toBe(4);
    for (const thread of [true, false]) {
      const beside = readBeside(world, { thread });
      const besideAccounts = (await beside.accounts(events.accounts))!;
      const besideFollows = (await beside.follows(events.accounts))!;
      expect(Array.from(besideAccounts.createdAt)).toEqual(Array.from(accounts.createdAt));
      expect(Array.from(besideAccounts.followers)).toEqual(Array.from(accounts.followers));
      expect(await tableOf(besideAccounts)).toEqual(await tableOf(accounts));
      expect(Array.from(besideFollows.follower)).toEqual(Array.from(follows.follower));
      expect(Array.from(besideFollows.followee)).toEqual(Array.from(follows.followee));
      expect(Array.from(besideFollows.since)).toEqual(Array.from(follows.since));
      expect(await tableOf(besideFollows)).toEqual(await tableOf(follows));
    }
  });

  it("gives the follows asked for before the accounts, on a thread (their ids continue the accounts' there)", async () => {
    const world = await worldWithOddRows();
    const events = await readEvents([join(world.dir, 'events.parquet')]);
    const follows = await readFollows(world.follows, events.accounts);
    const accounts = await readAccounts(world.accounts, events.accounts);
    const beside = readBeside(world, { thread: true });
    const besideFollows = (await beside.follows(events.accounts))!;
    const besideAccounts = (await beside.accounts(events.accounts))!;
    expect(Array.from(besideFollows.follower)).toEqual(Array.from(follows.follower));
    expect(Array.from(besideFollows.followee)).toEqual(Array.from(follows.followee));
    expect(await tableOf(besideFollows)).toEqual(await tableOf(follows));
    expect(Array.from(besideAccounts.createdAt)).toEqual(Array.from(accounts.createdAt));
    expect(await tableOf(besideAccounts)).toEqual(await tableOf(accounts));
  });

  it('gives null for a table not given, and a file that cannot be read fails naming it', async () => {
    const dir = await tempDir();
    const broken = join(dir, 'follows.arrow');
    await writeFile(broken, 'not an arrow file');
    const world = await generatedWorld(6, 10000, 'parquet');
    const events = await readEvents([join(world, 'events.parquet')]);
    for (const thread of [true, false]) {
      const beside = readBeside({ follows: [broken] }, { thread });
      expect(await beside.accounts(events.accounts)).toBeNull();
      await expect(beside.follows(events.accounts)).rejects.toThrow(/follows\.arrow/);
    }
  });
});
