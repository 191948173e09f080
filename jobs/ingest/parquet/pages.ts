import { parquetHeader } from 'hyparquet/src/column.js';
import { snappyUncompressor } from 'hysnappy';
import type { ChunkLayout, DecodedColumn, PlainEntries } from './types.ts';

/**
 * Gives the entries of a string chunk's dictionary page the codes its rows' keys are written as,
 * as it is read: the keys are checked and coded in the pass that reads them (see FileDictionary).
 */
export interface EntryCoder {
  /**
   * Each entry's code, entry e at e: an array of at least entries.length, read until the chunk is
   * decoded (the coder's next call may reuse it). `entries` is only valid during the call.
   */
  codes(entries: PlainEntries): Int32Array;
}

/**
 * Decodes one column chunk of a flat Parquet column (its pages, as stored) into row-aligned typed
 * arrays: a validity bitmap from the definition levels, dictionary keys coded by `coder` (a string
 * column's) or UTF-8 bytes + offsets or fixed-width values. Pure but for `coder`: bytes in, arrays
 * out, so it runs the same inline or on a worker thread.
 */
export function decodeColumnChunk(chunk: Uint8Array, layout: ChunkLayout, coder: EntryCoder): DecodedColumn {
  const decoder =
    layout.physical === 'BYTE_ARRAY'
      ? new StringChunk(layout.rows, coder)
      : new FixedChunk(layout.rows, layout.width);
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  const validity = layout.optional ? new Uint8Array((layout.rows + 7) >> 3).fill(0xff) : null;
  let row = 0;
  let nulls = 0;
  while (row < layout.rows) {
    if (reader.offset >= chunk.byteLength)
      throw new Error(`column chunk ends after ${row} of its ${layout.rows} rows`);
    const header = parquetHeader(reader);
    const start = reader.offset;
    reader.offset += header.compressed_page_size;
    if (reader.offset > chunk.byteLength) throw new Error('a page runs past the end of its column chunk');
    const stored = chunk.subarray(start, reader.offset);
    if (header.type === 'DICTIONARY_PAGE') {
      const count = header.dictionary_page_header!.num_values;
      decoder.setDictionary(uncompress(stored, header.uncompressed_page_size, layout.codec), count);
      continue;
    }
    let values: Uint8Array;
    let levels: Uint8Array | null;
    let rows: number;
    let encoding: string;
    if (header.type === 'DATA_PAGE') {
      const page = uncompress(stored, header.uncompressed_page_size, layout.codec);
      const v1 = header.data_page_header!;
      rows = v1.num_values;
      encoding = v1.encoding;
      // v1 levels are prefixed by their byte length.
      const levelsLength = layout.optional ? readInt32(page, 0) + 4 : 0;
      levels = layout.optional ? page.subarray(4, levelsLength) : null;
      values = page.subarray(levelsLength);
    } else if (header.type === 'DATA_PAGE_V2') {
      const v2 = header.data_page_header_v2!;
      rows = v2.num_values;
      encoding = v2.encoding;
      // v2 levels come first, never compressed; a flat column has no repetition levels.
      const levelsLength = v2.definition_levels_byte_length + v2.repetition_levels_byte_length;
      levels = layout.optional ? stored.subarray(v2.repetition_levels_byte_length, levelsLength) : null;
      const rest = stored.subarray(levelsLength);
      values =
        v2.is_compressed === false
          ? rest
          : uncompress(rest, header.uncompressed_page_size - levelsLength, layout.codec);
    } else {
      throw new Error(`unsupported page type ${header.type}`);
    }
    if (row + rows > layout.rows) throw new Error(`pages hold more than the chunk's ${layout.rows} rows`);
    const present = validity && levels ? readValidity(levels, rows, validity, row) : rows;
    // A page without nulls takes the decoders' direct paths, as a REQUIRED column's pages do; one
    // with nulls gives them the bitmap (bit row + r set: the page's row r has a value).
    const pageNulls = present < rows ? validity : null;
    nulls += rows - present;
    if (encoding === 'PLAIN') decoder.plainPage(values, row, rows, present, pageNulls);
    else if (encoding === 'RLE_DICTIONARY' || encoding === 'PLAIN_DICTIONARY')
      decoder.dictionaryPage(values, row, rows, present, pageNulls);
    else throw new Error(`unsupported encoding ${encoding}`);
    row += rows;
  }
  return decoder.finish(nulls > 0 ? validity : null);
}

/**
 * Snappy through hysnappy's WebAssembly build (hyparquet's author): 3.5x hyparquet's JS decoder on
 * the bench file's pages, whose many short copies (ids, length prefixes) keep a JS loop busy.
 */
