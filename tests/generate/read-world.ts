import { readFile } from 'node:fs/promises';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { parseTimestamp } from '../../shared/contract/index.ts';

export type Row = Record<string, unknown>;

const TIMESTAMP_COLUMNS = new Set(['ts', 'created_at', 'since']);

/** Timestamps as epoch ms and empty CSV cells as null, so that every container reads alike. */
function normalise(row: Row): Row {
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === '' || value === undefined) out[name] = null;
    else if (TIMESTAMP_COLUMNS.has(name)) out[name] = parseTimestamp(value);
    else if (typeof value === 'bigint') out[name] = Number(value);
    else out[name] = value;
  }
  return out;
}

/**
 * A generated table's rows, read with each container's own library (independent of the project's
 * ingest, so a writer bug and a reader bug cannot cancel out).
 */
export async function readRows(path: string): Promise<Row[]> {
  let rows: Row[];
  if (path.endsWith('.arrow') || path.endsWith('.arrows')) {
    rows = tableFromIPC(await readFile(path))
      .toArray()
      .map((row) => row.toJSON() as Row);
  } else if (path.endsWith('.parquet')) {
    rows = (await parquetReadObjects({ file: await asyncBufferFromFile(path) })) as Row[];
  } else if (path.endsWith('.ndjson')) {
    rows = (await readFile(path, 'utf8'))
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Row);
  } else if (path.endsWith('.csv')) {
    rows = parse(await readFile(path, 'utf8'), { columns: true }) as Row[];
  } else throw new Error(`no reader for ${path}`);
  return rows.map(normalise);
}
