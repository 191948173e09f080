import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FORMAT_EXTENSION,
  OUTPUT_FORMATS,
  type OutputFormat,
  openTableWriter,
} from '../../jobs/formats/index.ts';
import type { EventSet } from '../../jobs/ingest/index.ts';
import { type ColumnSpec, EVENT_COLUMNS, type TableSpec } from '../../shared/contract/index.ts';

export type Row = Record<string, string | number | null>;

export const BASE_TS = Date.UTC(2026, 10, 20, 12, 0, 0);

/** Valid events with the awkward values a real export has: nulls, quotes, commas, newlines, unicode. */
export function validEvents(count: number): Row[] {
  const types = ['follow', 'like', 'comment', 'report', 'share'];
  return Array.from({ length: count }, (_, k) => ({
    event_id: `ev-${k}`,
    ts: BASE_TS + k * 1500,
    type: types[k % 5]!,
    actor_id: `user_${(k * 31) % 97}`,
    target_id: `creator_${k % 7}`,
    content_id: k % 5 === 0 ? null : `video_${k % 11}`,
    text: k % 5 === 2 ? `comment ${k}: "quoted", comma,\nnew line — ünïcødé 🚀` : null,
  }));
}

/** One invalid row of each kind, then a duplicate of the first valid row; rows[i] is file row i. */
export function invalidEvents(): { rows: Row[]; reasons: Record<number, string> } {
  const valid = validEvents(4);
  const first: Row = valid[0]!;
  const rows: Row[] = [
    ...valid,
    { ...first, event_id: 'bad-missing', actor_id: null },
    { ...first, event_id: 'bad-type', type: 'poke' },
    { ...first, event_id: 'bad-self', target_id: first.actor_id! },
    { ...first, event_id: null },
    { ...first },
  ];
  return {
    rows,
    reasons: {
      4: 'missing required value: actor_id',
      5: 'unknown type: type="poke"',
      6: 'actor_id equals target_id',
      7: 'missing required value: event_id',
    },
  };
}

export async function tempDir(prefix = 'swarmscope-ingest-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes rows as a table of `spec` in `format`, in batches of `batchSize`; returns the file path. */
export async function writeRows(
  dir: string,
  name: string,
  format: OutputFormat,
  rows: Row[],
  options: { spec?: TableSpec; batchSize?: number; dictionaryColumns?: ReadonlySet<string> } = {},
): Promise<string> {
  const spec = options.spec ?? EVENT_COLUMNS;
  const path = join(dir, `${name}${FORMAT_EXTENSION[format]}`);
  const writer = await openTableWriter(path, format, spec, options);
  const batchSize = options.batchSize ?? 3;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    await writer.write(
      Object.fromEntries(spec.map((c: ColumnSpec) => [c.name, batch.map((row) => row[c.name] ?? null)])),
    );
  }
  await writer.close();
  return path;
}

export { OUTPUT_FORMATS };

/** Everything an EventSet holds, as plain values, to compare two reads of the same rows. */
export function eventSetSummary(events: EventSet) {
  return {
    columns: events.columns,
    accounts: events.accounts.ids,
    contents: events.contents.ids,
    eventIds: Array.from({ length: events.eventIds.length }, (_, i) => events.eventIds.get(i)),
    texts: Array.from({ length: events.texts.length }, (_, i) => events.texts.get(i)),
    rejects: events.rejects.map((r) => [r.row, r.reason]),
    duplicates: events.duplicates,
  };
}
