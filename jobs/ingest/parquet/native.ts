import type { FileHandle } from 'node:fs/promises';
import {
  type ColumnAccess,
  type ColumnBatch,
  DictionaryAccess,
  DictionaryEntries,
  Int64Access,
  NumberAccess,
  Utf8Access,
  Validity,
} from '../columns.ts';
import { FileDictionary } from './dictionaries.ts';
import { decodeColumnChunk } from './pages.ts';
import type { ColumnPlan, DecodedColumn, NativePlan } from './types.ts';

/** A row group's wanted chunks, read as one span (they lie side by side in files as written). */
async function readRowGroup(
  handle: FileHandle,
  group: NativePlan['rowGroups'][number],
): Promise<Uint8Array[]> {
  const start = Math.min(...group.chunks.map((chunk) => chunk.start));
  const end = Math.max(...group.chunks.map((chunk) => chunk.start + chunk.length));
  const span = new Uint8Array(end - start);
  const { bytesRead } = await handle.read(span, 0, span.length, start);
  if (bytesRead < span.length)
    throw new Error(`the file ends inside a row group (byte ${start + bytesRead})`);
  return group.chunks.map((chunk) => span.subarray(chunk.start - start, chunk.start - start + chunk.length));
}

/** Decodes a row group's wanted chunks (plan's columns order). */
export function decodeRowGroup(
  plan: NativePlan,
  chunks: Uint8Array[],
  rows: number,
  group: number,
): DecodedColumn[] {
  return plan.columns.map((column, c) => {
    const codec = plan.rowGroups[group]!.chunks[c]!.codec;
    try {
      return decodeColumnChunk(chunks[c]!, { ...column.layout, codec, rows });
    } catch (error) {
      throw new Error(`row group ${group}, column "${column.name}": ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
}

const allValid = () => new Validity(null, 0);

/** A string column's dictionary over the file, and the entries (decoded, with their codes) the ingest reads. */
interface ColumnDictionary {
  file: FileDictionary;
  entries: DictionaryEntries;
}

/** The ColumnAccess over a decoded chunk; a dictionary chunk's keys are rewritten to the file's dictionary. */
function columnAccess(
  decoded: DecodedColumn,
  column: ColumnPlan,
  dictionary: ColumnDictionary,
  rows: number,
): ColumnAccess {
  const validity = new Validity(decoded.validity, 0);
  if (decoded.kind === 'dictionary') {
    const { file, entries } = dictionary;
    file.merge(decoded.entries, decoded.keys);
    // A copy: DictionaryEntries tells new delta chunks by the length of the list it last saw.
    entries.update(file.chunks.slice(), allValid);
    return new DictionaryAccess(decoded.keys, validity, entries);
  }
  if (decoded.kind === 'utf8') return new Utf8Access(decoded.bytes, decoded.offsets, validity);
  const { buffer, byteOffset } = decoded.bytes;
  const reading = column.reading;
  if (reading.kind === 'int64')
    return new Int64Access(new BigInt64Array(buffer, byteOffset, rows), validity, reading.msPerUnit);
  const values =
    reading.kind === 'int32'
      ? new Int32Array(buffer, byteOffset, rows)
      : new Float64Array(buffer, byteOffset, rows);
  return new NumberAccess(values, validity, 1);
}

/**
 * Reads the file of `plan` row group by row group as `onBatch` batches; the next row group's bytes
 * are read while the current one is decoded and handed over. `fail` words a read or decode error
 * (never one thrown by onBatch).
 */
export async function scanNative(
  handle: FileHandle,
  plan: NativePlan,
  onBatch: (batch: ColumnBatch) => void,
  fail: (error: unknown) => Error,
): Promise<void> {
  const dictionaries = plan.columns.map(() => ({
    file: new FileDictionary(),
    entries: new DictionaryEntries(),
  }));
  const groups = plan.rowGroups;
  let next = groups.length > 0 ? readRowGroup(handle, groups[0]!) : null;
  let firstRow = 0;
  for (let g = 0; g < groups.length; g++) {
    const { rows } = groups[g]!;
    let decoded: DecodedColumn[];
    try {
      const chunks = await next!;
      next = g + 1 < groups.length ? readRowGroup(handle, groups[g + 1]!) : null;
      // A failed read-ahead is reported when its turn comes, not as an unhandled rejection.
      next?.catch(() => {});
      decoded = decodeRowGroup(plan, chunks, rows, g);
    } catch (error) {
      throw fail(error);
    }
    const columns: ColumnBatch['columns'] = {};
    plan.columns.forEach((column, c) => {
      columns[column.name] = columnAccess(decoded[c]!, column, dictionaries[c]!, rows);
    });
    onBatch({ length: rows, firstRow, columns });
    firstRow += rows;
  }
}
