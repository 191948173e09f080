/** Parquet read through DuckDB: the files the native reader declines (see scanParquet). */
import {
  DuckDBBigIntVector,
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBVarCharVector,
  type DuckDBVector,
} from '@duckdb/node-api';
import { EVENT_TYPES, type TableSpec } from '../../../shared/contract/index.ts';
import { inputError } from '../../runtime/errors.ts';
import { ColumnAccess, type ColumnBatch, Int64Access, Validity, ValuesAccess } from '../columns.ts';
import { createDictionary, type StringColumnBuilder } from '../dictionary.ts';
import { firstLine } from '../parquet.ts';
import { columnIndexes } from '../schema.ts';
import type { Dictionary } from '../types.ts';

let instance: Promise<DuckDBInstance> | undefined;

/** One in-process DuckDB for the whole run: it decodes every Parquet codec and encoding natively. */
function duckdb(): Promise<DuckDBInstance> {
  instance ??= DuckDBInstance.create(':memory:', { threads: '2' });
  return instance;
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
const sqlName = (name: string) => `"${name.replaceAll('"', '""')}"`;

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

/** The contract's event types by their bytes: code = index into EVENT_TYPES. */
const eventTypes = createDictionary();
for (const type of EVENT_TYPES) eventTypes.intern(type);

/** The fields of DuckDB's vectors the typed readers use: public in the JS, not in the typings. */
interface RawVector {
  validity: { data: BigUint64Array | null | undefined; offset: number };
}

/** DuckDB's validity mask (64-bit words, bit i = row i valid) as bytes: no BigInt a row. */
function validity(vector: DuckDBVector): Validity {
  const { data, offset } = (vector as unknown as RawVector).validity;
  return new Validity(data ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null, offset);
}

/**
 * A DuckDB VARCHAR vector read from its own memory: 16 bytes a row (a 32-bit length, then a string
 * of up to 12 bytes inline, else a pointer). Inline strings — the ids and types of most exports —
 * are looked up, interned and copied as bytes, without becoming JS strings; longer ones go through
 * DuckDB's own getItem.
 */
class VarCharAccess extends ColumnAccess {
  private readonly bytes: Uint8Array;
  private readonly validity: Validity;

  constructor(private readonly vector: DuckDBVarCharVector) {
    super();
    const view = (vector as unknown as { dataView: DataView }).dataView;
    this.bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    this.validity = validity(vector);
  }

  value(i: number): string | null {
    return this.vector.getItem(i);
  }

  /** Row i's byte length when it is inline and not empty, else 0 (null, empty or long: ask value). */
  private inlineLength(i: number): number {
    if (this.validity.isNull(i)) return 0;
    const bytes = this.bytes;
    const at = 16 * i;
    const length = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
    return length <= 12 ? length : 0;
  }

  override knownCode(i: number, dictionary: Dictionary): number {
    if (this.validity.isNull(i)) return -1;
    const length = this.inlineLength(i);
    if (length === 0) return -2;
    const code = dictionary.lookupBytes(this.bytes, 16 * i + 4, 16 * i + 4 + length);
    return code >= 0 ? code : -2;
  }

  override intern(i: number, dictionary: Dictionary, text: string): number {
    const length = this.inlineLength(i);
    return length === 0
      ? dictionary.intern(text)
      : dictionary.internBytes(this.bytes, 16 * i + 4, 16 * i + 4 + length, text);
  }

  override appendTo(column: StringColumnBuilder, i: number): number {
    const length = this.inlineLength(i);
    return length === 0
      ? super.appendTo(column, i)
      : column.pushBytes(this.bytes, 16 * i + 4, 16 * i + 4 + length);
  }

  override eventType(i: number): number {
    const length = this.inlineLength(i);
    return length === 0
      ? super.eventType(i)
      : eventTypes.lookupBytes(this.bytes, 16 * i + 4, 16 * i + 4 + length);
  }
}

/** Typed-array readers for DuckDB's BIGINT (timestamps as epoch ms) and VARCHAR vectors; other types value by value. */
function vectorAccess(vector: DuckDBVector): ColumnAccess {
  if (vector instanceof DuckDBBigIntVector) {
    const items = (vector as unknown as { items: BigInt64Array }).items;
    return new Int64Access(items, validity(vector), 1);
  }
  if (vector instanceof DuckDBVarCharVector) return new VarCharAccess(vector);
  return new ValuesAccess((i) => vector.getItem(i));
}

/**
 * Reads a Parquet file through DuckDB, one vector (2,048 rows) at a time, as `onBatch` batches;
 * `onRows` is told the file's row count (from its metadata) first.
 */
export async function scanWithDuckDb(
  file: string,
  spec: TableSpec,
  onBatch: (batch: ColumnBatch) => void,
  onRows?: (rows: number) => void,
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
    if (onRows) {
      const metadata = await duck(() =>
        connection.runAndReadAll(`SELECT num_rows FROM parquet_file_metadata(${sqlString(file)})`),
      );
      onRows(Number(metadata.getRows()[0]?.[0] ?? 0));
    }
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