let snappy: ReturnType<typeof snappyUncompressor> | null = null;

function uncompress(stored: Uint8Array, size: number, codec: ChunkLayout['codec']): Uint8Array {
  if (codec === 'UNCOMPRESSED') return stored;
  snappy ??= snappyUncompressor();
  const page = snappy(stored, size);
  if (page.length !== size)
    throw new Error(`a Snappy page holds ${page.length} bytes, not the ${size} its header says`);
  return page;
}

function readInt32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/**
 * Reads a page's definition levels (RLE / bit-packed hybrid of bit width 1: flat optional columns)
 * straight into the validity bitmap from bit `first` (set beforehand: only null rows are cleared)
 * and returns how many of its `rows` have a value. A bit-packed run of width 1 is laid out as the
 * bitmap is: on a byte boundary it is copied a byte at a time; a run of ones changes nothing.
 */
function readValidity(encoded: Uint8Array, rows: number, bitmap: Uint8Array, first: number): number {
  let pos = 0;
  let filled = 0;
  let nulls = 0;
  while (filled < rows) {
    if (pos >= encoded.length) throw new Error('RLE/bit-packed values end early');
    let header = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = encoded[pos++]!;
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    if (header % 2 === 1) {
      const groups = Math.floor(header / 2);
      const take = Math.min(groups * 8, rows - filled);
      nulls += copyBits(encoded, pos, bitmap, first + filled, take);
      pos += groups;
      filled += take;
    } else {
      const run = Math.min(Math.floor(header / 2), rows - filled);
      // Level 1 is a value; anything else (0) a null.
      if (encoded[pos++] !== 1) {
        for (let bit = first + filled, end = bit + run; bit < end; bit++)
          bitmap[bit >> 3]! &= ~(1 << (bit & 7));
        nulls += run;
      }
      filled += run;
    }
  }
  return rows - nulls;
}

/** Ones in each byte value. */
const ONES = Uint8Array.from({ length: 256 }, (_, byte) => {
  let ones = 0;
  for (let b = byte; b > 0; b >>= 1) ones += b & 1;
  return ones;
});

/**
 * Copies `count` bits from bytes[pos] (bit 0 first; bytes past the end read as 0) into `bitmap`
 * from bit `at` (whose bits are set); returns how many of them are 0.
 */
function copyBits(bytes: Uint8Array, pos: number, bitmap: Uint8Array, at: number, count: number): number {
  let zeros = 0;
  let k = 0;
  if ((at & 7) === 0)
    for (const base = at >> 3; k + 8 <= count; k += 8) {
      const byte = bytes[pos + (k >> 3)] ?? 0;
      bitmap[base + (k >> 3)] = byte;
      zeros += 8 - ONES[byte]!;
    }
  for (; k < count; k++)
    if ((((bytes[pos + (k >> 3)] ?? 0) >> (k & 7)) & 1) === 0) {
      const bit = at + k;
      bitmap[bit >> 3]! &= ~(1 << (bit & 7));
      zeros++;
    }
  return zeros;
}

/** Whether row `row` has a value in `bitmap`. */
function isSet(bitmap: Uint8Array, row: number): boolean {
  return ((bitmap[row >> 3]! >> (row & 7)) & 1) === 1;
}

/**
 * Reads `count` values of Parquet's RLE / bit-packed hybrid encoding of bit width `width` from
 * `bytes` at `position` into `out` from index `at`; returns the position after the last run read.
 */
export function readHybrid(
  bytes: Uint8Array,
  position: number,
  width: number,
  out: Int32Array,
  at: number,
  count: number,
): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = position;
  let filled = 0;
  const mask = width === 32 ? -1 : (1 << width) - 1;
  while (filled < count) {
    if (pos >= bytes.length) throw new Error('RLE/bit-packed values end early');
    let header = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++]!;
      header += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    if (header % 2 === 1) {
      const groups = Math.floor(header / 2);
      const take = Math.min(groups * 8, count - filled);
      if (width <= 24) unpack(view, bytes.length, pos, width, mask, out, at + filled, take);
      else unpackWide(bytes, pos, width, out, at + filled, take);
      pos += groups * width;
      filled += take;
    } else {
      const run = Math.min(Math.floor(header / 2), count - filled);
      let value = 0;
      for (let b = 0; b < (width + 7) >> 3; b++) value |= bytes[pos++]! << (8 * b);
      out.fill(value, at + filled, at + filled + run);
      filled += run;
    }
  }
  return pos;
}

