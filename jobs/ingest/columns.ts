import { eventTypeCode, parseTimestamp, textValue } from '../../shared/contract/index.ts';
import type { StringColumnBuilder } from './dictionary.ts';
import { hashBytes } from './string-index.ts';
import type { Dictionary } from './types.ts';

/**
 * One column of a batch, read the ways the ingest needs. The base class reads everything through
 * `value(i)` with the contract's own conversions (textValue, parseTimestamp); the columnar kinds
 * override the hot methods with typed-array reads that give the same answers.
 */
export abstract class ColumnAccess {
  /** Row i's value as the contract's validators take it (string, number, boolean, null). */
  abstract value(i: number): unknown;

  /** Row i as contract text: null when missing or empty. */
  text(i: number): string | null {
    return textValue(this.value(i));
  }

  /** Row i as epoch milliseconds, NaN when it is missing or not a timestamp. */
  millis(i: number): number {
    return parseTimestamp(this.value(i)) ?? Number.NaN;
  }

  /** Appends row i's text to `column` and returns its index there, or -1 when it is missing or empty. */
  appendTo(column: StringColumnBuilder, i: number): number {
    const text = this.text(i);
    return text === null ? -1 : column.push(text);
  }

  /**
   * Writes hashBytes of rows [from, to) into `out` when the column holds its values as UTF-8 bytes
   * and returns true; false, writing nothing, for other columns. The hashes only warm a table
   * (EventSetBuilder.warmIds): a row without bytes at hand (null, stored elsewhere) may hash as empty.
   */
  hashRows(_from: number, _to: number, _out: Int32Array): boolean {
    return false;
  }

  /** The code in `dictionary` of row i, whose text is `text`. */
  intern(_i: number, dictionary: Dictionary, text: string): number {
    return dictionary.intern(text);
  }

  /**
   * Row i's code in `dictionary` when this column already knows it without a string (a dictionary
   * entry seen before), -1 when row i is null, -2 when unknown: ask `text` and `intern`.
   */
  knownCode(_i: number, _dictionary: Dictionary): number {
    return -2;
  }

  /**
   * Row i's code in `dictionary` without adding it: -1 when row i is missing or empty, -2 when the
   * dictionary lacks it. For the tables read against the events' accounts (accounts, follows).
   */
  lookup(i: number, dictionary: Dictionary): number {
    const known = this.knownCode(i, dictionary);
    if (known !== -2) return known;
    const text = this.text(i);
    if (text === null) return -1;
    const code = dictionary.lookup(text);
    return code >= 0 ? code : -2;
  }

  /** Row i as an index into EVENT_TYPES, -1 when missing or not a contract type. */
  eventType(i: number): number {
    const text = this.text(i);
    return text === null ? -1 : eventTypeCode(text);
  }
}

/** A column of JS values behind a getter (Parquet vectors, Arrow types without a typed fast path). */
export class ValuesAccess extends ColumnAccess {
  constructor(private readonly get: (i: number) => unknown) {
    super();
  }

  value(i: number): unknown {
    const value = this.get(i);
    return typeof value === 'bigint' ? Number(value) : value;
  }
}

/** Which rows of a column are null. */
export interface Nulls {
  isNull(i: number): boolean;
}

/** Arrow's validity bitmap: bit i (after the data's offset) set when row i has a value. */
export class Validity implements Nulls {
  constructor(
    private readonly bitmap: Uint8Array | null,
    private readonly offset: number,
  ) {}

  isNull(i: number): boolean {
    if (this.bitmap === null) return false;
    const bit = this.offset + i;
    return ((this.bitmap[bit >> 3]! >> (bit & 7)) & 1) === 0;
  }
}

const decoder = new TextDecoder();

