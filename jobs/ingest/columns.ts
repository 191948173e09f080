import { eventTypeCode, parseTimestamp, textValue } from '../../shared/contract/index.ts';
import { StringColumnBuilder } from './dictionary.ts';
import { hashStrings } from './string-index.ts';
import type { Dictionary } from './types.ts';
import { decodeUtf8, eventTypeOfBytes } from './utf8.ts';

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

  /** The code in `dictionary` of row i, whose text is `text`. */
  intern(_i: number, dictionary: Dictionary, text: string): number {
    return dictionary.intern(text);
  }

  /**
   * Row i's code in `dictionary` when this column already knows it without a string (a dictionary
   * entry seen before), -1 when row i is null (or an empty entry), -2 when unknown: ask `text` and
   * `intern`.
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

  /** Whether row i has the same text in this column and in `other` (both present and non-empty). */
  sameText(i: number, other: ColumnAccess): boolean {
    return this.text(i) === other.text(i);
  }

  /** The code of row i in `dictionary`, interning it when new; -1 when row i is missing or empty. */
  internRow(i: number, dictionary: Dictionary): number {
    const text = this.text(i);
    return text === null ? -1 : this.intern(i, dictionary, text);
  }

  // Whole-batch forms of the row methods above, for the columnar fast path (see addEventBatch): one
  // call a column a batch, so that the typed-array kinds run one tight loop instead of a call a row.

  /** millis(i) of rows [0, length) into `out`. */
  millisInto(length: number, out: Float64Array): void {
    for (let i = 0; i < length; i++) out[i] = this.millis(i);
  }

  /** eventType(i) of rows [0, length) into `out`. */
  eventTypesInto(length: number, out: Int8Array): void {
    for (let i = 0; i < length; i++) out[i] = this.eventType(i);
  }

  /**
   * For rows [0, length): the row's code in `dictionary` when the column knows it, -1 when the row is
   * missing or empty, -2 when it does not know it yet: the dictionary may lack the id (`internRow`
   * then adds it) or may have it from elsewhere (another column or file; `internRow` finds it).
   */
  knownCodesInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    // Looking every row up knows them all: -2 then means absent.
    this.lookupInto(length, dictionary, out);
  }

  /**
   * internRow(i, dictionary) of rows [0, length) into `out`, but the ids new to `dictionary` may get
   * their codes in another order than the rows first use them (a dictionary-encoded column interns
   * its dictionary's entries all at once): for a table's own dictionary, whose order nothing reads.
   */
  internUnorderedInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    this.knownCodesInto(length, dictionary, out);
    for (let i = 0; i < length; i++) if (out[i] === UNCODED) out[i] = this.internRow(i, dictionary);
  }

  /** lookup(i, dictionary) of rows [0, length) into `out`: the code, -1 when missing or empty, -2 when absent. */
  lookupInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    for (let i = 0; i < length; i++) out[i] = this.lookup(i, dictionary);
  }

  /**
   * Rows [0, length) as counts into `out`: the value when it is a whole number ≥ 0, NaN when it is
   * missing, -1 for anything else (text included: the validator reads and words it).
   */
  countsInto(length: number, out: Float64Array): void {
    for (let i = 0; i < length; i++) {
      const value = this.value(i);
      out[i] =
        value === null || value === undefined
          ? Number.NaN
          : typeof value === 'number' && Number.isInteger(value) && value >= 0
            ? value
            : -1;
    }
  }

  /** Clears present[i] for the rows [0, length) that are missing or empty. */
  presentInto(length: number, present: Uint8Array): void {
    for (let i = 0; i < length; i++) if (this.text(i) === null) present[i] = 0;
  }

  /** out[at + k] = appendTo(column, from + k) for the rows [from, to). */
  appendEach(column: StringColumnBuilder, from: number, to: number, out: Int32Array, at: number): void {
    for (let i = from; i < to; i++) out[at + i - from] = this.appendTo(column, i);
  }

  /** Appends rows [from, to), each present (see presentInto), to `column`, in order. */
  appendRange(column: StringColumnBuilder, from: number, to: number): void {
    for (let i = from; i < to; i++) this.appendTo(column, i);
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

  /** False when no row is null: the batch loops then skip the bit reads. */
  get hasNulls(): boolean {
    return this.bitmap !== null;
  }
}