/**
 * Bit-unpacks values of up to 24 bits (little-endian bit order): value i is one 4-byte load at its
 * first byte, shifted and masked (a value spans at most 4 bytes); the last few, whose load would
 * run past the bytes, byte by byte, missing bytes read as 0.
 */
function unpack(
  view: DataView,
  size: number,
  position: number,
  width: number,
  mask: number,
  out: Int32Array,
  at: number,
  count: number,
): void {
  const start = position * 8;
  // Values whose 4-byte load lies inside the bytes.
  const loaded = Math.max(0, Math.min(count, Math.floor(((size - 4) * 8 - start) / width) + 1));
  for (let i = 0; i < loaded; i++) {
    const bit = start + i * width;
    out[at + i] = (view.getInt32(bit >>> 3, true) >>> (bit & 7)) & mask;
  }
  for (let i = loaded; i < count; i++) {
    const bit = start + i * width;
    let value = 0;
    for (let b = 0; b < 4; b++) {
      const byte = (bit >>> 3) + b;
      if (byte < size) value |= view.getUint8(byte) << (8 * b);
    }
    out[at + i] = (value >>> (bit & 7)) & mask;
  }
}

/** Bit-unpacks values of 25 to 32 bits bit by bit: dictionaries of over 16M entries are rare. */
function unpackWide(
  bytes: Uint8Array,
  position: number,
  width: number,
  out: Int32Array,
  at: number,
  count: number,
): void {
  for (let i = 0; i < count; i++) {
    let value = 0;
    for (let b = 0; b < width; b++) {
      const bit = i * width + b;
      value += (((bytes[position + (bit >> 3)] ?? 0) >> (bit & 7)) & 1) * 2 ** b;
    }
    out[at + i] = value | 0;
  }
}

/** Keys of one dictionary page's rows (`present` values), scratch reused across pages. */
let keyScratch = new Int32Array(0);

/** Reads a dictionary-encoded page's keys (a bit-width byte, then the hybrid runs) for its present rows. */
function pageKeys(values: Uint8Array, present: number): Int32Array {
  if (keyScratch.length < present) keyScratch = new Int32Array(present);
  readHybrid(values, 1, values[0] ?? 0, keyScratch, 0, present);
  return keyScratch;
}

/** Dictionary keys are checked once, so that row reads never fall past the entries. */
function checkKeys(keys: Int32Array, from: number, to: number, entries: number): void {
  for (let i = from; i < to; i++) if (keys[i]! >>> 0 >= entries) throw keyError(keys[i]!, entries);
}

/** Checks keys [from, to) as checkKeys does and rewrites each to its entry's code, in one pass. */
function codeKeys(keys: Int32Array, from: number, to: number, entries: number, codes: Int32Array): void {
  for (let i = from; i < to; i++) {
    const key = keys[i]!;
    if (key >>> 0 >= entries) throw keyError(key, entries);
    keys[i] = codes[key]!;
  }
}

function keyError(key: number, entries: number): Error {
  return new Error(`dictionary key ${key} is past the dictionary's ${entries} entries`);
}

/**
 * Writes `keys` (one a row with a value) to out[from, to), row r taking the next one when bit r of
 * `nulls` is set; a bitmap byte of eight values or eight nulls at once (comment texts are mostly null).
 */
function spreadKeys(keys: Int32Array, out: Int32Array, nulls: Uint8Array, from: number, to: number): void {
  for (let r = from, k = 0; r < to; ) {
    if ((r & 7) === 0 && r + 8 <= to) {
      const byte = nulls[r >> 3]!;
      if (byte === 0) {
        r += 8;
        continue;
      }
      if (byte === 0xff) {
        for (let j = 0; j < 8; j++) out[r + j] = keys[k + j]!;
        k += 8;
        r += 8;
        continue;
      }
    }
    if (isSet(nulls, r)) out[r] = keys[k++]!;
    r++;
  }
}

/** Where the entries of the dictionary page being decoded lie (see plainOffsets), grown as pages need. */
let entryScratch = new Int32Array(0);

/**
 * A BYTE_ARRAY chunk: dictionary keys coded by the coder while every page is dictionary-encoded,
 * else UTF-8 bytes.
 */
class StringChunk {
  private entries: PlainEntries | null = null;
  /** Each entry's code (the keys are codes, not entries). */
  private codes: Int32Array | null = null;
  private readonly keys: Int32Array;
  /** Plain pages (a writer's fallback when its dictionary grew too big), by first row. */
  private readonly plain: { row: number; rows: number; bytes: Uint8Array; offsets: Int32Array }[] = [];

  constructor(
    private readonly rows: number,
    private readonly coder: EntryCoder,
  ) {
    this.keys = new Int32Array(rows);
  }

