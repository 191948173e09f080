import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Dictionary, Int32, RecordBatchStreamWriter, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { Utf8Access, Validity } from '../../jobs/ingest/columns.ts';
import { readEvents, StringColumnBuilder } from '../../jobs/ingest/index.ts';
import { BASE_TS, eventSetSummary, type Row, tempDir, writeRows } from './fixtures.ts';

/** [event_id, ts offset or null, type, actor_id, target_id, content_id, text] a row. */
type Spec = [
  string | null,
  number | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];

function rows(specs: Spec[]): Row[] {
  return specs.map(([event_id, ts, type, actor_id, target_id, content_id, text]) => ({
    event_id,
    ts: ts === null ? null : BASE_TS + ts,
    type,
    actor_id,
    target_id,
    content_id,
    text,
  }));
}

/**
 * Five batches of up to four rows (dictionary columns grown by deltas in Arrow) with what the columnar path
 * decides a batch at a time: invalid rows and nulls in the middle of batches, duplicates across and
 * within batches whose accounts, video and text are new, and ids a column meets for the first time
 * although the other column already named them.
 */
const AWKWARD: Spec[] = [
  ['e1', 0, 'like', 'a1', 't1', 'v1', null],
  ['e2', 1, 'comment', 'a2', 't1', 'v2', 'hi'],
  ['e3', 2, 'like', null, 't1', 'v1', null],
  ['e4', 3, 'share', 'a1', 't2', null, null],
  // A duplicate across batches: its accounts, video and text are nowhere else before row 8.
  ['e1', 4, 'comment', 'newA', 'newT', 'dupV', 'dup text'],
  // t1 is new to the actor column, known as a target: a self-interaction all the same.
  ['e5', 5, 'follow', 't1', 't1', null, null],
  ['e6', 6, 'poke', 'a1', 't1', null, null],
  ['e7', 7, 'like', 'a1', '', null, null],
  ['e8', 8, 'like', 'newT', 'newA', 'v3', null],
  // New to both columns and equal.
  ['e9', 9, 'like', 'a4', 'a4', null, null],
  ['e4', 10, 'like', 'a5', 't3', 'v4', 'another dup'],
  ['e10', null, 'like', 'a1', 't1', null, null],
  ['e11', 12, 'comment', 'a5', 't3', 'v4', 'ok'],
  ['e12', 13, 'like', 'a1', 't1', 'v1', null],
  // A duplicate within its batch, naming only new accounts.
  ['e12', 14, 'like', 'a6', 't4', 'v5', null],
  ['e13', 15, 'report', 'a2', 'a1', null, null],
  // a2 is new to the target column, known as an actor.
  ['e14', 16, 'like', 'a2', 'a2', null, null],
];