/** Whether `nulls` may hold a null row (a Nulls other than Validity is asked row by row). */
function mayHaveNulls(nulls: Nulls): boolean {
  return !(nulls instanceof Validity) || nulls.hasNulls;
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

  override intern(i: number, dictionary: Dictionary, text: string): number {
    return dictionary.internBytes(this.bytes, this.offsets[i]!, this.offsets[i + 1]!, text);
  }

  override internRow(i: number, dictionary: Dictionary): number {
    if (this.validity.isNull(i)) return -1;
    const start = this.offsets[i]!;
    const end = this.offsets[i + 1]!;
    return start === end ? -1 : dictionary.internBytes(this.bytes, start, end);
  }

  override sameText(i: number, other: ColumnAccess): boolean {
    if (!(other instanceof Utf8Access)) return super.sameText(i, other);
    const start = this.offsets[i]!;
    const end = this.offsets[i + 1]!;
    return equalRanges(this.bytes, start, end, other.bytes, other.offsets[i]!, other.offsets[i + 1]!);
  }

  override eventType(i: number): number {
    return this.validity.isNull(i)
      ? -1
      : eventTypeOfBytes(this.bytes, this.offsets[i]!, this.offsets[i + 1]!);
  }

  override lookupInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    const { bytes, offsets, validity } = this;
    for (let i = 0; i < length; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      if (start === end || validity.isNull(i)) out[i] = -1;
      else {
        const code = dictionary.lookupBytes(bytes, start, end);
        out[i] = code >= 0 ? code : -2;
      }
    }
  }

  override presentInto(length: number, present: Uint8Array): void {
    const { offsets, validity } = this;
    const nulls = validity.hasNulls;
    for (let i = 0; i < length; i++)
      if (offsets[i] === offsets[i + 1] || (nulls && validity.isNull(i))) present[i] = 0;
  }

  override appendRange(column: StringColumnBuilder, from: number, to: number): void {
    column.pushRange(this.bytes, this.offsets, from, to);
  }

  override appendEach(
    column: StringColumnBuilder,
    from: number,
    to: number,
    out: Int32Array,
    at: number,
  ): void {
    const { bytes, offsets, validity } = this;
    // Writers leave null rows empty: then the run's bytes are the present rows' bytes, copied at once.
    let nullsEmpty = true;
    if (validity.hasNulls)
      for (let i = from; i < to && nullsEmpty; i++)
        if (offsets[i] !== offsets[i + 1] && validity.isNull(i)) nullsEmpty = false;
    if (nullsEmpty) {
      column.pushNonEmpty(bytes, offsets, from, to, out, at);
      return;
    }
    for (let i = from; i < to; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      out[at + i - from] = start === end || validity.isNull(i) ? -1 : column.pushBytes(bytes, start, end);
    }
  }
}

/**
 * Entries looked up or interned after one Dictionary.warm: their index slots (a cache line each at
 * most, 512 KB) stay in cache meanwhile.
 */
const WARM_BLOCK = 8192;

/** In DictionaryEntries' codes: a null or empty entry, which never gets a code. */
const EMPTY = -1;
/** In DictionaryEntries' codes: neither interned nor looked up yet. */
const UNCODED = -2;
/** In DictionaryEntries' codes: looked up and absent from the dictionary. */
const MISSING = -3;

/**
 * The entries of one Arrow dictionary as it grows over a file's batches (delta batches append
 * chunks; a replacement starts over), their bytes copied once, with the code each maps to in a
 * swarmscope Dictionary once a kept row has used it. An entry becomes a string only when a row is
 * read as a value or a dictionary gets a new id from it.
 */
