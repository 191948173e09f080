import {
  DuckDBBigIntVector,
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBVector,
} from '@duckdb/node-api';
import type { TableSpec } from '../../shared/contract/index.ts';
import { inputError } from '../runtime/errors.ts';
import { type ColumnAccess, type ColumnBatch, Int64Access, ValuesAccess } from './columns.ts';
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

/**
 * The select expression that gives a spec column in contract units (timestamps as epoch ms). An
 * instant (TIMESTAMP WITH TIME ZONE) goes to epoch ms as it is: a cast to TIMESTAMP would shift it
 * by the machine's time zone.
 */
function selectExpression(name: string, duckType: string, isTimestamp: boolean): string {
  if (!isTimestamp) return sqlName(name);
  if (duckType === 'TIMESTAMP WITH TIME ZONE') return `epoch_ms(${sqlName(name)})`;
  if (/^(TIMESTAMP|DATE)/.test(duckType)) return `epoch_ms(${sqlName(name)}::TIMESTAMP)`;
  return sqlName(name);
}

/** A typed-array reader for DuckDB's BIGINT vectors (timestamps as epoch ms); other types value by value. */
function vectorAccess(vector: DuckDBVector): ColumnAccess {
  if (vector instanceof DuckDBBigIntVector) {
    // `items` is the vector's own memory, public in the JS though not in the typings.
    const raw = vector as unknown as { items: BigInt64Array; validity: { itemValid(i: number): boolean } };
    return new Int64Access(raw.items, { isNull: (i) => !raw.validity.itemValid(i) }, 1);
  }
  return new ValuesAccess((i) => vector.getItem(i));
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
    // Only DuckDB's own failures mean an unreadable file; errors of onBatch are passed on as they are.
    const duck = async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        throw inputError(file, `cannot be read as Parquet (${firstLine(error)})`, error);
      }
    };
    const described = (
      await duck(() => connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`))
    ).getRowObjects();
    const names = described.map((row) => String(row.column_name));
    const indexes = columnIndexes(file, names, spec);
    const wanted = spec.filter((column) => indexes.has(column.name));
    const duckType = (name: string) => String(described[indexes.get(name)!]!.column_type);
    const select = wanted.map((column) =>
      selectExpression(column.name, duckType(column.name), column.type === 'timestamp_ms'),
    );
    const result = await duck(() => connection.stream(`SELECT ${select.join(', ')} FROM ${source}`));
    let firstRow = 0;
    for (;;) {
      const chunk = await duck(() => result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      const columns: ColumnBatch['columns'] = {};
      wanted.forEach((column, c) => {
        columns[column.name] = vectorAccess(chunk.getColumnVector(c));
      });
      onBatch({ length: chunk.rowCount, firstRow, columns });
      firstRow += chunk.rowCount;
    }
  } finally {
    connection.closeSync();
  }
}
