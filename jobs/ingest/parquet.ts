import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { TableSpec } from '../../shared/contract/index.ts';
import { inputError } from '../runtime/errors.ts';
import { type ColumnBatch, ValuesAccess } from './columns.ts';
import { columnIndexes } from './schema.ts';

let instance: Promise<DuckDBInstance> | undefined;

/** One in-process DuckDB for the whole run: it decodes every Parquet codec and encoding natively. */
function duckdb(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(':memory:', { threads: '2' });
  return instance;
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const sqlName = (name: string) => `"${name.replaceAll('"', '""')}"`;
const firstLine = (error: unknown) => String((error as Error).message).split('\n')[0];

/** The select expression that gives a spec column in contract units (timestamps as epoch ms). */
function selectExpression(name: string, duckType: string, isTimestamp: boolean): string {
  if (isTimestamp && /^(TIMESTAMP|DATE)/.test(duckType)) return `epoch_ms(${sqlName(name)}::TIMESTAMP)`;
  return sqlName(name);
}

/** Reads a Parquet file through DuckDB, one vector (2,048 rows) at a time, as `onBatch` batches. */
export async function scanParquet(
  file: string,
  spec: TableSpec,
  onBatch: (batch: ColumnBatch) => void,
): Promise<void> {
  let connection: DuckDBConnection;
  try {
    connection = await (await duckdb()).connect();
  } catch (error) {
    throw inputError(file, `cannot be read: DuckDB did not start (${firstLine(error)})`, error);
  }
  try {
    const source = `read_parquet(${sqlString(file)})`;
    let described: Record<string, unknown>[];
    try {
      described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjects();
    } catch (error) {
      throw inputError(file, `cannot be read as Parquet (${firstLine(error)})`, error);
    }
    const names = described.map((row) => String(row.column_name));
    const indexes = columnIndexes(file, names, spec);
    const wanted = spec.filter((column) => indexes.has(column.name));
    const select = wanted.map((column) =>
      selectExpression(
        column.name,
        String(described[indexes.get(column.name)!]!.column_type),
        column.type === 'timestamp_ms',
      ),
    );
    let firstRow = 0;
    try {
      const result = await connection.stream(`SELECT ${select.join(', ')} FROM ${source}`);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const columns: ColumnBatch['columns'] = {};
        wanted.forEach((column, c) => {
          const vector = chunk.getColumnVector(c);
          columns[column.name] = new ValuesAccess((i) => vector.getItem(i));
        });
        onBatch({ length: chunk.rowCount, firstRow, columns });
        firstRow += chunk.rowCount;
      }
    } catch (error) {
      throw inputError(file, `cannot be read as Parquet (${firstLine(error)})`, error);
    }
  } finally {
    connection.closeSync();
  }
}