  setDictionary(page: Uint8Array, count: number): void {
    // Keys already read would point into the first dictionary: Parquet allows one a chunk.
    if (this.entries) throw new Error('a second dictionary page in one column chunk');
    if (entryScratch.length < count + 1) entryScratch = new Int32Array(count + 1);
    this.entries = { bytes: page, offsets: plainOffsets(page, count, entryScratch), length: count };
    this.codes = this.coder.codes(this.entries);
  }

  dictionaryPage(
    values: Uint8Array,
    row: number,
    rows: number,
    present: number,
    nulls: Uint8Array | null,
  ): void {
    const entries = this.entries;
    if (!entries) throw new Error('a dictionary-encoded page comes before any dictionary page');
    const keys = nulls === null ? this.keys : pageKeys(values, present);
    const from = nulls === null ? row : 0;
    const to = nulls === null ? row + rows : present;
    if (nulls === null) readHybrid(values, 1, values[0] ?? 0, keys, row, rows);
    codeKeys(keys, from, to, entries.length, this.codes!);
    if (nulls === null) return;
    // Item k goes to the k-th row with a value; null rows keep key 0, never read.
    spreadKeys(keys, this.keys, nulls, row, row + rows);
  }

  plainPage(values: Uint8Array, row: number, rows: number, present: number, nulls: Uint8Array | null): void {
    const packed = plainStrings(values, present);
    if (nulls === null) {
      this.plain.push({ row, rows, ...packed });
      return;
    }
    // Null rows get an empty span: their bytes are never read (the bitmap says null).
    const offsets = new Int32Array(rows + 1);
    for (let r = 0, k = 0; r < rows; r++)
      offsets[r + 1] = isSet(nulls, row + r) ? packed.offsets[++k]! : offsets[r]!;
    this.plain.push({ row, rows, bytes: packed.bytes, offsets });
  }

  finish(validity: Uint8Array | null): DecodedColumn {
    if (this.plain.length === 0) return { kind: 'dictionary', keys: this.keys, validity };
    const only = this.plain[0]!;
    if (this.plain.length === 1 && only.rows === this.rows)
      return { kind: 'utf8', bytes: only.bytes, offsets: only.offsets, validity };
    return { kind: 'utf8', ...this.joined(validity), validity };
  }

  /** Every row's bytes in one buffer: plain pages as they are, dictionary rows copied from their entry. */
  private joined(validity: Uint8Array | null): { bytes: Uint8Array; offsets: Int32Array } {
    const entries = this.entries;
    const isNull = (r: number) => validity !== null && !isSet(validity, r);
    // Coded keys name their entries through the codes (a page repeating a value: either copy).
    const entryOf = new Map<number, number>();
    for (let e = 0; e < (entries?.length ?? 0); e++) entryOf.set(this.codes![e]!, e);
    const entry = (r: number) => entryOf.get(this.keys[r]!)!;
    const offsets = new Int32Array(this.rows + 1);
    let pages = 0;
    for (let r = 0; r < this.rows; ) {
      const page = this.plain[pages];
      if (page && page.row === r) {
        for (let i = 0; i < page.rows; i++) offsets[r + i + 1] = offsets[r]! + page.offsets[i + 1]!;
        r += page.rows;
        pages++;
      } else {
        const e = isNull(r) ? -1 : entry(r);
        const length = e < 0 ? 0 : entries!.offsets[e + 1]! - entries!.offsets[e]! - 4;
        offsets[r + 1] = offsets[r]! + length;
        r++;
      }
    }
    const bytes = new Uint8Array(offsets[this.rows]!);
    pages = 0;
    for (let r = 0; r < this.rows; ) {
      const page = this.plain[pages];
      if (page && page.row === r) {
        bytes.set(page.bytes.subarray(0, page.offsets[page.rows]!), offsets[r]!);
        r += page.rows;
        pages++;
      } else {
        if (!isNull(r)) {
          const e = entry(r);
          bytes.set(entries!.bytes.subarray(entries!.offsets[e]! + 4, entries!.offsets[e + 1]!), offsets[r]!);
        }
        r++;
      }
    }
    return { bytes, offsets };
  }
}

/**
 * Where the PLAIN BYTE_ARRAY values of `page` lie, written into `offsets` (count + 1 of them): value
 * i is page[offsets[i] + 4, offsets[i + 1]), after its 4-byte length. Checks that every value lies
 * inside the page.
 */
function plainOffsets(page: Uint8Array, count: number, offsets: Int32Array): Int32Array {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const size = page.length;
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const length = plainLength(view, size, pos, i, count);
    offsets[i] = pos;
    pos += 4 + length;
  }
  offsets[count] = pos;
  return offsets;
}

