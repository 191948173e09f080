import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../jobs/ingest/index.ts';
import type { EventSet } from '../../jobs/ingest/types.ts';
import { EVENT_TYPES } from '../../shared/contract/index.ts';
import { OUTPUT_FORMATS, type Row, tempDir, validEvents, writeRows } from '../ingest/fixtures.ts';

/** The events of a set as plain rows, in kept order, ids and texts decoded. */
function rowsOf(events: EventSet): Row[] {
  const c = events.columns;
  return Array.from({ length: c.length }, (_, i) => ({
    event_id: events.eventIds.get(i),
    ts: c.ts[i]!,
    type: EVENT_TYPES[c.type[i]!]!,
    actor_id: events.accounts.ids[c.actor[i]!]!,
    target_id: events.accounts.ids[c.target[i]!]!,
    content_id: c.content[i]! < 0 ? null : events.contents.ids[c.content[i]!]!,
    text: c.text[i]! < 0 ? null : events.texts.get(c.text[i]!),
  }));
}

describe('table writers and readers', () => {
  const rows = validEvents(40);

  it.each(OUTPUT_FORMATS)('round-trips events through %s, batch by batch', async (format) => {
    const dir = await tempDir();
    const path = await writeRows(dir, 'events', format, rows, { batchSize: 7 });
    const events = await readEvents([path]);
    expect(rowsOf(events)).toEqual(rows);
    expect(events.rejects.total).toBe(0);
    expect(events.files).toEqual([expect.objectContaining({ path, rows: rows.length })]);
    expect(events.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives identical columns and dictionaries from all five containers', async () => {
    const dir = await tempDir();
    const sets = [];
    for (const format of OUTPUT_FORMATS)
      sets.push(await readEvents([await writeRows(dir, 'e', format, rows)]));
    const [first, ...others] = sets;
    for (const other of others) {
      expect(other.columns).toEqual(first!.columns);
      expect(other.accounts.ids).toEqual(first!.accounts.ids);
      expect(other.contents.ids).toEqual(first!.contents.ids);
    }
  });

  it('dictionary-encodes id columns in Arrow output, and reads plain utf8 the same', async () => {
    const dir = await tempDir();
    const encoded = await writeRows(dir, 'dict', 'arrow', rows, { batchSize: 9 });
    const plain = await writeRows(dir, 'plain', 'arrow', rows, { dictionaryColumns: new Set() });
    const table = tableFromIPC(await readFile(encoded));
    for (const name of ['type', 'actor_id', 'target_id', 'content_id'])
      expect(String(table.schema.fields.find((f) => f.name === name)!.type)).toBe('Dictionary<Int32, Utf8>');
    expect(String(table.schema.fields.find((f) => f.name === 'event_id')!.type)).toBe('Utf8');
    expect(rowsOf(await readEvents([plain]))).toEqual(rowsOf(await readEvents([encoded])));
  });

  it('writes timestamps as ISO-8601 in the text formats', async () => {
    const dir = await tempDir();
    const csv = await readFile(await writeRows(dir, 'e', 'csv', rows.slice(0, 1)), 'utf8');
    const ndjson = await readFile(await writeRows(dir, 'e', 'ndjson', rows.slice(0, 1)), 'utf8');
    expect(csv.split('\n')[1]).toContain('2026-11-20T12:00:00.000Z');
    expect(JSON.parse(ndjson).ts).toBe('2026-11-20T12:00:00.000Z');
  });

  it.each(OUTPUT_FORMATS)(
    'a %s file with no rows still has its schema and reads as empty',
    async (format) => {
      const dir = await tempDir();
      const events = await readEvents([await writeRows(dir, 'empty', format, [])]);
      expect(events.columns.length).toBe(0);
      expect(events.rejects.total).toBe(0);
    },
  );
});
