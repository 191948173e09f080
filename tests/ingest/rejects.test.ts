import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REJECTS_IN_MEMORY_ENV, RejectLog, rejectBatches } from '../../jobs/ingest/index.ts';
import { ownerTag } from '../../jobs/runtime/owner.ts';
import { rejectRows } from './fixtures.ts';

/** Rows with repeated reason kinds whose values differ, nulls and non-ASCII raw JSON. */
function sampleRows(count: number) {
  return Array.from({ length: count }, (_, k) => ({
    source: k < count / 2 ? 'first.ndjson' : 'second.csv',
    row: k * 3,
    reason:
      k % 3 === 0
        ? `unparsable timestamp: ts="day ${k}"`
        : k % 3 === 1
          ? 'actor_id equals target_id'
          : 'not JSON (x)',
    raw: k % 4 === 0 ? null : JSON.stringify({ event_id: `é-${k}` }),
  }));
}

describe('RejectLog', () => {
  let spillRoot: string;
  let savedTmpdir: string | undefined;

  // os.tmpdir() follows TMPDIR: the log's spill file lands where the test can see it.
  beforeEach(async () => {
    spillRoot = await mkdtemp(join(tmpdir(), 'swarmscope-rejects-test-'));
    savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = spillRoot;
  });
  afterEach(async () => {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    await rm(spillRoot, { recursive: true, force: true });
  });

  it('gives back every row in order beyond its in-memory bound, counts by reason kind, and removes its spill file', async () => {
    const rows = sampleRows(10);
    const log = new RejectLog({ inMemory: 3 });
    for (const { source, row, reason, raw } of rows) log.add(source, row, reason, raw);
    expect(log.total).toBe(10);
    expect(Object.fromEntries(log.byReason)).toEqual({
      'unparsable timestamp: ts': 4,
      'actor_id equals target_id': 3,
      'not JSON': 3,
    });

    const sizes: number[] = [];
    for await (const batch of log.batches()) sizes.push(batch.row.length);
    expect(sizes).toEqual([3, 3, 3, 1]);
    expect(await readdir(spillRoot)).toEqual([expect.stringMatching(/^swarmscope-rejects-/)]);
    expect(await rejectRows(log)).toEqual(rows);
    // Read twice: the same rows.
    expect(await rejectRows(log)).toEqual(rows);

    await log.dispose();
    expect(await readdir(spillRoot)).toEqual([]);
    expect(() => log.add('late.ndjson', 0, 'late', null)).toThrow('after the log was read');
  });

  it('keeps rows under its bound in memory, with no file', async () => {
    const rows = sampleRows(5);
    const log = new RejectLog({ inMemory: 5 });
    for (const { source, row, reason, raw } of rows.slice(0, 4)) log.add(source, row, reason, raw);
    expect(await rejectRows(log)).toEqual(rows.slice(0, 4));
    expect(await readdir(spillRoot)).toEqual([]);
    await log.dispose();
  });

  it('spills long rows by their length, however few they are', async () => {
    const rows = Array.from({ length: 5 }, (_, k) => ({
      source: 'long.csv',
      row: k,
      reason: 'not CSV',
      raw: JSON.stringify({ text: 'x'.repeat(100) }),
    }));
    const log = new RejectLog({ inMemory: 1000, inMemoryChars: 200 });
    for (const { source, row, reason, raw } of rows) log.add(source, row, reason, raw);
    const sizes: number[] = [];
    for await (const batch of log.batches()) sizes.push(batch.row.length);
    expect(sizes).toEqual([2, 2, 1]);
    expect(await rejectRows(log)).toEqual(rows);
    await log.dispose();
  });

  it("removes when it spills the spill directories of killed processes, not a live one's", async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    const gone = `swarmscope-rejects-${ownerTag().replace(String(process.pid), String(child.pid))}-AbC123`;
    const live = `swarmscope-rejects-${ownerTag()}-XyZ789`;
    await Promise.all([mkdir(join(spillRoot, gone)), mkdir(join(spillRoot, live))]);
    const log = new RejectLog({ inMemory: 1 });
    log.add('a.ndjson', 0, 'not JSON', null);
    await rejectRows(log);
    const left = await readdir(spillRoot);
    expect(left).toContain(live);
    expect(left).not.toContain(gone);
    expect(left).toHaveLength(2);
    await log.dispose();
    expect(await readdir(spillRoot)).toEqual([live]);
  });

  it('chains several logs in order', async () => {
    const rows = sampleRows(7);
    const first = new RejectLog({ inMemory: 2 });
    const second = new RejectLog({ inMemory: 2 });
    for (const [k, { source, row, reason, raw }] of rows.entries())
      (k < 5 ? first : second).add(source, row, reason, raw);
    const chained: number[] = [];
    for await (const batch of rejectBatches([first, null, second])) chained.push(...batch.row);
    expect(chained).toEqual(rows.map((r) => r.row));
    await Promise.all([first.dispose(), second.dispose()]);
    expect(await readdir(spillRoot)).toEqual([]);
  });

  it('rejects a bad bound, naming the option or the environment variable', () => {
    expect(() => new RejectLog({ inMemory: 0 })).toThrow('inMemory must be a positive integer, got 0');
    expect(() => new RejectLog({ inMemoryChars: 1.5 })).toThrow(
      'inMemoryChars must be a positive integer, got 1.5',
    );
    process.env[REJECTS_IN_MEMORY_ENV] = 'lots';
    try {
      expect(() => new RejectLog()).toThrow(
        `${REJECTS_IN_MEMORY_ENV} must be a positive integer, got "lots"`,
      );
    } finally {
      delete process.env[REJECTS_IN_MEMORY_ENV];
    }
  });
});
