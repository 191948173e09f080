import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Dictionary,
  Int8,
  Int16,
  Int64,
  Table,
  TimestampSecond,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createDictionary, readEvents, StringColumnBuilder } from '../../jobs/ingest/index.ts';
import { findSuspects, resolveRepeats } from '../../jobs/ingest/repeats.ts';
import { RepeatsThread } from '../../jobs/ingest/repeats-finder.ts';
import { scanInput } from '../../jobs/ingest/scan.ts';
import { hashBytes, hashStrings } from '../../jobs/ingest/string-index.ts';
import { EVENT_COLUMNS, validateEventRow } from '../../shared/contract/index.ts';
import {
  BASE_TS,
  eventSetSummary,
  type Row,
  rejectRows,
  tempDir,
  validEvents,
  writeRows,
} from './fixtures.ts';

/**
 * 200k ids, ~25 % of them repeats (in shared memory, as a repeats thread reads them), and hashes of
 * them: only 4,096 distinct (~40 ids each).
 */
function repeatedIds() {
  const ids = new StringColumnBuilder(true);
  const reference = new Set<string>();
  const expected: number[] = [];
  let state = 7;
  for (let i = 0; i < 200_000; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    // ~25 % repeats; ids of varied length and non-ASCII bytes.
    const id = `${(state % 150_000).toString(36)}${i % 3 === 0 ? 'é' : ''}`;
    ids.push(id);
    if (reference.has(id)) expected.push(i);
    reference.add(id);
  }
  // Only 4,096 distinct hashes (~40 ids each): the byte comparison tells ids apart.
  const hashes = Int32Array.from({ length: ids.length }, (_, i) =>
    Math.imul(hashBytes(ids.bytes, ids.start(i), ids.start(i + 1)) & 0xfff, 0x9e3779b1),
  );
  return { ids, hashes, expected };
}

/** Suspects as sorted "row<earlier" strings: their order is the partitions'. */
const suspectPairs = (suspects: Int32Array) =>
  Array.from({ length: suspects.length / 2 }, (_, s) => `${suspects[2 * s]}<${suspects[2 * s + 1]}`).sort();

describe('the repeats of event_ids', () => {
  it('flags exactly the rows whose id an earlier row had, like a Set over 200k ids sharing hashes', () => {
    const { ids, hashes, expected } = repeatedIds();
    const same = (a: number, b: number) => ids.sameStrings(a, b);
    const found = resolveRepeats(findSuspects(hashes, ids.length), ids.length, same);
    expect(found!.repeats).toBe(expected.length);
    expect(Array.from(found!.repeated.keys()).filter((row) => found!.repeated[row] === 1)).toEqual(expected);
    expect(resolveRepeats(findSuspects(hashes, 3), 3, same)).toBeNull();
  });

  it('finds the same suspects on a thread, the ids sent in runs of any length, as all at once', async () => {
    const { ids, expected } = repeatedIds();
    const hashes = new Int32Array(ids.length);
    hashStrings(ids, 0, ids.length, hashes, 0);
    // Sized for fewer rows than come: its partitions grow.
    const thread = new RepeatsThread(50_000);
    for (let first = 0, run = 1; first < ids.length; first += run, run = (run * 7 + 3) % 40_000)
      thread.send(ids, first, Math.min(ids.length, first + run));
    const suspects = await thread.suspects();
    expect(suspectPairs(suspects)).toEqual(suspectPairs(findSuspects(hashes, ids.length)));
    const found = resolveRepeats(suspects, ids.length, (a, b) => ids.sameStrings(a, b));
    expect(Array.from(found!.repeated.keys()).filter((row) => found!.repeated[row] === 1)).toEqual(expected);
  });
});