/**
 * The byte length of PLAIN value i of `count`, whose 4-byte length is at `pos` of a page of `size`
 * bytes (given, not read from the view: a DataView's byteLength is not a plain field read); checks
 * that the value lies inside the page. The error is made elsewhere: an error built in a hot loop
 * slows it.
 */
function plainLength(view: DataView, size: number, pos: number, i: number, count: number): number {
  const length = pos + 4 > size ? -1 : view.getInt32(pos, true);
  if (length < 0 || pos + 4 + length > size) throw plainError(pos + 4 > size, i, count);
  return length;
}

function plainError(ended: boolean, i: number, count: number): Error {
  return new Error(
    ended ? `PLAIN strings end after ${i} of ${count} values` : `PLAIN string ${i} runs past its page`,
  );
}

/**
 * PLAIN BYTE_ARRAY values as packed bytes + offsets, packed in place in one pass: `page` (a page's
 * own uncompressed buffer, read once) is overwritten, which spares a copy.
 */
function plainStrings(page: Uint8Array, count: number): { bytes: Uint8Array; offsets: Int32Array } {
  const offsets = new Int32Array(count + 1);
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const size = page.length;
  let pos = 0;
  let out = 0;
  for (let i = 0; i < count; i++) {
    const length = plainLength(view, size, pos, i, count);
    const start = pos + 4;
    offsets[i] = out;
    // Bytes move left by at least 4 (the length before each value), and the next length lies past
    // this value: a word copied forward never overwrites bytes yet to be read. Ids are short: words
    // beat a copyWithin call.
    let b = 0;
    for (; b + 4 <= length; b += 4) view.setInt32(out + b, view.getInt32(start + b, true), true);
    for (; b < length; b++) page[out + b] = page[start + b]!;
    out += length;
    pos = start + length;
  }
  offsets[count] = out;
  return { bytes: page.subarray(0, out), offsets };
}

/** An INT32/INT64/DOUBLE chunk: each row's value as 4 or 8 little-endian bytes (0 for nulls). */
class FixedChunk {
  private readonly bytes: Uint8Array;
  private dictionary: Int32Array | null = null;
  private dictionaryLength = 0;
  private readonly words: number;

  constructor(
    rows: number,
    private readonly width: 4 | 8,
  ) {
    this.bytes = new Uint8Array(rows * width);
    this.words = width >> 2;
  }

  setDictionary(page: Uint8Array, count: number): void {
    if (page.length < count * this.width) throw new Error('the dictionary page is shorter than its entries');
    this.dictionary = aligned(page.subarray(0, count * this.width));
    this.dictionaryLength = count;
  }

  plainPage(values: Uint8Array, row: number, rows: number, present: number, nulls: Uint8Array | null): void {
    if (values.length < present * this.width)
      throw new Error(`PLAIN values end before the page's ${present} values`);
    if (nulls === null) this.bytes.set(values.subarray(0, rows * this.width), row * this.width);
    else this.spreadWords(aligned(values.subarray(0, present * this.width)), row, rows, nulls, null);
  }

  dictionaryPage(
    values: Uint8Array,
    row: number,
    rows: number,
    present: number,
    nulls: Uint8Array | null,
  ): void {
    if (!this.dictionary) throw new Error('a dictionary-encoded page comes before any dictionary page');
    const keys = pageKeys(values, present);
    checkKeys(keys, 0, present, this.dictionaryLength);
    this.spreadWords(this.dictionary, row, rows, nulls, keys);
  }

  /** Copies item k's words (item = keys[k] when keyed, else k) to the k-th present row. */
  private spreadWords(
    source: Int32Array,
    row: number,
    rows: number,
    nulls: Uint8Array | null,
    keys: Int32Array | null,
  ): void {
    const out = new Int32Array(
      this.bytes.buffer,
      this.bytes.byteOffset + row * this.width,
      rows * this.words,
    );
    const words = this.words;
    for (let r = 0, k = 0; r < rows; r++) {
      if (nulls !== null && !isSet(nulls, row + r)) continue;
      const item = keys ? keys[k]! : k;
      k++;
      for (let w = 0; w < words; w++) out[r * words + w] = source[item * words + w]!;
    }
  }

  finish(validity: Uint8Array | null): DecodedColumn {
    return { kind: 'fixed', bytes: this.bytes, validity };
  }
}

/** A 4-byte-aligned copy of `bytes` as 32-bit words (page data starts at any byte). */
function aligned(bytes: Uint8Array): Int32Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Int32Array(copy.buffer, 0, bytes.length >> 2);
}
