import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  FORMAT_EXTENSION,
  OUTPUT_FORMATS,
  type OutputFormat,
  openTableWriter,
} from '../../jobs/formats/index.ts';
import type { EventSet, RejectLog } from '../../jobs/ingest/index.ts';
import { type ColumnSpec, EVENT_COLUMNS, type TableSpec } from '../../shared/contract/index.ts';
import { runCli } from '../helpers/cli.ts';

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

/**
 * `count` events of which four in five are invalid, each kind with its own value where it has one (so the
 * rejects outnumber a small in-memory bound); `rejects` lists the invalid ones by file row, in order.
 */
export function mostlyInvalidEvents(count: number): {
  rows: Row[];
  rejects: { row: number; reason: string }[];
} {
  const rows: Row[] = [];
  const rejects: { row: number; reason: string }[] = [];
  for (const [k, valid] of validEvents(count).entries()) {
    const bad: [Row, string] | null =
      k % 5 === 1
        ? [{ ...valid, ts: `day ${k}` }, `unparsable timestamp: ts="day ${k}"`]
        : k % 5 === 2
          ? [{ ...valid, type: `poke-${k}` }, `unknown type: type="poke-${k}"`]
          : k % 5 === 3
            ? [{ ...valid, target_id: valid.actor_id! }, 'actor_id equals target_id']
            : k % 5 === 4
              ? [{ ...valid, actor_id: null }, 'missing required value: actor_id']
              : null;
    rows.push(bad ? bad[0] : valid);
    if (bad) rejects.push({ row: k, reason: bad[1] });
  }
  return { rows, rejects };
}

/** A generated world of `events` events in `format`, written by `swarmscope generate` run as a process into a new temp dir. */
export async function generatedWorld(seed: number, events: number, format: 'parquet'): Promise<string> {
  const dir = await tempDir();
  const generated = await runCli([
    'generate',
    '--seed',
    String(seed),
    '--events',
    String(events),
    '--format',
    format,
    '--out',
    dir,
  ]);
  expect(generated.code, generated.stderr).toBe(0);
  return dir;
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

/** Every row of a reject log, in order, as plain records. */
export async function rejectRows(log: RejectLog) {
  const rows: { source: string; row: number; reason: string; raw: string | null }[] = [];
  for await (const batch of log.batches())
    for (let i = 0; i < batch.row.length; i++)
      rows.push({
        source: batch.source[i]!,
        row: batch.row[i]!,
        reason: batch.reason[i]!,
        raw: batch.raw[i]!,
      });
  return rows;
}

/** Everything an EventSet holds, as plain values, to compare two reads of the same rows. */
export async function eventSetSummary(events: EventSet) {
  return {
    columns: events.columns,
    accounts: events.accounts.ids,
    contents: events.contents.ids,
    eventIds: Array.from({ length: events.eventIds.length }, (_, i) => events.eventIds.get(i)),
    texts: Array.from({ length: events.texts.length }, (_, i) => events.texts.get(i)),
    rejects: (await rejectRows(events.rejects)).map((r) => [r.row, r.reason]),
    duplicates: events.duplicates,
  };
}