export class DictionaryEntries {
  private chunks: readonly unknown[] = [];
  /** Entry e's UTF-8 bytes are string e of this column. */
  private bytes = new StringColumnBuilder();
  /** 1 for a null entry. */
  private nulls = new Uint8Array(0);
  /** hashBytes of each entry, computed in one pass as entries come, for the lookups and interning. */
  private hashes = new Int32Array(0);
  /** Each entry's code in `codesFor` (≥ 0), or EMPTY, UNCODED or MISSING; room for more entries. */
  private codes = new Int32Array(0);
  /** How many entries have their slot in `codes` set. */
  private coded = 0;
  /** How many entries internAll has coded (none of the first `interned` is UNCODED or MISSING). */
  private interned = 0;
  private codesFor: Dictionary | null = null;
  /** The dictionary's size when the MISSING marks in `codes` were set. */
  private missesAt = 0;
  /** How many entries have been looked up (none of the first `looked` is UNCODED). */
  private looked = 0;
  /** What Dictionary.warm read, kept so that its reads are not optimised away. */
  private warmth = 0;
  /** Entries [0, shiftedEntries) are coded entry + shift in `codesFor`. */
  shiftedEntries = 0;
  shift = 0;
  /** What touchCodes read, kept so that its reads are not optimised away. */
  private touched = 0;
  /**
   * The entries not coded yet that the rows of the batch read last use, in row order (the first
   * WARM_BLOCK such rows; an entry again for each row): their index slots are warmed at once before
   * the first of them is interned. The warmed entries' hashes are gathered in `warmHashes`.
   */
  private readonly toWarm = new Int32Array(WARM_BLOCK);
  private toWarmCount = 0;
  private readonly warmHashes = new Int32Array(WARM_BLOCK);
  /** Each entry's index into EVENT_TYPES (-1: not a type), for the first `typed` entries. */
  private eventTypes = new Int8Array(0);
  private typed = 0;
  /** The dictionary given room for the first `reserved` entries (see reserveIn). */
  private reservedIn: Dictionary | null = null;
  private reserved = 0;

  private reset(): void {
    this.bytes = new StringColumnBuilder();
    this.codesFor = null;
    this.reservedIn = null;
    this.coded = 0;
    this.typed = 0;
    this.chunks = [];
  }

  /** How many entries the dictionary has. */
  get length(): number {
    return this.bytes.length;
  }

  /** Whether an entry is null or empty: no row that uses it has a value. */
  isEmpty(entry: number): boolean {
    return this.nulls[entry] === 1 || this.bytes.start(entry) === this.bytes.start(entry + 1);
  }

  /** An entry as a string, null when it is null. */
  value(entry: number): string | null {
    if (this.nulls[entry] === 1) return null;
    return decodeUtf8(this.bytes.bytes, this.bytes.start(entry), this.bytes.start(entry + 1));
  }

  /** Each entry's EVENT_TYPES index (-1: not a type), computed once an entry. */
  eventTypeTable(): Int8Array {
    const count = this.length;
    if (this.typed < count) {
      if (this.eventTypes.length < count) this.eventTypes = grownTo(this.eventTypes, count, this.typed);
      const { bytes } = this;
      for (let entry = this.typed; entry < count; entry++)
        this.eventTypes[entry] =
          this.nulls[entry] === 1
            ? -1
            : eventTypeOfBytes(bytes.bytes, bytes.start(entry), bytes.start(entry + 1));
      this.typed = count;
    }
    return this.eventTypes;
  }

  /** EVENT_TYPES index of an entry, -1 when it is not a type. */
  eventType(entry: number): number {
    return this.eventTypeTable()[entry]!;
  }

  /** Takes a batch's dictionary: new delta chunks are copied, a different first chunk (a replacement) starts over. */
  update(
    chunks: readonly { values: Uint8Array; valueOffsets: Int32Array; length: number }[],
    validity: (chunk: number) => Validity,
  ): void {
    if (chunks[0] !== this.chunks[0]) this.reset();
    for (let c = this.chunks.length; c < chunks.length; c++) {
      const chunk = chunks[c]!;
      const first = this.length;
      this.bytes.pushRange(chunk.values, chunk.valueOffsets, 0, chunk.length);
      if (this.nulls.length < this.length) this.nulls = grownTo(this.nulls, this.length, first);
      if (this.hashes.length < this.length) this.hashes = grownTo(this.hashes, this.length, first);
      const nulls = validity(c);
      if (nulls.hasNulls)
        for (let i = 0; i < chunk.length; i++) this.nulls[first + i] = nulls.isNull(i) ? 1 : 0;
      else this.nulls.fill(0, first, this.length);
      hashStrings(this.bytes, first, this.length, this.hashes, first);
    }
    this.chunks = chunks;
  }

  /**
   * The entries' codes in `dictionary`, a slot for each entry so far: the code (≥ 0), or EMPTY (-1),
   * UNCODED (-2) or MISSING (-3). Grown as entries come, never rebuilt while the dictionary is the same.
   */
  codeTable(dictionary: Dictionary): Int32Array {
    if (this.codesFor !== dictionary) {
      this.codesFor = dictionary;
      this.coded = 0;
      this.looked = 0;
      this.interned = 0;
      this.shiftedEntries = 0;
      this.missesAt = dictionary.size;
    }
    const count = this.length;
    if (this.coded < count) {
      if (this.codes.length < count) this.codes = grownTo(this.codes, count, this.coded);
      for (let entry = this.coded; entry < count; entry++)
        this.codes[entry] = this.isEmpty(entry) ? EMPTY : UNCODED;
      this.coded = count;
    }
    return this.codes;
  }

