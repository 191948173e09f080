import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type ColumnSpec, formatTimestamp, type TableSpec } from '../../shared/contract/index.ts';
import type { ColumnValues } from './arrow.ts';

/** A value as text formats carry it: timestamps as ISO-8601 (UTC), 64-bit ints as numbers. */
function textValue(column: ColumnSpec, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (column.type === 'timestamp_ms' && typeof value === 'number') return formatTimestamp(value);
  if (typeof value === 'bigint') return Number(value);
  return value as string | number | boolean;
}

function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines of text appended to a file, waiting for the disk when the buffer is full. */
function openLineSink(path: string) {
  const sink = createWriteStream(path);
  const failed = once(sink, 'error');
  return {
    async write(text: string): Promise<void> {
      if (!sink.write(text)) await Promise.race([once(sink, 'drain'), failed]);
    },
    async close(): Promise<void> {
      sink.end();
      await Promise.race([once(sink, 'finish'), failed.then(([error]) => Promise.reject(error))]);
    },
  };
}

export type TextFormat = 'ndjson' | 'csv';

/** Writes batches of named columns as NDJSON (one object a line) or CSV with a header row. */
export function openTextWriter(path: string, format: TextFormat, spec: TableSpec) {
  const sink = openLineSink(path);
  const header = format === 'csv' ? `${spec.map((column) => csvField(column.name)).join(',')}\n` : '';
  let started = false;
  return {
    async write(columns: Record<string, ColumnValues>, length: number): Promise<void> {
      const lines: string[] = started ? [] : [header];
      started = true;
      const values = spec.map((column) => columns[column.name]!);
      for (let i = 0; i < length; i++) {
        if (format === 'csv') {
          lines.push(`${spec.map((column, c) => csvField(textValue(column, values[c]![i]))).join(',')}\n`);
        } else {
          const row: Record<string, unknown> = {};
          spec.forEach((column, c) => {
            row[column.name] = textValue(column, values[c]![i]);
          });
          lines.push(`${JSON.stringify(row)}\n`);
        }
      }
      await sink.write(lines.join(''));
    },
    async close(): Promise<void> {
      if (!started) await sink.write(header);
      await sink.close();
    },
  };
}