describe('the columnar fast path', () => {
  it('agrees with validateEventRow on awkward Arrow columns (utf8 ts, empty strings, whitespace)', async () => {
    const raw = [
      { event_id: 'a', ts: '2026-11-20T10:00:00Z', type: 'like', actor_id: 'u1', target_id: 'u2' },
      { event_id: 'b', ts: '2026-11-20 10:00', type: 'follow', actor_id: 'u1', target_id: 'u3' },
      { event_id: 'c', ts: '1763632800000', type: 'share', actor_id: 'u2', target_id: 'u3' },
      { event_id: 'd', ts: '', type: 'like', actor_id: 'u1', target_id: 'u2' },
      { event_id: '', ts: '2026-11-20T10:00:00Z', type: 'like', actor_id: 'u1', target_id: 'u2' },
      { event_id: 'e', ts: '2026-11-20T10:00:00Z', type: 'Like', actor_id: 'u1', target_id: 'u2' },
      { event_id: 'f', ts: '2026-11-20T10:00:00Z', type: 'like', actor_id: '', target_id: 'u2' },
      { event_id: 'g', ts: 'soon', type: 'like', actor_id: 'u1', target_id: 'u2' },
      { event_id: 'h', ts: ' 2026-11-20T10:00:00Z ', type: 'report', actor_id: 'u4', target_id: 'u4' },
    ];
    const names = ['event_id', 'ts', 'type', 'actor_id', 'target_id'] as const;
    const table = new Table(
      Object.fromEntries(
        names.map((n) => [
          n,
          vectorFromArray(
            raw.map((r) => r[n]),
            new Utf8(),
          ),
        ]),
      ),
    );
    const file = join(await tempDir(), 'utf8-ts.arrow');
    await writeFile(file, tableToIPC(table, 'file'));
    const events = await readEvents([file]);
    const expected = raw.map((r) => validateEventRow(r));
    expect(events.columns.length).toBe(expected.filter((r) => r.ok).length);
    expect(Array.from(events.columns.ts)).toEqual(expected.flatMap((r) => (r.ok ? [r.value.ts] : [])));
    expect((await rejectRows(events.rejects)).map((r) => [r.row, r.reason])).toEqual(
      expected.flatMap((r, row) => (r.ok ? [] : [[row, r.reason]])),
    );
  });

  it('reads timestamps in seconds as milliseconds', async () => {
    const table = new Table({
      event_id: vectorFromArray(['a', 'b'], new Utf8()),
      // Arrow's builder takes milliseconds and stores whole seconds.
      ts: vectorFromArray([1763632800000, 1763632801000], new TimestampSecond()),
      type: vectorFromArray(['like', 'like'], new Utf8()),
      actor_id: vectorFromArray(['u1', 'u1'], new Utf8()),
      target_id: vectorFromArray(['u2', 'u3'], new Utf8()),
    });
    expect(String(table.schema.fields[1]!.type)).toBe('Timestamp<SECOND>');
    const file = join(await tempDir(), 'seconds.arrows');
    await writeFile(file, tableToIPC(table, 'stream'));
    const events = await readEvents([file]);
    expect(Array.from(events.columns.ts)).toEqual([1763632800000, 1763632801000]);
  });

  it('reads dictionary columns with 8- and 16-bit keys, and int64 epoch-ms timestamps', async () => {
    const ids = ['u1', 'u2', 'u1', 'u3'];
    const table = new Table({
      event_id: vectorFromArray(['a', 'b', 'c', 'd'], new Utf8()),
      ts: vectorFromArray([1n, 2n, 3n, 4n], new Int64()),
      type: vectorFromArray(['like', 'like', 'share', 'like'], new Dictionary(new Utf8(), new Int8())),
      actor_id: vectorFromArray(ids, new Dictionary(new Utf8(), new Int16())),
      target_id: vectorFromArray(['c', 'c', 'c', 'c'], new Dictionary(new Utf8(), new Int8())),
    });
    const file = join(await tempDir(), 'keys.arrow');
    await writeFile(file, tableToIPC(table, 'file'));
    const events = await readEvents([file]);
    expect(Array.from(events.columns.actor, (code) => events.accounts.ids[code])).toEqual(ids);
    expect(Array.from(events.columns.type)).toEqual([1, 1, 4, 1]);
    expect(Array.from(events.columns.ts)).toEqual([1, 2, 3, 4]);
  });
});

describe('the Parquet fast path', () => {
  it('reads ids stored inline by DuckDB (≤ 12 bytes) and longer ones exactly as NDJSON gives them', async () => {
    const long = 'account-0123456789-ü';
    const rows: Row[] = [
      ['e1', 'like', 'abcdefghijkl', long],
      ['e2', 'share', long, 'abcdefghijkl'],
      ['e3', 'like', 'abcdefghijklm', 'abcdefghijkl'],
      ['e4', 'comment', long, long],
      ['e5', 'like', '', 'u1'],
      ['e6', 'like', 'u1', null],
      ['e2', 'like', 'u9', 'u8'],
      ['e7-with-a-long-event-id', 'Like', 'u1', 'u2'],
      ['e7-with-a-long-event-id', 'follow', 'u1', 'abcdefghijklm'],
      ['e7-with-a-long-event-id', 'follow', 'u1', 'u3'],
    ].map(([event_id, type, actor_id, target_id], k) => ({
      event_id: event_id!,
      ts: BASE_TS + k,
      type: type!,
      actor_id: actor_id!,
      target_id: target_id!,
      content_id: k % 2 ? long : 'v1',
      text: k === 3 ? 'a comment longer than twelve bytes' : null,
    }));
    const dir = await tempDir();
    const [fromParquet, fromNdjson] = await Promise.all(
      (['parquet', 'ndjson'] as const).map(async (format) =>
        readEvents([await writeRows(dir, format, format, rows, { batchSize: 4 })]),
      ),
    );
    expect(await eventSetSummary(fromParquet!)).toEqual(await eventSetSummary(fromNdjson!));
    expect(fromParquet!.accounts.ids).toEqual(['abcdefghijkl', long, 'abcdefghijklm', 'u1']);
    expect(fromParquet!.duplicates).toBe(2);
  });
});