describe('the columnar batch path', () => {
  it('gives what NDJSON gives: rejects in place, first ids kept, no trace of a dropped duplicate', async () => {
    const dir = await tempDir();
    const input = rows(AWKWARD);
    const dictionaryColumns = new Set(['type', 'actor_id', 'target_id', 'content_id']);
    const [arrow, arrows, plainArrow, ndjson] = await Promise.all([
      writeRows(dir, 'dict', 'arrow', input, { batchSize: 4, dictionaryColumns }),
      writeRows(dir, 'dict', 'arrows', input, { batchSize: 4, dictionaryColumns }),
      writeRows(dir, 'plain', 'arrow', input, { batchSize: 4, dictionaryColumns: new Set() }),
      writeRows(dir, 'rows', 'ndjson', input),
    ]);
    const expected = await eventSetSummary(await readEvents([ndjson]));
    for (const file of [arrow, arrows, plainArrow])
      expect([file, await eventSetSummary(await readEvents([file]))]).toEqual([file, expected]);
    // The repeats sought on a thread (as for a large input), a row at a time and a batch at a time.
    for (const file of [ndjson, arrow, arrows])
      expect([file, await eventSetSummary(await readEvents([file], { repeatsThread: true }))]).toEqual([
        file,
        expected,
      ]);

    expect(expected.accounts).toEqual(['a1', 't1', 'a2', 't2', 'newT', 'newA', 'a5', 't3']);
    expect(expected.contents).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(expected.texts).toEqual(['hi', 'ok']);
    expect(expected.eventIds).toEqual(['e1', 'e2', 'e4', 'e8', 'e11', 'e12', 'e13']);
    expect(expected.duplicates).toBe(3);
    expect(expected.rejects).toEqual([
      [2, 'missing required value: actor_id'],
      [5, 'actor_id equals target_id'],
      [6, 'unknown type: type="poke"'],
      [7, 'missing required value: target_id'],
      [9, 'actor_id equals target_id'],
      [11, 'missing required value: ts'],
      [16, 'actor_id equals target_id'],
    ]);
  });

  it('reads a stream whose dictionaries are replaced, not grown, between batches', async () => {
    const first: Spec[] = [
      ['e1', 0, 'like', 'a1', 't1', 'v1', null],
      ['e2', 1, 'share', 'a2', 't1', 'v2', null],
    ];
    // Built apart, so every dictionary is a new one: the writer sends replacements, entry 0 now 't1'.
    const second: Spec[] = [
      ['e3', 2, 'follow', 't1', 'a1', null, null],
      ['e1', 3, 'like', 'a9', 't9', 'v9', null],
      ['e4', 4, 'like', 'a3', 'a2', 'v1', null],
    ];
    // One type (and dictionary id) a column for both batches, so that both have one schema.
    const types = ['type', 'actor_id', 'target_id', 'content_id'].map(
      (name, id) => [name, new Dictionary(new Utf8(), new Int32(), id)] as const,
    );
    const batch = (specs: Spec[]) => {
      const input = rows(specs);
      const column = (name: string, type: Utf8 | Dictionary) =>
        vectorFromArray(
          input.map((row) => row[name] as string | null),
          type,
        );
      return new Table({
        event_id: column('event_id', new Utf8()),
        ts: vectorFromArray(input.map((row) => BigInt(row.ts as number))),
        ...Object.fromEntries(types.map(([name, type]) => [name, column(name, type)])),
      }).batches[0]!;
    };
    const dir = await tempDir();
    const writer = new RecordBatchStreamWriter();
    writer.write(batch(first));
    writer.write(batch(second));
    writer.finish();
    const stream = join(dir, 'replaced.arrows');
    await writeFile(stream, await writer.toUint8Array());
    const ndjson = await writeRows(dir, 'replaced', 'ndjson', rows([...first, ...second]));
    const [fromStream, fromNdjson] = await Promise.all([readEvents([stream]), readEvents([ndjson])]);
    expect(await eventSetSummary(fromStream)).toEqual(await eventSetSummary(fromNdjson));
    expect(fromStream.accounts.ids).toEqual(['a1', 't1', 'a2', 'a3']);
    expect(fromStream.duplicates).toBe(1);
  });
  it('reads several files into one set as NDJSON of the same files does, ids shared across files', async () => {
    // File 1 names its ids in first-seen order; file 2 starts with new ids, then names file 1's.
    const first: Spec[] = [
      ['e1', 0, 'like', 'a1', 't1', 'v1', null],
      ['e2', 1, 'like', 'a2', 't1', 'v2', null],
      ['e3', 2, 'comment', 'a1', 't2', 'v3', 'x'],
      ['e4', 3, 'like', 'a3', 'a1', 'v1', null],
    ];
    const second: Spec[] = [
      ['e5', 4, 'like', 'a9', 't9', 'v9', null],
      ['e6', 5, 'like', 'a1', 't2', 'v2', null],
      ['e2', 6, 'like', 'a8', 't8', 'v8', null],
      ['e7', 7, 'share', 't9', 'a9', 'v1', null],
      ['e8', 8, 'like', 'a2', 'a4', 'v7', null],
    ];
    const dir = await tempDir();
    const dictionaryColumns = new Set(['type', 'actor_id', 'target_id', 'content_id']);
    const files = await Promise.all([
      writeRows(dir, 'first', 'arrow', rows(first), { batchSize: 3, dictionaryColumns }),
      writeRows(dir, 'second', 'arrow', rows(second), { batchSize: 3, dictionaryColumns }),
      writeRows(dir, 'first', 'ndjson', rows(first)),
      writeRows(dir, 'second', 'ndjson', rows(second)),
    ]);
    const fromArrow = await readEvents(files.slice(0, 2));
    expect(await eventSetSummary(fromArrow)).toEqual(await eventSetSummary(await readEvents(files.slice(2))));
    expect(fromArrow.accounts.ids).toEqual(['a1', 't1', 'a2', 't2', 'a3', 'a9', 't9', 'a4']);
    expect(fromArrow.contents.ids).toEqual(['v1', 'v2', 'v3', 'v9', 'v7']);
  });
});

describe('Utf8Access.appendEach', () => {
  it('appends only present, non-empty values, whether null rows hold no bytes or some', () => {
    const bytes = new TextEncoder().encode('hiXXyouü');
    // Rows: "hi", null (empty), "" , null holding "XX", "you", "ü".
    const offsets = Int32Array.from([0, 2, 2, 2, 4, 7, 9]);
    const validity = new Validity(Uint8Array.from([0b110101]), 0);
    for (const [from, to] of [
      [0, 3],
      [0, 6],
      [3, 6],
    ] as const) {
      const column = new StringColumnBuilder();
      column.push('earlier');
      const out = new Int32Array(to - from).fill(99);
      new Utf8Access(bytes, offsets, validity).appendEach(column, from, to, out, 0);
      const texts = Array.from({ length: column.length }, (_, i) => column.get(i));
      const expected = ['hi', null, null, null, 'you', 'ü'].slice(from, to);
      expect([from, to, texts]).toEqual([from, to, ['earlier', ...expected.filter((text) => text !== null)]]);
      let next = 1;
      expect(Array.from(out)).toEqual(expected.map((text) => (text === null ? -1 : next++)));
    }
  });
});
