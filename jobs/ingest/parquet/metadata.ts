import type { FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync } from 'hyparquet/src/metadata.js';
import type { ColumnMetaData, FileMetaData, SchemaElement } from 'hyparquet/src/types.js';
import type { ColumnSpec, TableSpec } from '../../../shared/contract/index.ts';
import { columnIndexes } from '../schema.ts';
import type { ChunkPlace, ColumnPlan, ColumnReading, NativePlan } from './types.ts';

/** A Parquet file's footer metadata, read by positional reads (hyparquet's parser). */
export async function readMetadata(handle: FileHandle): Promise<FileMetaData> {
  const { size } = await handle.stat();
  return parquetMetadataAsync({
    byteLength: size,
    async slice(start, end = size) {
      const bytes = new Uint8Array(end - start);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer.slice(0, bytesRead);
    },
  });
}

const MS_PER_UNIT = { MILLIS: 1, MICROS: 1e-3, NANOS: 1e-6 } as const;
const FLAT_ENCODINGS = new Set(['PLAIN', 'RLE', 'RLE_DICTIONARY', 'PLAIN_DICTIONARY']);

/**
 * How a spec column stored as `element` is read, matching what DuckDB gives (a naive TIMESTAMP is
 * its wall time taken as UTC, as `epoch_ms(x::TIMESTAMP)` does), or why the native reader declines it.
 */
function columnReading(column: ColumnSpec, element: SchemaElement): ColumnReading | string {
  const logical = element.logical_type;
  const converted = element.converted_type;
  const what = `column "${column.name}" (${element.type}${logical ? ` ${logical.type}` : converted ? ` ${converted}` : ''})`;
  if (element.type === 'BYTE_ARRAY') {
    const isString = logical?.type === 'STRING' || (!logical && converted === 'UTF8');
    return column.type === 'utf8' && isString ? { kind: 'utf8' } : what;
  }
  if (column.type === 'utf8') return what;
  const plainInteger = logical
    ? logical.type === 'INTEGER' && logical.isSigned
    : converted === undefined || converted === 'INT_32' || converted === 'INT_64';
  if (element.type === 'INT64') {
    if (plainInteger) return { kind: 'int64', msPerUnit: 1 };
    const unit =
      logical?.type === 'TIMESTAMP'
        ? logical.unit
        : !logical && converted === 'TIMESTAMP_MILLIS'
          ? 'MILLIS'
          : !logical && converted === 'TIMESTAMP_MICROS'
            ? 'MICROS'
            : null;
    return unit && column.type === 'timestamp_ms' ? { kind: 'int64', msPerUnit: MS_PER_UNIT[unit] } : what;
  }
  // DuckDB reads an INT32 timestamp as an integer value by value; left to it.
  if (element.type === 'INT32' && plainInteger && column.type !== 'timestamp_ms') return { kind: 'int32' };
  if (element.type === 'DOUBLE' && !logical && !converted) return { kind: 'float64' };
  return what;
}

function chunkPlace(meta: ColumnMetaData, fileSize: number): ChunkPlace | string {
  const name = meta.path_in_schema.join('.');
  if (meta.codec !== 'SNAPPY' && meta.codec !== 'UNCOMPRESSED')
    return `column "${name}" is ${meta.codec}-compressed`;
  const unknown = meta.encodings.find((encoding) => !FLAT_ENCODINGS.has(encoding));
  if (unknown) return `column "${name}" has ${unknown}-encoded pages`;
  const data = Number(meta.data_page_offset);
  const dictionary = Number(meta.dictionary_page_offset ?? 0);
  // Some writers store 0 for "no dictionary page".
  const start = dictionary > 0 && dictionary < data ? dictionary : data;
  const length = Number(meta.total_compressed_size);
  if (start < 4 || start + length > fileSize) return `column "${name}" lies outside the file`;
  return { start, length, dictionaryLength: data - start, codec: meta.codec };
}

/**
 * Columns of the contract that hold ids of the same accounts: coded in one file dictionary, so that
 * an id both hold is looked up, sent and interned once, not once a column.
 */
const SAME_IDS: readonly (readonly string[])[] = [
  ['actor_id', 'target_id'],
  ['follower_id', 'followee_id'],
];

/** NativePlan.dictionaryOf for `columns`: a string column of a SAME_IDS set shares the first one's. */
function sharedDictionaries(columns: ColumnPlan[]): number[] {
  return columns.map((column, c) => {
    const same = SAME_IDS.find((names) => names.includes(column.name));
    if (!same || column.layout.physical !== 'BYTE_ARRAY') return c;
    return columns.findIndex((other) => same.includes(other.name) && other.layout.physical === 'BYTE_ARRAY');
  });
}

/**
 * The native plan for reading `spec` from a file, or the reason to leave the file to DuckDB: a
 * nested schema, a column type, codec or encoding the native decoder does not handle. Decided from
 * the metadata alone, so a file is read by one reader from start to end. A required column the file
 * lacks fails here (inputError naming the file), as it does through DuckDB.
 */
export function nativePlan(
  file: string,
  metadata: FileMetaData,
  spec: TableSpec,
  fileSize: number,
): NativePlan | { declined: string } {
  const [root, ...fields] = metadata.schema;
  if (
    !root ||
    fields.length !== root.num_children ||
    fields.some((field) => field.num_children !== undefined)
  )
    return { declined: 'nested columns' };
  const indexes = columnIndexes(
    file,
    fields.map((field) => field.name),
    spec,
  );
  const columns: ColumnPlan[] = [];
  for (const column of spec) {
    const index = indexes.get(column.name);
    if (index === undefined) continue;
    const element = fields[index]!;
    if (element.repetition_type === 'REPEATED') return { declined: `column "${column.name}" is repeated` };
    const reading = columnReading(column, element);
    if (typeof reading === 'string') return { declined: reading };
    const physical = element.type as ColumnPlan['layout']['physical'];
    const width = physical === 'INT32' ? 4 : 8;
    columns.push({
      name: column.name,
      layout: { physical, width, optional: element.repetition_type !== 'REQUIRED' },
      reading,
    });
  }
  const rowGroups: NativePlan['rowGroups'] = [];
  let rows = 0;
  for (const group of metadata.row_groups) {
    const chunks: ChunkPlace[] = [];
    for (const column of columns) {
      const chunk = group.columns[indexes.get(column.name)!];
      if (!chunk?.meta_data || chunk.file_path)
        return { declined: `column "${column.name}" is stored elsewhere` };
      const place = chunkPlace(chunk.meta_data, fileSize);
      if (typeof place === 'string') return { declined: place };
      chunks.push(place);
    }
    const groupRows = Number(group.num_rows);
    if (groupRows > 0) rowGroups.push({ rows: groupRows, chunks });
    rows += groupRows;
  }
  return { columns, dictionaryOf: sharedDictionaries(columns), rowGroups, rows };
}