/** Decodes UTF-8 bytes; short ASCII (ids, types) without the TextDecoder call overhead. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) ascii = false;
    if (ascii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return decoder.decode(bytes.subarray(start, end));
}

/** An Arrow utf8 column: bytes and offsets, decoded only when a string is needed. */
export class Utf8Access extends ColumnAccess {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Int32Array,
    private readonly validity: Validity,
  ) {
    super();
  }

  value(i: number): string | null {
    return this.validity.isNull(i) ? null : decodeUtf8(this.bytes, this.offsets[i]!, this.offsets[i + 1]!);
  }

  override text(i: number): string | null {
    if (this.validity.isNull(i)) return null;
    const start = this.offsets[i]!;
    const end = this.offsets[i + 1]!;
    return start === end ? null : decodeUtf8(this.bytes, start, end);
  }

  override millis(i: number): number {
    return parseTimestamp(this.text(i)) ?? Number.NaN;
  }

  override hashRows(from: number, to: number, out: Int32Array): boolean {
    for (let i = from; i < to; i++)
      out[i - from] = hashBytes(this.bytes, this.offsets[i]!, this.offsets[i + 1]!);
    return true;
  }

  override lookup(i: number, dictionary: Dictionary): number {
    if (this.validity.isNull(i)) return -1;
    const start = this.offsets[i]!;
    const end = this.offsets[i + 1]!;
    if (start === end) return -1;
    const code = dictionary.lookupBytes(this.bytes, start, end);
    return code >= 0 ? code : -2;
  }

  override appendTo(column: StringColumnBuilder, i: number): number {
    if (this.validity.isNull(i)) return -1;
    const start = this.offsets[i]!;
    const end = this.offsets[i + 1]!;
    return start === end ? -1 : column.pushBytes(this.bytes, start, end);
  }
}

/** In DictionaryEntries' codes: looked up and absent from the dictionary. */
const MISSING = -3;

/**
 * The entries of one Arrow dictionary as it grows over a file's batches (delta batches append
 * chunks; a replacement starts over), each decoded once, with the code each maps to in a
 * swarmscope Dictionary once a kept row has used it.
 */
export class DictionaryEntries {
  private chunks: readonly unknown[] = [];
  strings: (string | null)[] = [];
  private codes = new Int32Array(0);
  private codesFor: Dictionary | null = null;
  /** The dictionary's size when the MISSING marks in `codes` were set. */
  private missesAt = 0;
  /** Each entry's index into EVENT_TYPES (-1: not a type), filled as entries are first used. */
  private eventTypes = new Int8Array(0);

  private reset(): void {
    this.strings = [];
    this.codesFor = null;
    this.codes = new Int32Array(0);
    this.eventTypes = new Int8Array(0);
    this.chunks = [];
  }

  /** EVENT_TYPES index of an entry, computed once: -2 marks one not looked at yet. */
  eventType(entry: number): number {
    if (this.eventTypes.length < this.strings.length) {
      const grown = new Int8Array(this.strings.length).fill(-2);
      grown.set(this.eventTypes);
      this.eventTypes = grown;
    }
    let type = this.eventTypes[entry]!;
    if (type === -2) {
      const text = this.strings[entry];
      type = text ? eventTypeCode(text) : -1;
      this.eventTypes[entry] = type;
    }
    return type;
  }

  /** Takes a batch's dictionary: new delta chunks are decoded, a different first chunk (a replacement) starts over. */
  update(
    chunks: readonly { values: Uint8Array; valueOffsets: Int32Array; length: number }[],
    validity: (chunk: number) => Validity,
  ): void {
    if (chunks[0] !== this.chunks[0]) this.reset();
    for (let c = this.chunks.length; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const access = new Utf8Access(chunk.values, chunk.valueOffsets, validity(c));
      for (let i = 0; i < chunk.length; i++) this.strings.push(access.value(i));
    }
    this.chunks = chunks;
  }

  /** The code an entry was given in `dictionary`, or -2 when it has none yet. */
  knownCode(entry: number, dictionary: Dictionary): number {
    if (this.codesFor !== dictionary || entry >= this.codes.length) return -2;
    const code = this.codes[entry]!;
    return code >= 0 ? code : -2;
  }

  /** `codes` sized to the entries and meant for `dictionary`. */
  private codesOf(dictionary: Dictionary): Int32Array {
    if (this.codesFor !== dictionary || this.codes.length < this.strings.length) {
      const codes = new Int32Array(this.strings.length).fill(-1);
      if (this.codesFor === dictionary) codes.set(this.codes);
      this.codes = codes;
      this.codesFor = dictionary;
    }
    return this.codes;
  }

