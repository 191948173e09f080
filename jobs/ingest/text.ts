import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { REJECT_REASONS, type TableSpec } from '../../shared/contract/index.ts';
import { inputError } from '../runtime/errors.ts';
import { columnIndexes } from './schema.ts';

/** Where the rows of a text file go: well-formed ones as records, others with why they are not. */
export interface RecordSink {
  record(raw: Record<string, unknown>, row: number): void;
  malformed(reason: string, raw: unknown, row: number): void;
}

/**
 * NDJSON: one JSON object a line; `row` is the 0-based line number. Blank lines are skipped; a line
 * that is not a JSON object is a malformed row. An empty file is an empty table.
 */
export async function scanNdjson(file: string, sink: RecordSink): Promise<void> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let row = -1;
  try {
    for await (const line of lines) {
      row += 1;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        sink.malformed(`${REJECT_REASONS.malformedRow}: not JSON (${(error as Error).message})`, line, row);
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        sink.malformed(`${REJECT_REASONS.malformedRow}: not a JSON object`, line, row);
      else sink.record(value as Record<string, unknown>, row);
    }
  } catch (error) {
    throw inputError(file, `cannot be read (${(error as Error).message})`, error);
  }
}

/**
 * CSV with a header row; `row` is the 0-based record number after the header. Blank lines are
 * skipped; a record with more or fewer fields than the header is a malformed row. A file without a
 * header (0 bytes) cannot say its columns and is unreadable.
 */
export async function scanCsv(file: string, spec: TableSpec, sink: RecordSink): Promise<void> {
  if ((await stat(file)).size === 0)
    throw inputError(file, 'is empty (0 bytes): a CSV file needs a header row');
  const records = createReadStream(file).pipe(
    parse({ bom: true, skip_empty_lines: true, relax_column_count: true }),
  );
  let header: string[] | null = null;
  let row = 0;
  try {
    for await (const fields of records as AsyncIterable<string[]>) {
      if (header === null) {
        header = fields.map((name) => name.trim());
        columnIndexes(file, header, spec);
        continue;
      }
      if (fields.length !== header.length) {
        sink.malformed(
          `${REJECT_REASONS.malformedRow}: ${fields.length} fields, the header has ${header.length}`,
          fields,
          row++,
        );
        continue;
      }
      const raw: Record<string, unknown> = {};
      for (let c = 0; c < header.length; c++) raw[header[c]!] = fields[c];
      sink.record(raw, row++);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_INPUT') throw error;
    throw inputError(file, `is not valid CSV (${(error as Error).message})`, error);
  }
  if (header === null) throw inputError(file, 'has no header row');
}