  /**
   * Gives `dictionary` room for every entry not yet counted, before they are interned into it: at
   * most that many new ids, so its index is sized once instead of rebuilt at each doubling.
   */
  reserveIn(dictionary: Dictionary): void {
    if (this.reservedIn !== dictionary) {
      this.reservedIn = dictionary;
      this.reserved = 0;
    }
    const count = this.length;
    if (this.reserved === count) return;
    const { bytes } = this;
    dictionary.reserve(count - this.reserved, bytes.start(count) - bytes.start(this.reserved));
    this.reserved = count;
  }

  /**
   * Reads the codes of entries [from, length) one a cache line (16 codes), in order, before `rows`
   * random reads of them, when there are no more lines than rows: the prefetcher streams the table
   * into cache (1.5 MB in a fraction of a millisecond) and the random reads then hit the cache.
   * Without it most of them miss: the bytes a batch reads and writes in between evict the table.
   */
  touchCodes(from: number, rows: number): void {
    const { codes, coded } = this;
    if ((coded - from) >> 4 > rows) return;
    let read = 0;
    for (let entry = from; entry < coded; entry += 16) read |= codes[entry]!;
    this.touched ^= read;
  }

  /** The code an entry was given in `dictionary`: -1 for an empty entry, -2 when it has none yet. */
  knownCode(entry: number, dictionary: Dictionary): number {
    const code = this.codeTable(dictionary)[entry]!;
    return code === MISSING ? UNCODED : code;
  }

  /**
   * The entries' codes in `dictionary` without adding any: the code (≥ 0), EMPTY (-1) or MISSING
   * (-3). Each entry is looked up once, the ones not looked up yet together (Dictionary.lookupEach):
   * against a dictionary that does not grow, as the accounts and follows are, once for the file.
   */
  lookupTable(dictionary: Dictionary): Int32Array {
    const codes = this.codeTable(dictionary);
    // A miss stays a miss only while the dictionary has not grown since.
    if (this.missesAt !== dictionary.size) {
      for (let at = 0; at < this.coded; at++) if (codes[at] === MISSING) codes[at] = UNCODED;
      this.missesAt = dictionary.size;
      this.looked = 0;
    }
    if (this.looked === this.coded) return codes;
    const found = new Int32Array(Math.min(WARM_BLOCK, this.coded - this.looked));
    for (let from = this.looked; from < this.coded; from += WARM_BLOCK) {
      const to = Math.min(this.coded, from + WARM_BLOCK);
      dictionary.lookupEach(this.bytes, this.hashes, from, to, found);
      for (let entry = from; entry < to; entry++) {
        const code = found[entry - from]!;
        if (codes[entry] === UNCODED) codes[entry] = code >= 0 ? code : MISSING;
      }
    }
    this.looked = this.coded;
    return codes;
  }

  /** The code of a non-empty entry in `dictionary` without adding it, -2 when absent. */
  lookup(entry: number, dictionary: Dictionary): number {
    const code = this.lookupTable(dictionary)[entry]!;
    return code >= 0 ? code : UNCODED;
  }

  /** Whether an entry and `other`'s entry have the same bytes (hashes first: most differ). */
  sameEntry(entry: number, other: DictionaryEntries, otherEntry: number): boolean {
    if (this.hashes[entry] !== other.hashes[otherEntry]) return false;
    const { bytes } = this;
    return other.bytes.equalBytes(otherEntry, bytes.bytes, bytes.start(entry), bytes.start(entry + 1));
  }

  /** The code of a non-empty entry in `dictionary`, interning it (by its bytes) the first time. */
  code(entry: number, dictionary: Dictionary): number {
    const codes = this.codeTable(dictionary);
    let code = codes[entry]!;
    if (code < 0) {
      if (this.toWarmCount > 0) this.warmUncoded(dictionary);
      const { bytes } = this;
      code = dictionary.internBytes(
        bytes.bytes,
        bytes.start(entry),
        bytes.start(entry + 1),
        undefined,
        this.hashes[entry],
      );
      codes[entry] = code;
      if (entry === this.shiftedEntries) this.extendShifted();
    }
    return code;
  }