  /** The code of an entry (whose string is `text`) in `dictionary` without adding it, -2 when absent; both remembered. */
  lookup(entry: number, dictionary: Dictionary, text: string): number {
    const codes = this.codesOf(dictionary);
    // A miss stays a miss only while the dictionary has not grown since.
    if (this.missesAt !== dictionary.ids.length) {
      codes.forEach((code, at) => {
        if (code === MISSING) codes[at] = -1;
      });
      this.missesAt = dictionary.ids.length;
    }
    let code = codes[entry]!;
    if (code === -1) {
      code = dictionary.lookup(text);
      codes[entry] = code >= 0 ? code : MISSING;
    }
    return code >= 0 ? code : -2;
  }

  /** The code of an entry (whose string is `text`) in `dictionary`, interning it the first time. */
  code(entry: number, dictionary: Dictionary, text: string): number {
    this.codesOf(dictionary);
    let code = this.codes[entry]!;
    if (code < 0) {
      code = dictionary.intern(text);
      this.codes[entry] = code;
    }
    return code;
  }
}

/** An Arrow dictionary-encoded utf8 column: integer keys into entries decoded once a file. */
export class DictionaryAccess extends ColumnAccess {
  constructor(
    private readonly keys: ArrayLike<number>,
    private readonly validity: Nulls,
    private readonly entries: DictionaryEntries,
  ) {
    super();
  }

  value(i: number): string | null {
    return this.validity.isNull(i) ? null : this.entries.strings[this.keys[i]!]!;
  }

  override text(i: number): string | null {
    if (this.validity.isNull(i)) return null;
    const text = this.entries.strings[this.keys[i]!]!;
    return text === '' ? null : text;
  }

  override intern(i: number, dictionary: Dictionary, text: string): number {
    return this.entries.code(this.keys[i]!, dictionary, text);
  }

  override eventType(i: number): number {
    return this.validity.isNull(i) ? -1 : this.entries.eventType(this.keys[i]!);
  }

  override knownCode(i: number, dictionary: Dictionary): number {
    return this.validity.isNull(i) ? -1 : this.entries.knownCode(this.keys[i]!, dictionary);
  }

  override lookup(i: number, dictionary: Dictionary): number {
    const text = this.text(i);
    return text === null ? -1 : this.entries.lookup(this.keys[i]!, dictionary, text);
  }
}

/** A 64-bit integer column (Arrow timestamp or int64), read as two 32-bit words: no BigInt a row. */
export class Int64Access extends ColumnAccess {
  private readonly words: Int32Array;

  /** `scale` turns the stored unit into milliseconds (1 for epoch-ms and plain integers). */
  constructor(
    values: BigInt64Array,
    private readonly validity: Nulls,
    private readonly scale: number,
  ) {
    super();
    this.words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  }

  value(i: number): number | null {
    if (this.validity.isNull(i)) return null;
    const stored = this.words[2 * i + 1]! * 4294967296 + (this.words[2 * i]! >>> 0);
    return this.scale === 1 ? stored : Math.trunc(stored * this.scale);
  }

  override millis(i: number): number {
    return this.value(i) ?? Number.NaN;
  }
}

/** A numeric column held in a typed array (int8..int32, float32/64). */
export class NumberAccess extends ColumnAccess {
  constructor(
    private readonly values: ArrayLike<number>,
    private readonly validity: Validity,
    private readonly scale: number,
  ) {
    super();
  }

  value(i: number): number | null {
    return this.validity.isNull(i) ? null : this.values[i]! * this.scale;
  }

  override millis(i: number): number {
    const value = this.value(i);
    return value !== null && Number.isFinite(value) ? Math.trunc(value) : Number.NaN;
  }
}

/** The named columns of one batch of rows of a file, the first being row `firstRow` of the file. */
export interface ColumnBatch {
  length: number;
  firstRow: number;
  /** The spec's columns the file has; an optional column it lacks is absent. */
  columns: Record<string, ColumnAccess | undefined>;
}

/** Row i of a batch as a plain record, for the reference validation and the rejects' raw JSON. */
export function batchRecord(batch: ColumnBatch, i: number): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(batch.columns)) if (column) record[name] = column.value(i);
  return record;
}
