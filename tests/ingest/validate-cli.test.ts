import { copyFile, mkdir, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import {
  invalidEvents,
  mostlyInvalidEvents,
  OUTPUT_FORMATS,
  tempDir,
  validEvents,
  writeRows,
} from './fixtures.ts';

interface Summary {
  events: {
    files: { path: string; rows: number }[];
    rows_read: number;
    kept: number;
    rejected: number;
    duplicates: number;
    rejected_by_reason: Record<string, number>;
  };
}

async function validate(args: string[], env?: Record<string, string>) {
  const result = await runCli(['validate', '--json', ...args], env ? { env } : {});
  return { ...result, summary: result.code === 0 ? (JSON.parse(result.stdout) as Summary) : null };
}

async function readRejects(path: string) {
  return tableFromIPC(await readFile(path))
    .toArray()
    .map((row) => ({ ...row.toJSON(), row: Number(row.row) }));
}

describe('swarmscope validate', () => {
  it.each(OUTPUT_FORMATS)(
    'puts each kind of invalid %s row in rejects with file, row and reason',
    async (format) => {
      const dir = await tempDir();
      const { rows, reasons } = invalidEvents();
      const file = await writeRows(dir, 'events', format, rows);
      const rejectsFile = join(dir, 'rejects.arrow');
      const { code, summary, stderr } = await validate(['--events', file, '--rejects', rejectsFile]);
      expect(code, stderr).toBe(0);
      expect(summary!.events).toMatchObject({ rows_read: rows.length, kept: 4, rejected: 4, duplicates: 1 });
      expect(summary!.events.rejected_by_reason).toEqual({
        'missing required value: actor_id': 1,
        'missing required value: event_id': 1,
        'unknown type: type': 1,
        'actor_id equals target_id': 1,
      });
      const rejects = await readRejects(rejectsFile);
      expect(rejects.map(({ source, row, reason }) => ({ source, row, reason }))).toEqual(
        Object.entries(reasons).map(([row, reason]) => ({ source: file, row: Number(row), reason })),
      );
      expect(JSON.parse(rejects[1]!.raw)).toMatchObject({ event_id: 'bad-type', type: 'poke' });
    },
  );

  it.each(['ndjson', 'csv'] as const)(
    'writes every rejected %s row, in order, when they outnumber the rows kept in memory',
    async (format) => {
      const dir = await tempDir();
      const spillRoot = await tempDir('swarmscope-validate-spill-');
      const { rows, rejects: expected } = mostlyInvalidEvents(400);
      const file = await writeRows(dir, 'events', format, rows, { batchSize: 50 });
      const rejectsFile = join(dir, 'rejects.arrow');
      const { code, summary, stderr } = await validate(['--events', file, '--rejects', rejectsFile], {
        SWARMSCOPE_REJECTS_IN_MEMORY: '100',
        TMPDIR: spillRoot,
      });
      expect(code, stderr).toBe(0);
      expect(summary!.events).toMatchObject({ rows_read: 400, kept: 80, rejected: 320 });
      expect(summary!.events.rejected_by_reason).toEqual({
        'unparsable timestamp: ts': 80,
        'unknown type: type': 80,
        'actor_id equals target_id': 80,
        'missing required value: actor_id': 80,
      });
      const rejects = await readRejects(rejectsFile);
      expect(rejects.map(({ source, row, reason }) => ({ source, row, reason }))).toEqual(
        expected.map(({ row, reason }) => ({ source: file, row, reason })),
      );
      expect(rejects.map((reject) => JSON.parse(reject.raw).event_id)).toEqual(
        expected.map(({ row }) => `ev-${row}`),
      );
      // The rows spilled past the bound went to a temporary file, removed before the process ended.
      expect((await readdir(spillRoot)).filter((name) => name.startsWith('swarmscope-rejects-'))).toEqual([]);
      await rm(spillRoot, { recursive: true, force: true });
    },
  );

  it('rejects a CSV row with a bad timestamp, naming the value', async () => {
    const dir = await tempDir();
    const file = join(dir, 'events.csv');
    await writeFile(
      file,
      'event_id,ts,type,actor_id,target_id\ne1,2026-11-20T10:00:00Z,like,a,b\ne2,yesterday noon,like,a,b\ne3,1763632800000,follow,a,c\n',
    );
    const rejectsFile = join(dir, 'rejects.arrow');
    const { code, summary } = await validate(['--events', file, '--rejects', rejectsFile]);
    expect(code).toBe(0);
    expect(summary!.events).toMatchObject({ rows_read: 3, kept: 2, rejected: 1 });
    expect(await readRejects(rejectsFile)).toEqual([
      {
        source: file,
        row: 1,
        reason: 'unparsable timestamp: ts="yesterday noon"',
        raw: JSON.stringify({
          event_id: 'e2',
          ts: 'yesterday noon',
          type: 'like',
          actor_id: 'a',
          target_id: 'b',
        }),
      },
    ]);
  });

  it('rejects an NDJSON line that is not JSON and reads the rest', async () => {
    const dir = await tempDir();
    const file = join(dir, 'events.ndjson');
    const good = JSON.stringify({
      event_id: 'e1',
      ts: 1763632800000,
      type: 'like',
      actor_id: 'a',
      target_id: 'b',
    });
    await writeFile(file, `${good}\n{"event_id": "e2", oops\n[1,2]\n`);
    const rejectsFile = join(dir, 'rejects.arrow');
    const { code, summary } = await validate(['--events', file, '--rejects', rejectsFile]);
    expect(code).toBe(0);
    expect(summary!.events).toMatchObject({ rows_read: 3, kept: 1, rejected: 2 });
    const rejects = await readRejects(rejectsFile);
    expect(rejects.map((r) => [r.row, r.reason.split(' (')[0]])).toEqual([
      [1, 'malformed row: not JSON'],
      [2, 'malformed row: not a JSON object'],
    ]);
  });

  it('reads a directory recursively in name order, skipping and logging stray files', async () => {
    const dir = await tempDir();
    const rows = validEvents(12);
    await mkdir(join(dir, 'b'));
    await writeRows(join(dir, 'b'), 'part-1', 'parquet', rows.slice(6));
    await writeRows(dir, 'a', 'arrow', rows.slice(0, 6));
    await writeFile(join(dir, 'README.txt'), 'not data');
    await writeFile(join(dir, '_SUCCESS'), '');
    const { code, summary, stderr } = await validate(['--events', dir]);
    expect(code).toBe(0);
    expect(summary!.events.files.map((f) => f.path)).toEqual([
      join(dir, 'a.arrow'),
      join(dir, 'b', 'part-1.parquet'),
    ]);
    expect(summary!.events.kept).toBe(12);
    expect(stderr).toContain(`skipped ${join(dir, 'README.txt')}`);
    expect(stderr).toContain(`skipped ${join(dir, '_SUCCESS')}`);
  });

  it('counts an event_id repeated across files once', async () => {
    const dir = await tempDir();
    const rows = validEvents(10);
    const a = await writeRows(dir, 'a', 'arrows', rows.slice(0, 6));
    const b = await writeRows(dir, 'b', 'ndjson', rows.slice(3));
    const { summary } = await validate(['--events', a, b]);
    expect(summary!.events).toMatchObject({ rows_read: 13, kept: 10, duplicates: 3, rejected: 0 });
  });

  describe('a file that cannot be read fails the run with one line naming it', () => {
    async function expectFailure(file: string, problem: RegExp) {
      const { code, stdout, stderr } = await runCli(['validate', '--events', file]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      const lastLine = stderr.trim().split('\n').at(-1)!;
      expect(lastLine.startsWith(`swarmscope: ${file}: `)).toBe(true);
      expect(lastLine).toMatch(problem);
    }

    it('a 0-byte Arrow file', async () => {
      const file = join(await tempDir(), 'empty.arrow');
      await writeFile(file, '');
      await expectFailure(file, /is empty \(0 bytes\)/);
    });

    it('a truncated Arrow file', async () => {
      const dir = await tempDir();
      const file = await writeRows(dir, 'cut', 'arrow', validEvents(50));
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
      await truncate(file, Math.floor(size / 2));
      await expectFailure(file, /is truncated/);
    });

    it('a truncated Arrow stream', async () => {
      const dir = await tempDir();
      const file = await writeRows(dir, 'cut', 'arrows', validEvents(50), { batchSize: 50 });
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
      await truncate(file, Math.floor(size / 2));
      await expectFailure(file, /cannot be read as an Arrow IPC stream/);
    });

    it('a Parquet file missing a required column', async () => {
      const dir = await tempDir();
      const spec = (await import('../../shared/contract/index.ts')).EVENT_COLUMNS.filter(
        (c) => c.name !== 'ts',
      );
      const file = await writeRows(dir, 'no-ts', 'parquet', validEvents(5), { spec });
      await expectFailure(file, /has no "ts" column \(required; it has "event_id", "type"/);
    });

    it('a CSV file missing a required column', async () => {
      const file = join(await tempDir(), 'events.csv');
      await writeFile(file, 'event_id,ts,type,actor_id\ne1,2026-11-20T10:00:00Z,like,a\n');
      await expectFailure(file, /has no "target_id" column/);
    });

    it('a file that is not the format its name says', async () => {
      const dir = await tempDir();
      const csv = await writeRows(dir, 'events', 'csv', validEvents(5));
      for (const name of ['fake.parquet', 'fake.arrow']) {
        await copyFile(csv, join(dir, name));
        await expectFailure(join(dir, name), /cannot be read as Parquet|is not an Arrow IPC file/);
      }
    });

    it('a path that does not exist', async () => {
      await expectFailure(join(await tempDir(), 'missing.arrow'), /does not exist/);
    });

    it('a named file with an ending the ingest does not read', async () => {
      const file = join(await tempDir(), 'events.txt');
      await writeFile(file, 'event_id\n');
      await expectFailure(file, /has an ending the ingest does not read \(expected one of \.arrow/);
    });

    it('leaves an earlier rejects file as it was', async () => {
      const dir = await tempDir();
      const rejectsFile = join(dir, 'rejects.arrow');
      await writeFile(rejectsFile, 'earlier run');
      const broken = join(dir, 'broken.arrow');
      await writeFile(broken, '');
      const { code } = await runCli(['validate', '--events', broken, '--rejects', rejectsFile]);
      expect(code).toBe(1);
      expect(await readFile(rejectsFile, 'utf8')).toBe('earlier run');
    });

    it('a 0-byte CSV file (no header)', async () => {
      const file = join(await tempDir(), 'events.csv');
      await writeFile(file, '');
      await expectFailure(file, /needs a header row/);
    });
  });
});
