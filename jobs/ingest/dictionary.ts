import { onSharedMemory } from '../runtime/shared-memory.ts';
import { hashBytes, StringIndex } from './string-index.ts';
import type { Dictionary, StringColumn } from './types.ts';
import { decodeUtf8 } from './utf8.ts';

/**
 * Strings to dense integer codes, in first-seen order. The ids are found by their UTF-8 bytes
 * (a StringIndex over a byte copy of them), so a columnar reader interns an id straight from its
 * file's bytes; an id becomes a JS string only when `ids` is first read after it was added (a
 * validation that only counts ids makes none), never once per row.
 */
export function createDictionary(): Dictionary {
  const bytes = new StringColumnBuilder();
  const index = new StringIndex(bytes);
  /** ids[code] for the codes below ids.length: the strings made so far. */
  const strings: string[] = [];
  let scratch = new Uint8Array(256);
  /** `id` as UTF-8 in `scratch`; returns its byte length. */
  const encode = (id: string): number => {
    if (id.length * 3 > scratch.length) scratch = new Uint8Array(id.length * 3);
    return encoder.encodeInto(id, scratch).written;
  };
  const dictionary: Dictionary = {
    get ids() {
      const all = bytes.bytes;
      for (let code = strings.length; code < bytes.length; code++)
        strings.push(decodeUtf8(all, bytes.start(code), bytes.start(code + 1)));
      return strings;
    },
    get size() {
      return bytes.length;
    },
    id(code) {
      return code < strings.length
        ? strings[code]!
        : decodeUtf8(bytes.bytes, bytes.start(code), bytes.start(code + 1));
    },
    strings: bytes,
    intern(id) {
      // Encoded first: encode may replace `scratch` with a larger buffer.
      const length = encode(id);
      return dictionary.internBytes(scratch, 0, length, id);
    },
    lookup(id) {
      const length = encode(id);
      return dictionary.lookupBytes(scratch, 0, length);
    },
    internBytes(source, start, end, id, hash = hashBytes(source, start, end)) {
      const found = index.find(source, start, end, hash);
      if (found >= 0) return found;
      const code = bytes.pushBytes(source, start, end);
      // A string at hand is kept when every earlier id has its string already.
      if (id !== undefined && strings.length === code) strings.push(id);
      index.add(code, hash);
      return code;
    },
    lookupBytes(source, start, end, hash = hashBytes(source, start, end)) {
      return index.find(source, start, end, hash);
    },
    equalBytes(code, source, start, end) {
      return bytes.equalBytes(code, source, start, end);
    },
    lookupEach(strings, hashes, from, to, out) {
      index.findEach(strings, hashes, from, to, out);
    },
    warm(hashes, from, to) {
      return index.warm(hashes, from, to);
    },
    reserve(count, byteCount) {
      index.reserve(count);
      bytes.reserveStrings(count);
      bytes.reserveBytes(byteCount);
    },
  };
  return dictionary;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** String `index` of a column held as UTF-8 bytes and offsets (string i is bytes[offsets[i], offsets[i + 1])). */
function stringAt(bytes: Uint8Array, offsets: Int32Array, index: number): string {
  return decoder.decode(bytes.subarray(offsets[index], offsets[index + 1]));
}

/** A string column's bytes and offsets on shared memory: what a worker thread is sent to read it. */
export interface SharedStrings {
  bytes: Uint8Array;
  offsets: Int32Array;
  length: number;
}

/** A string column on shared memory: in place when it is a shared builder's, else copied there. */
export function sharedStrings(column: StringColumn): SharedStrings {
  if (column instanceof StringColumnBuilder) return column.sharedView();
  const copy = new StringColumnBuilder(true);
  for (let i = 0; i < column.length; i++) copy.push(column.get(i));
  return copy.sharedView();
}

/** The strings of a SharedStrings, read in place. */
export class SharedStringsView implements StringColumn {
  readonly length: number;

  constructor(private readonly strings: SharedStrings) {
    this.length = strings.length;
  }

  get(index: number): string {
    return stringAt(this.strings.bytes, this.strings.offsets, index);
  }
}

/** An append-only string column held as UTF-8 bytes and offsets: ~1 byte a character, no object per string. */
export class StringColumnBuilder implements StringColumn {
  private buffer: Uint8Array;
  private offsets: Int32Array;
  private used = 0;
  length = 0;

  /** `shared`: the bytes and offsets in shared memory, for a thread to read the strings in place (see view). */
  constructor(private readonly shared = false) {
    this.buffer = new Uint8Array(this.memory(1 << 16));
    this.offsets = new Int32Array(this.memory(4 << 12));
  }

  private memory(byteCount: number): ArrayBufferLike {
    return this.shared ? new SharedArrayBuffer(byteCount) : new ArrayBuffer(byteCount);
  }

  /**
   * The bytes and offsets as they are now (string i is bytes[offsets[i], offsets[i + 1])): once
   * pushed, a string's bytes and offsets there never change, although a later push may move the
   * column to larger arrays (until removeFlagged, which rewrites them in place).
   */
  view(): { bytes: Uint8Array; offsets: Int32Array } {
    return { bytes: this.buffer, offsets: this.offsets };
  }

  /** Makes room for `byteCount` more bytes and `strings` more strings (growing by doubling). */
  private reserve(byteCount: number, strings = 1): void {
    const needed = this.used + byteCount;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(this.memory(Math.max(needed, this.buffer.length * 2)));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    if (this.length + strings + 1 > this.offsets.length) this.reserveStrings(strings);
  }

  /**
   * Makes room for `byteCount` more bytes at once (a size foreseen), so that no doubling copies them.
   * Still at least doubles: a caller reserving again and again (a dictionary page a row group) must
   * not copy the whole buffer each time.
   */
  reserveBytes(byteCount: number): void {
    const needed = this.used + byteCount;
    if (needed <= this.buffer.length) return;
    const grown = new Uint8Array(this.memory(Math.max(needed, this.buffer.length * 2)));
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }

  /** Makes room for `count` more strings' offsets at once (a row count told up front). */
  reserveStrings(count: number): void {
    const needed = this.length + count + 1;
    if (needed <= this.offsets.length) return;
    const grown = new Int32Array(this.memory(4 * Math.max(needed, this.offsets.length * 2)));
    grown.set(this.offsets.subarray(0, this.length + 1));
    this.offsets = grown;
  }

  private seal(): number {
    this.length += 1;
    this.offsets[this.length] = this.used;
    return this.length - 1;
  }

  push(value: string): number {
    this.reserve(value.length * 3);
    this.used += encoder.encodeInto(value, this.buffer.subarray(this.used)).written;
    return this.seal();
  }

  /** Appends a string given as UTF-8 bytes (as Arrow holds them): no decoding, no string object. */
  pushBytes(source: Uint8Array, start: number, end: number): number {
    const length = end - start;
    this.reserve(length);
    // Ids are short: a plain loop beats creating a subarray view per string. The buffer and the
    // position in locals: V8 reloads fields after each typed-array store.
    const buffer = this.buffer;
    const used = this.used;
    if (length <= 64) for (let i = 0; i < length; i++) buffer[used + i] = source[start + i]!;
    else buffer.set(source.subarray(start, end), used);
    this.used = used + length;
    return this.seal();
  }

  /**
   * Appends strings [from, to) of an Arrow-style column (string i is source[offsets[i], offsets[i + 1]))
   * with one copy of their bytes and the offsets moved over.
   */
  pushRange(source: Uint8Array, offsets: Int32Array, from: number, to: number): void {
    const shift = this.copyRange(source, offsets, from, to);
    const own = this.offsets;
    const at = this.length - from;
    for (let i = from + 1; i <= to; i++) own[at + i] = offsets[i]! + shift;
    this.length += to - from;
  }

  /**
   * Copies the bytes of strings [from, to) of an Arrow-style column after the bytes used, with room
   * for as many more strings; returns what turns their offsets into offsets here.
   */
  private copyRange(source: Uint8Array, offsets: Int32Array, from: number, to: number): number {
    const first = offsets[from]!;
    const byteCount = offsets[to]! - first;
    this.reserve(byteCount, to - from);
    this.buffer.set(source.subarray(first, first + byteCount), this.used);
    const shift = this.used - first;
    this.used += byteCount;
    return shift;
  }

  /**
   * Appends the non-empty strings among [from, to) of an Arrow-style column with one copy of their
   * bytes (the empty ones take none); out[at + k] = the index of string from + k, -1 when empty.
   */
  pushNonEmpty(
    source: Uint8Array,
    offsets: Int32Array,
    from: number,
    to: number,
    out: Int32Array,
    at: number,
  ): void {
    const shift = this.copyRange(source, offsets, from, to);
    const own = this.offsets;
    let length = this.length;
    for (let i = from; i < to; i++) {
      const end = offsets[i + 1]!;
      if (end === offsets[i]) out[at + i - from] = -1;
      else {
        out[at + i - from] = length;
        length += 1;
        own[length] = end + shift;
      }
    }
    this.length = length;
  }

  /** Removes the strings whose `drop` flag is set, keeping the others in order. */
  removeFlagged(drop: Uint8Array): void {
    const { buffer, offsets } = this;
    let kept = 0;
    let used = 0;
    for (let i = 0; i < this.length; i++) {
      if (drop[i]) continue;
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      buffer.copyWithin(used, start, end);
      used += end - start;
      kept += 1;
      offsets[kept] = used;
    }
    this.length = kept;
    this.used = used;
  }

  get(index: number): string {
    return stringAt(this.buffer, this.offsets, index);
  }

  /** The strings on shared memory, for a worker thread to read in place (a copy unless `shared`). */
  sharedView(): SharedStrings {
    const bytes = this.buffer.subarray(0, this.used);
    const offsets = this.offsets.subarray(0, this.length + 1);
    return this.shared
      ? { bytes, offsets, length: this.length }
      : { bytes: onSharedMemory(bytes), offsets: onSharedMemory(offsets), length: this.length };
  }

  /** The bytes of every string (string i is bytes[start(i), start(i + 1))); valid until the next push. */
  get bytes(): Uint8Array {
    return this.buffer;
  }

  /** Where string `index` starts in `bytes` (start(length) is where the last one ends). */
  start(index: number): number {
    return this.offsets[index]!;
  }

  /** Whether strings a and b have the same bytes. */
  sameStrings(a: number, b: number): boolean {
    return this.equalBytes(a, this.buffer, this.offsets[b]!, this.offsets[b + 1]!);
  }

  /** Whether string `index` has the bytes source[start, end). */
  equalBytes(index: number, source: Uint8Array, start: number, end: number): boolean {
    const bytes = this.buffer;
    const from = this.offsets[index]!;
    const length = end - start;
    if (this.offsets[index + 1]! - from !== length) return false;
    for (let i = 0; i < length; i++) if (bytes[from + i] !== source[start + i]) return false;
    return true;
  }
}
