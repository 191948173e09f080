import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import type { ColumnType, TableSpec } from '../../shared/contract/index.ts';
import type { ColumnValues } from './arrow.ts';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

function schemaElement(name: string, type: ColumnType): SchemaElement {
  // Every column is OPTIONAL, required ones included: the writer writes what it is given (fixtures
  // with missing values too) and leaves judging rows to the reader's validation.
  const base = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type) {
    case 'utf8':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'float64':
      return { ...base, type: 'DOUBLE' };
    case 'int32':
      return { ...base, type: 'INT32' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'bool':
      return { ...base, type: 'BOOLEAN' };
    case 'timestamp_ms':
      return {
        ...base,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
  }
}

/** Writes batches of named columns into a Parquet file, one row group a batch (Snappy compressed). */
export function openParquetWriter(path: string, spec: TableSpec, dictionaryColumns: ReadonlySet<string>) {
  const writer = new ParquetWriter({
    writer: fileWriter(path),
    schema: [{ name: 'root', num_children: spec.length }, ...spec.map((c) => schemaElement(c.name, c.type))],
    createdBy: 'swarmscope',
  });
  return {
    async write(columns: Record<string, ColumnValues>, length: number): Promise<void> {
      if (length === 0) return;
      const columnData = spec.map((column) => ({
        name: column.name,
        data: Array.from(columns[column.name]!, (value) => value ?? null),
        // Ids repeat across rows: dictionary pages let readers decode each distinct id once.
        ...(dictionaryColumns.has(column.name) ? { encoding: 'RLE_DICTIONARY' as const } : {}),
      }));
      await writer.write({ columnData, rowGroupSize: length });
    },
    async close(): Promise<void> {
      await writer.finish();
    },
  };
}