  /**
   * Codes every entry in `dictionary`, interning those it lacks, in entry order (see
   * ColumnAccess.internUnorderedInto): each entry once, a block at a time, instead of one by one as
   * rows first use them. A block is looked up first, all together (Dictionary.lookupEach: their
   * cache misses overlap); only the ids new to the dictionary are then given room and interned (a
   * dictionary that has most of them already, as the follows' has the accounts' ids, is not grown
   * for them all).
   */
  internAll(dictionary: Dictionary): Int32Array {
    const codes = this.codeTable(dictionary);
    if (this.interned === this.coded) return codes;
    const { bytes, hashes } = this;
    const found = new Int32Array(Math.min(WARM_BLOCK, this.coded - this.interned));
    for (let from = this.interned; from < this.coded; from += WARM_BLOCK) {
      const to = Math.min(this.coded, from + WARM_BLOCK);
      dictionary.lookupEach(bytes, hashes, from, to, found);
      let missing = 0;
      let missingBytes = 0;
      for (let entry = from; entry < to; entry++) {
        if (codes[entry]! >= EMPTY) continue;
        const code = found[entry - from]!;
        if (code >= 0) codes[entry] = code;
        else {
          missing += 1;
          missingBytes += bytes.start(entry + 1) - bytes.start(entry);
        }
      }
      if (missing === 0) continue;
      // Room for the entries left at this block's share of new ids: one growth for a table of new
      // ids (its index rehashed once), none for one whose ids are mostly there.
      const left = (this.coded - from) / (to - from);
      dictionary.reserve(Math.ceil(missing * left), Math.ceil(missingBytes * left));
      for (let entry = from; entry < to; entry++)
        if (codes[entry]! < EMPTY)
          codes[entry] = dictionary.internBytes(
            bytes.bytes,
            bytes.start(entry),
            bytes.start(entry + 1),
            undefined,
            hashes[entry],
          );
    }
    this.interned = this.coded;
    return codes;
  }

  /**
   * Grows the run of entries coded entry + shift from entry 0: a column that alone fills its
   * dictionary, from a file whose dictionary lists the ids in the order rows first use them (as
   * writers do), has all its entries in it.
   */
  private extendShifted(): void {
    const codes = this.codes;
    if (this.shiftedEntries === 0) this.shift = codes[0]! >= 0 ? codes[0]! : 0;
    while (
      this.shiftedEntries < this.coded &&
      codes[this.shiftedEntries] === this.shiftedEntries + this.shift
    )
      this.shiftedEntries += 1;
  }

  /** Starts a batch read: no entry of it to warm yet (see willIntern). */
  forgetWarm(): void {
    this.toWarmCount = 0;
  }

  /** Notes an entry not coded yet that a row of the batch read uses: it is about to be interned. */
  willIntern(entry: number): void {
    if (this.toWarmCount < WARM_BLOCK) this.toWarm[this.toWarmCount++] = entry;
  }

  /**
   * Warms `dictionary`'s index for the entries noted by willIntern: only those the batch interns,
   * wherever they lie among the entries (a warm of a range of entries reads mostly coded ones' slots
   * once the rows use entries out of their order).
   */
  private warmUncoded(dictionary: Dictionary): void {
    const { toWarm, warmHashes, hashes } = this;
    const count = this.toWarmCount;
    for (let k = 0; k < count; k++) warmHashes[k] = hashes[toWarm[k]!]!;
    this.warmth ^= dictionary.warm(warmHashes, 0, count);
    this.toWarmCount = 0;
  }
}

/** Whether bytes a[aStart, aEnd) and b[bStart, bEnd) are the same. */
function equalRanges(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (a[aStart + k] !== b[bStart + k]) return false;
  return true;
}

/** A copy of `array`'s first `used` slots in a larger array (at least `size`, doubling). */
function grownTo<T extends Uint8Array | Int8Array | Int32Array>(array: T, size: number, used: number): T {
  const grown = new (array.constructor as new (n: number) => T)(Math.max(size, 2 * array.length));
  grown.set(array.subarray(0, used));
  return grown;
}

/** An Arrow dictionary-encoded utf8 column: integer keys into entries copied once a file. */
export class DictionaryAccess extends ColumnAccess {
  constructor(
    private readonly keys: ArrayLike<number>,
    private readonly validity: Nulls,
    private readonly entries: DictionaryEntries,
  ) {
    super();
  }

