import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import {
  Bool,
  type Data,
  type DataType,
  Field,
  Float64,
  Int32,
  Int64,
  makeBuilder,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
} from 'apache-arrow';
import type { ColumnType, TableSpec } from '../../shared/contract/index.ts';

/** A column's values as JS values: numbers for timestamps (epoch ms) and ints, null for missing. */
export type ColumnValues = ArrayLike<string | number | boolean | bigint | null>;

export function arrowType(type: ColumnType): DataType {
  switch (type) {
    case 'utf8':
      return new Utf8();
    case 'float64':
      return new Float64();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'bool':
      return new Bool();
    case 'timestamp_ms':
      return new TimestampMillisecond();
  }
}

export function arrowSchema(spec: TableSpec, extra: TableSpec = []): Schema {
  return new Schema([...spec, ...extra].map((c) => new Field(c.name, arrowType(c.type), !c.required)));
}

function toArrowValues(type: ColumnType, values: ColumnValues): unknown[] {
  const out = Array.from(values as ArrayLike<unknown>);
  if (type === 'int64') return out.map((v) => (v === null || v === undefined ? null : BigInt(v as number)));
  return out;
}

const encoder = new TextEncoder();

/** A buffer's length as Arrow's builders round it: up to a multiple of 64 bytes, at least 64. */
function builderBytes(bytes: number): number {
  return Math.ceil(Math.max(1, bytes) / 64) * 64;
}

/**
 * A utf8 column from JS values (null/undefined → null), encoded a batch at a time: one TextEncoder
 * call for the whole batch when it is ASCII (ids always are), else one encodeInto per value into a
 * shared buffer. Arrow's per-value builder allocates a Uint8Array per string and was the writer's top
 * cost. `builderLayout`: the buffers zero-padded as that builder pads them, so the IPC bytes are its own.
 */
export function utf8Data(values: ColumnValues, builderLayout = false): Data<Utf8> {
  const length = values.length;
  const padded = (bytes: number) => (builderLayout ? builderBytes(bytes) : bytes);
  const strings = new Array<string>(length);
  const validity = new Uint8Array(padded((length + 7) >> 3));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      strings[i] = '';
      nullCount += 1;
    } else {
      strings[i] = String(value);
      validity[i >> 3]! |= 1 << (i & 7);
    }
  }
  const joined = strings.join('');
  const offsets = new Int32Array(padded((length + 1) * 4) / 4);
  let bytes = encoder.encode(joined);
  if (bytes.length === joined.length) {
    for (let i = 0; i < length; i++) offsets[i + 1] = offsets[i]! + strings[i]!.length;
    if (builderLayout) {
      const ascii = bytes;
      bytes = new Uint8Array(builderBytes(ascii.length));
      bytes.set(ascii);
    }
  } else {
    // Not ASCII: a UTF-16 unit takes at most 3 UTF-8 bytes.
    const buffer = new Uint8Array(padded(joined.length * 3));
    let end = 0;
    for (let i = 0; i < length; i++) {
      end += encoder.encodeInto(strings[i]!, buffer.subarray(end)).written;
      offsets[i + 1] = end;
    }
    bytes = buffer.subarray(0, padded(end));
  }
  return makeData({
    type: new Utf8(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity : null,
    valueOffsets: offsets,
    data: bytes,
  });
}

/** One column of JS values as Arrow data of the contract type. */
export function columnData(type: ColumnType, values: ColumnValues): Data {
  // Strings encoded at once, in the builder's layout: the files written are the same bytes.
  if (type === 'utf8') return utf8Data(values, true);
  const builder = makeBuilder({ type: arrowType(type), nullValues: [null, undefined] });
  for (const value of toArrowValues(type, values)) builder.append(value);
  return builder.finish().flush();
}

/** The common length of the spec's columns; throws naming `context` when one is missing or uneven. */
export function columnsLength(
  spec: TableSpec,
  columns: Record<string, ColumnValues>,
  context: string,
): number {
  let length: number | undefined;
  for (const column of spec) {
    const values = columns[column.name];
    if (!values) throw new Error(`${context}: column ${column.name} is missing`);
    if (length !== undefined && values.length !== length)
      throw new Error(`${context}: column ${column.name} has ${values.length} rows, expected ${length}`);
    length = values.length;
  }
  return length ?? 0;
}

export function recordBatch(schema: Schema, length: number, children: Data[]): RecordBatch {
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }),
  );
}

/**
 * A table from named columns of JS values, typed by the spec (and any extra columns, such as a
 * detector's evidence signals). Every column must have the same length.
 */
export function buildTable(spec: TableSpec, columns: Record<string, ColumnValues>): Table {
  const schema = arrowSchema(spec);
  const rows = columnsLength(spec, columns, 'buildTable');
  const children = spec.map((column) => columnData(column.type, columns[column.name]!));
  // Keep declared nullability in the schema: readers check required columns by it.
  return new Table(schema, [recordBatch(schema, rows, children)]);
}

export async function writeArrowFile(path: string, table: Table): Promise<void> {
  await writeFile(path, tableToIPC(table, 'file'));
}

/** Streams record batches into an Arrow IPC file, so large outputs never sit in memory whole. */
export function openArrowFileWriter(path: string) {
  const writer = RecordBatchFileWriter.throughNode();
  const sink = createWriteStream(path);
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  writer.pipe(sink);
  return {
    write(table: Table) {
      for (const batch of table.batches) writer.write(batch);
    },
    async close() {
      writer.end();
      await finished;
    },
  };
}