describe('row counts told before the rows', () => {
  it('come from an Arrow file footer and Parquet metadata, and match the rows read', async () => {
    const dir = await tempDir();
    const rows = validEvents(11);
    for (const format of ['arrow', 'parquet', 'arrows'] as const) {
      const file = await writeRows(dir, `told-${format}`, format, rows, { batchSize: 4 });
      const told: number[] = [];
      let read = 0;
      await scanInput(file, EVENT_COLUMNS, {
        rows: (count) => told.push(count),
        batch: (batch) => {
          read += batch.length;
        },
        sink: { record() {}, malformed() {} },
      });
      expect([format, read]).toEqual([format, 11]);
      // A stream does not say its length up front.
      expect([format, told]).toEqual([format, format === 'arrows' ? [] : [11]]);
    }
  });
});

describe('hashStrings', () => {
  it('gives hashBytes of each string, whatever its length and wherever its bytes lie', () => {
    const strings = new StringColumnBuilder();
    const ids = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'ümit-7', 'x'.repeat(37), '🙂🙂', 'acct-123456'];
    for (const id of ids) strings.push(id);
    const hashes = new Int32Array(ids.length + 1);
    hashStrings(strings, 1, ids.length, hashes, 2);
    const expected = ids.map((_, i) => hashBytes(strings.bytes, strings.start(i), strings.start(i + 1)));
    expect([...hashes.subarray(2)]).toEqual(expected.slice(1));
    expect(new Set(expected).size).toBe(ids.length);
    // Bytes at an odd offset of their buffer: the words are read unaligned.
    const shifted = { bytes: strings.bytes.subarray(3), start: (i: number) => strings.start(i) - 3 };
    hashStrings(shifted, 4, 6, hashes, 0);
    expect([...hashes.subarray(0, 2)]).toEqual(expected.slice(4, 6));
  });
});

describe('createDictionary', () => {
  it('gives dense codes in first-seen order', () => {
    const dictionary = createDictionary();
    expect(['x', 'y', 'x', 'z'].map((id) => dictionary.intern(id))).toEqual([0, 1, 0, 2]);
    expect(dictionary.lookup('q')).toBe(-1);
  });

  it('finds an id by its UTF-8 bytes as by its string, making the string once', () => {
    const dictionary = createDictionary();
    const bytes = new TextEncoder().encode('..ümit-7..');
    expect(dictionary.internBytes(bytes, 2, 9)).toBe(0);
    expect(dictionary.ids).toEqual(['ümit-7']);
    expect(dictionary.intern('ümit-7')).toBe(0);
    expect(dictionary.lookupBytes(bytes, 2, 8)).toBe(-1);
    expect(dictionary.intern('ümit-')).toBe(1);
    expect(dictionary.lookupBytes(bytes, 2, 8)).toBe(1);
  });

  it('decodes one id by its code as ids gives them all, before and after ids is read', () => {
    const dictionary = createDictionary();
    const bytes = new TextEncoder().encode('créatrice|ユーザー|😀 fan');
    dictionary.internBytes(bytes, 0, 10);
    dictionary.intern('u1');
    dictionary.internBytes(bytes, 11, 23);
    const one = () => Array.from({ length: dictionary.size }, (_, code) => dictionary.id(code));
    expect(one()).toEqual(['créatrice', 'u1', 'ユーザー']);
    expect(dictionary.ids).toEqual(one());
    dictionary.internBytes(bytes, 24, bytes.length);
    expect(one()).toEqual(['créatrice', 'u1', 'ユーザー', '😀 fan']);
  });

  it('keeps an id longer than its scratch buffer by its own bytes (one code, found by bytes)', () => {
    const dictionary = createDictionary();
    const long = `u-${'x'.repeat(200)}`;
    expect(dictionary.intern(long)).toBe(0);
    expect(dictionary.intern(long)).toBe(0);
    expect(dictionary.lookup(`u-${'x'.repeat(300)}`)).toBe(-1);
    const bytes = new TextEncoder().encode(long);
    expect(dictionary.lookupBytes(bytes, 0, bytes.length)).toBe(0);
  });

  it('looks many ids up at once as one by one, hash collisions included', () => {
    const dictionary = createDictionary();
    for (let i = 0; i < 5000; i++) dictionary.intern(`acct-${i * 3}`);
    const queries = new StringColumnBuilder();
    for (let i = 0; i < 3000; i++) queries.push(`acct-${i * 2}`);
    const hashes = Int32Array.from({ length: queries.length }, (_, i) =>
      hashBytes(queries.bytes, queries.start(i), queries.start(i + 1)),
    );
    // Every fifth query given the hash of an id it is not: its first candidate is that id.
    const present = new TextEncoder().encode('acct-3');
    for (let i = 0; i < queries.length; i += 5) hashes[i] = hashBytes(present, 0, present.length);
    const from = 7;
    const found = new Int32Array(queries.length - from);
    dictionary.lookupEach(queries, hashes, from, queries.length, found);
    const oneByOne = Array.from({ length: queries.length - from }, (_, k) =>
      dictionary.lookupBytes(
        queries.bytes,
        queries.start(from + k),
        queries.start(from + k + 1),
        hashes[from + k],
      ),
    );
    expect([...found]).toEqual(oneByOne);
    expect(oneByOne.filter((code) => code >= 0).length).toBeGreaterThan(500);
    expect(oneByOne[0]).toBe(-1);
    expect(oneByOne[2]).toBe(dictionary.lookup('acct-18'));
  });
});