  value(i: number): string | null {
    return this.validity.isNull(i) ? null : this.entries.value(this.keys[i]!);
  }

  override text(i: number): string | null {
    if (this.validity.isNull(i) || this.entries.isEmpty(this.keys[i]!)) return null;
    return this.entries.value(this.keys[i]!);
  }

  override intern(i: number, dictionary: Dictionary, _text: string): number {
    return this.entries.code(this.keys[i]!, dictionary);
  }

  override internRow(i: number, dictionary: Dictionary): number {
    if (this.validity.isNull(i)) return -1;
    const entry = this.keys[i]!;
    return this.entries.isEmpty(entry) ? -1 : this.entries.code(entry, dictionary);
  }

  override sameText(i: number, other: ColumnAccess): boolean {
    if (!(other instanceof DictionaryAccess)) return super.sameText(i, other);
    return this.entries.sameEntry(this.keys[i]!, other.entries, other.keys[i]!);
  }

  override eventType(i: number): number {
    return this.validity.isNull(i) ? -1 : this.entries.eventType(this.keys[i]!);
  }

  override knownCode(i: number, dictionary: Dictionary): number {
    return this.validity.isNull(i) ? -1 : this.entries.knownCode(this.keys[i]!, dictionary);
  }

  override lookup(i: number, dictionary: Dictionary): number {
    if (this.validity.isNull(i)) return -1;
    const entry = this.keys[i]!;
    return this.entries.isEmpty(entry) ? -1 : this.entries.lookup(entry, dictionary);
  }

  override eventTypesInto(length: number, out: Int8Array): void {
    this.mapKeys(length, this.entries.eventTypeTable(), out);
  }

  override knownCodesInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    const { entries, keys, validity } = this;
    // The rows' ids not known yet are interned next (see addRows).
    entries.reserveIn(dictionary);
    const codes = entries.codeTable(dictionary);
    // Entries below `shifted` are coded entry + shift: no table read (a random one, mostly a cache miss).
    const shifted = entries.shiftedEntries;
    const shift = entries.shift;
    entries.touchCodes(shifted, length);
    const nulls = mayHaveNulls(validity);
    // The entries not coded yet are warmed when the first of them is interned (see DictionaryEntries.code).
    entries.forgetWarm();
    for (let i = 0; i < length; i++) {
      // A null row's key may be anything: it is not read.
      if (nulls && validity.isNull(i)) {
        out[i] = EMPTY;
        continue;
      }
      const key = keys[i]!;
      const code = key < shifted ? key + shift : codes[key]!;
      // A miss remembered by `lookup` is, for the caller, a code not known yet.
      if (code < EMPTY) {
        out[i] = UNCODED;
        entries.willIntern(key);
      } else out[i] = code;
    }
  }

  override internUnorderedInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    const codes = this.entries.internAll(dictionary);
    this.entries.touchCodes(0, length);
    this.mapKeys(length, codes, out);
  }

  override lookupInto(length: number, dictionary: Dictionary, out: Int32Array): void {
    const codes = this.entries.lookupTable(dictionary);
    this.entries.touchCodes(0, length);
    this.mapKeys(length, codes, out);
    // An absent id is -2 to the caller.
    for (let i = 0; i < length; i++) if (out[i] === MISSING) out[i] = UNCODED;
  }

  /** out[i] = table[key of row i] for rows [0, length), -1 for a null row. */
  private mapKeys(length: number, table: Int8Array | Int32Array, out: Int8Array | Int32Array): void {
    const { keys, validity } = this;
    if (mayHaveNulls(validity))
      for (let i = 0; i < length; i++) out[i] = validity.isNull(i) ? -1 : table[keys[i]!]!;
    else for (let i = 0; i < length; i++) out[i] = table[keys[i]!]!;
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

  override millisInto(length: number, out: Float64Array): void {
    const { words, validity, scale } = this;
    const nulls = mayHaveNulls(validity);
    for (let i = 0; i < length; i++) {
      const stored = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
      out[i] = nulls && validity.isNull(i) ? Number.NaN : scale === 1 ? stored : Math.trunc(stored * scale);
    }
  }

  override countsInto(length: number, out: Float64Array): void {
    this.millisInto(length, out);
    // Every stored value is whole: only a negative one is not a count.
    for (let i = 0; i < length; i++) if (out[i]! < 0) out[i] = -1;
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
