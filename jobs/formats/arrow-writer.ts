import { createWriteStream } from 'node:fs';
import {
  type Data,
  Dictionary,
  Field,
  Int32,
  makeData,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Schema,
  Utf8,
  Vector,
} from 'apache-arrow';
import type { TableSpec } from '../../shared/contract/index.ts';
import { arrowType, type ColumnValues, columnData, recordBatch, utf8Data } from './arrow.ts';

export type ArrowContainer = 'file' | 'stream';

/**
 * A string column whose rows also carry `dictionaryKeys`: one integer per row, equal exactly when the strings are
 * equal, in every batch of the file (an account number, say). Other writers see plain strings; the
 * Arrow dictionary looks codes up by number, which at millions of distinct ids costs far less than by string.
 */
export interface KeyedStrings extends ArrayLike<string | null> {
  readonly dictionaryKeys: ArrayLike<number>;
}

/**
 * One string column dictionary-encoded across all the batches of a file: each batch adds only the
 * entries it is the first to use, as a delta chunk, so the dictionary is written once in total.
 */
class DictionaryEncoder {
  readonly type: Dictionary<Utf8, Int32>;
  private readonly codes = new Map<string, number>();
  private readonly codesByKey = new Map<number, number>();
  private size = 0;
  private readonly chunks: Data<Utf8>[] = [];

  constructor(id: number) {
    this.type = new Dictionary(new Utf8(), new Int32(), id, false);
  }

  encode(values: ColumnValues): Data<Dictionary<Utf8, Int32>> {
    const length = values.length;
    const keys = new Int32Array(length);
    const validity = new Uint8Array((length + 7) >> 3);
    const fresh: string[] = [];
    const rowKeys = (values as Partial<KeyedStrings>).dictionaryKeys;
    let nullCount = 0;
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (value === null || value === undefined) {
        nullCount += 1;
        continue;
      }
      // A keyed string and a plain one may get two codes for the same text: still a valid dictionary.
      const byKey = rowKeys !== undefined;
      const key = byKey ? (rowKeys[i] as number) : String(value);
      let code = byKey ? this.codesByKey.get(key as number) : this.codes.get(key as string);
      if (code === undefined) {
        code = this.size++;
        if (byKey) this.codesByKey.set(key as number, code);
        else this.codes.set(key as string, code);
        fresh.push(String(value));
      }
      keys[i] = code;
      validity[i >> 3]! |= 1 << (i & 7);
    }
    // The first batch always writes a dictionary (even empty): readers need one before any keys.
    if (fresh.length > 0 || this.chunks.length === 0) this.chunks.push(utf8Data(fresh));
    return makeData({
      type: this.type,
      length,
      nullCount,
      nullBitmap: nullCount > 0 ? validity : null,
      data: keys,
      dictionary: new Vector(this.chunks),
    });
  }
}

export interface ArrowWriterOptions {
  container: ArrowContainer;
  /** utf8 columns to dictionary-encode (ids and low-cardinality values). */
  dictionaryColumns: ReadonlySet<string>;
}

/**
 * Streams batches of named columns into an Arrow IPC file or stream. Dictionary-encoded columns keep
 * one dictionary for the whole output (delta batches), as platform exports do, which lets a reader
 * intern every distinct id once.
 */
export function openArrowWriter(path: string, spec: TableSpec, options: ArrowWriterOptions) {
  const encoders = new Map<string, DictionaryEncoder>();
  const fields = spec.map((column, index) => {
    if (column.type === 'utf8' && options.dictionaryColumns.has(column.name)) {
      const dictionary = new DictionaryEncoder(index);
      encoders.set(column.name, dictionary);
      return new Field(column.name, dictionary.type, !column.required);
    }
    return new Field(column.name, arrowType(column.type), !column.required);
  });
  const schema = new Schema(fields);
  const writer =
    options.container === 'file'
      ? RecordBatchFileWriter.throughNode()
      : RecordBatchStreamWriter.throughNode();
  const sink = createWriteStream(path);
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  writer.pipe(sink);
  let written = false;
  return {
    write(columns: Record<string, ColumnValues>, length: number): void {
      const children = spec.map((column) => {
        const values = columns[column.name]!;
        const dictionary = encoders.get(column.name);
        if (dictionary) return dictionary.encode(values);
        return column.type === 'utf8' ? utf8Data(values) : columnData(column.type, values);
      });
      writer.write(recordBatch(schema, length, children));
      written = true;
    },
    async close(): Promise<void> {
      // A file with no rows still carries its schema (and each dictionary), so readers know its columns.
      if (!written) this.write(Object.fromEntries(spec.map((column) => [column.name, []])), 0);
      writer.end();
      await finished;
    },
  };
}
