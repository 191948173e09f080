import { hashBytes } from '../string-index.ts';
import type { PlainEntries, StringEntries } from './types.ts';

/** Entries looked up a round: their slots are read first (see `touch`). */
const ROUND = 512;
/** Bytes a value may have to be held in its slot itself (three 32-bit words). */
const INLINE_BYTES = 12;
/** A slot's low 4 bits for a value held in `records`, not inline (lengths 0..12 mark inline ones). */
const LONG = 15;
/** Codes a file dictionary can give: a slot's tag keeps code + 1 in its upper 28 bits (read unsigned). */
const MAX_VALUES = (1 << 28) - 1;

/**
 * One string column's dictionary over a whole file. Parquet writers start a new dictionary in each
 * row group, mostly repeating the entries of the ones before; read as they are, every entry would be
 * decoded to a string and interned again each row group. Merged here by bytes, each distinct value
 * becomes one entry for the file, and a row group only adds its new entries, as an Arrow delta
 * dictionary does: so the ingest decodes and interns each value once.
 *
 * The lookup is an open-addressing table of four 32-bit words a slot (≤ 70 % full). A value of up
 * to 12 bytes — ids, as exports write them — is held in the slot itself: three words of its bytes
 * (zero-padded) and a tag, (code + 1) << 4 | byte length; two values are then the same exactly when
 * their four words are, so a lookup reads one cache line, not a slot and then the value's bytes
 * elsewhere (the merge is bound by these cache misses: tables of millions of values). A longer value
 * keeps its hash and the place of its record (code, byte length, bytes) in the slot, tag low bits
 * LONG, and is confirmed by its bytes. The lookups go in rounds whose slots are read ahead (`touch`).
 */
export class FileDictionary {
  private slots = new Int32Array(4 << 12);
  private size = 0;
  /** Records of the long values, each 4-byte aligned: code (int32), byte length (int32), the bytes. */
  private records = new Uint8Array(1 << 12);
  private words = new Int32Array(this.records.buffer);
  private used = 0;
  private remap = new Int32Array(0);
  /** Per entry of the row group being merged: its three inline words and its hash (a long value's). */
  private probes = new Int32Array(0);
  /** The entries of the row group being merged that brought a new code, in code order. */
  private fresh = new Int32Array(0);
  /** What `touch` read, kept so that its loads are not optimised away. */
  touched = 0;

  /** The entries new to the file since last taken (see codes), packed, or null when there are none. */
  private pending: StringEntries | null = null;

  /**
   * The code in the file of each entry of a row group's dictionary `entries` (entry e at e; an array
   * reused by the next call), adding the ones new to the file, in entry order, as the next codes.
   */
  codes(entries: PlainEntries): Int32Array {
    if (this.pending) throw new Error('FileDictionary.codes: the entries added last were not taken');
    if (entries.length === 0) return this.remap;
    if (this.size + entries.length > MAX_VALUES)
      throw new Error(`more than ${MAX_VALUES} distinct values in one column of one file`);
    if (this.remap.length < entries.length) {
      this.remap = new Int32Array(entries.length);
      this.probes = new Int32Array(4 * entries.length);
      this.fresh = new Int32Array(entries.length);
    }
    const { remap, fresh } = this;
    const { bytes, offsets } = entries;
    const first = this.size;
    let newBytes = 0;
    this.prepare(entries);
    for (let from = 0; from < entries.length; from += ROUND) {
      const to = Math.min(entries.length, from + ROUND);
      this.touch(from, to);
      for (let e = from; e < to; e++) {
        const start = offsets[e]! + 4;
        const end = offsets[e + 1]!;
        const known = this.size;
        remap[e] =
          end - start <= INLINE_BYTES ? this.inlineCode(e, end - start) : this.longCode(bytes, start, end, e);
        if (this.size > known) {
          fresh[this.size - 1 - first] = e;
          newBytes += end - start;
        }
      }
    }
    const added = this.size - first;
    if (added > 0) this.pending = newEntries(entries, fresh.subarray(0, added), newBytes);
    return remap;
  }

  /**
   * The entries the file's dictionary gained since last taken (the next codes, in order, packed),
   * or null when there are none: what a row group's rows tell the reader about the new codes.
   */
  takeAdded(): StringEntries | null {
    const added = this.pending;
    this.pending = null;
    return added;
  }

  /** Fills `probes`: each short entry's words and their hash, each long entry's byte hash. */
  private prepare(entries: PlainEntries): void {
    const { bytes: values, offsets } = entries;
    const view = new DataView(values.buffer, values.byteOffset, values.byteLength);
    const size = values.length;
    const probes = this.probes;
    for (let e = 0; e < entries.length; e++) {
      const start = offsets[e]! + 4;
      const end = offsets[e + 1]!;
      const at = 4 * e;
      if (end - start > INLINE_BYTES) {
        probes[at + 3] = hashBytes(values, start, end);
        continue;
      }
      const w0 = wordAt(view, size, start, end);
      const w1 = wordAt(view, size, start + 4, end);
      const w2 = wordAt(view, size, start + 8, end);
      probes[at] = w0;
      probes[at + 1] = w1;
      probes[at + 2] = w2;
      probes[at + 3] = inlineHash(w0, w1, w2, end - start);
    }
  }

  /**
   * Reads the first slot of entries [from, to) in one tight loop: the loads are independent, so
   * their cache misses overlap, and the lookups that follow hit the cache.
   */
  private touch(from: number, to: number): void {
    const { slots, probes } = this;
    const mask = (slots.length >> 2) - 1;
    let touched = 0;
    for (let e = from; e < to; e++) touched |= slots[4 * (probes[4 * e + 3]! & mask) + 3]!;
    this.touched = touched;
  }

  /** The code of short entry e (its words in `probes`), of `length` bytes, adding it when new. */
  private inlineCode(e: number, length: number): number {
    const { slots, probes } = this;
    const mask = (slots.length >> 2) - 1;
    const w0 = probes[4 * e]!;
    const w1 = probes[4 * e + 1]!;
    const w2 = probes[4 * e + 2]!;
    for (let slot = probes[4 * e + 3]! & mask; ; slot = (slot + 1) & mask) {
      const at = 4 * slot;
      const tag = slots[at + 3]!;
      if (tag === 0) {
        slots[at] = w0;
        slots[at + 1] = w1;
        slots[at + 2] = w2;
        slots[at + 3] = ((this.size + 1) << 4) | length;
        return this.added();
      }
      if ((tag & 15) === length && slots[at] === w0 && slots[at + 1] === w1 && slots[at + 2] === w2)
        return (tag >>> 4) - 1;
    }
  }

  /** The code of long entry e, source[start, end) (its hash in `probes`), adding it when new. */
  private longCode(source: Uint8Array, start: number, end: number, e: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    const hash = this.probes[4 * e + 3]!;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = 4 * slot;
      const tag = slots[at + 3]!;
      if (tag === 0) {
        slots[at] = hash;
        slots[at + 1] = this.append(source, start, end);
        slots[at + 3] = ((this.size + 1) << 4) | LONG;
        return this.added();
      }
      if ((tag & 15) !== LONG || slots[at] !== hash) continue;
      // slots[at + 1] is the record's first word: its code; then its length; then its bytes.
      const held = slots[at + 1]!;
      if (this.words[held + 1] !== length) continue;
      const records = this.records;
      const from = (held + 2) << 2;
      let b = 0;
      while (b < length && records[from + b] === source[start + b]) b++;
      if (b === length) return this.words[held]!;
    }
  }

  /** Counts a value just put in a slot; returns its code. */
  private added(): number {
    this.size++;
    if (this.size * 10 > ((this.slots.length >> 2) - 1) * 7) this.grow();
    return this.size - 1;
  }

  /** Stores a long value as the next code's record; returns the record's first word. */
  private append(source: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const next = this.used + 8 + ((length + 3) & ~3);
    if (next > this.records.length) {
      const grown = new Uint8Array(Math.max(next, 2 * this.records.length));
      grown.set(this.records.subarray(0, this.used));
      this.records = grown;
      this.words = new Int32Array(grown.buffer);
    }
    const word = this.used >> 2;
    this.words[word] = this.size;
    this.words[word + 1] = length;
    const records = this.records;
    const at = this.used + 8;
    for (let b = 0; b < length; b++) records[at + b] = source[start + b]!;
    this.used = next;
    return word;
  }

  /** Doubles the table. */
  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(2 * old.length);
    const mask = (slots.length >> 2) - 1;
    for (let at = 0; at < old.length; at += 4) {
      const tag = old[at + 3]!;
      if (tag === 0) continue;
      const hash =
        (tag & 15) === LONG ? old[at]! : inlineHash(old[at]!, old[at + 1]!, old[at + 2]!, tag & 15);
      let slot = hash & mask;
      while (slots[4 * slot + 3] !== 0) slot = (slot + 1) & mask;
      slots[4 * slot] = old[at]!;
      slots[4 * slot + 1] = old[at + 1]!;
      slots[4 * slot + 2] = old[at + 2]!;
      slots[4 * slot + 3] = tag;
    }
    this.slots = slots;
  }
}

/**
 * The little-endian word of bytes [at, at + 4) that lie before `end`, zero-padded: one load, the
 * bytes past `end` masked off, unless the word would run past the view's `size` bytes.
 */
function wordAt(view: DataView, size: number, at: number, end: number): number {
  const length = end - at;
  if (length >= 4) return view.getInt32(at, true);
  if (length <= 0) return 0;
  if (at + 4 <= size) return view.getInt32(at, true) & ((1 << (8 * length)) - 1);
  let word = 0;
  for (let b = 0; b < length; b++) word |= view.getUint8(at + b) << (8 * b);
  return word;
}

/**
 * A hash of a short value's words and length: each word multiplied by its own odd constant, then
 * MurmurHash3's finaliser. Equality is decided by the words, so this only spreads the slots.
 */
function inlineHash(w0: number, w1: number, w2: number, length: number): number {
  let h = Math.imul(w0, 0x9e3779b1) ^ Math.imul(w1, 0x85ebca77) ^ Math.imul(w2 ^ length, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The `fresh` entries of a row group (those that brought the file's next codes, in order), packed as one chunk of `bytes`. */
function newEntries(entries: PlainEntries, fresh: Int32Array, bytes: number): StringEntries {
  const added = fresh.length;
  const values = new Uint8Array(bytes);
  const valueOffsets = new Int32Array(added + 1);
  for (let written = 0; written < added; written++) {
    const e = fresh[written]!;
    const start = entries.offsets[e]! + 4;
    const end = entries.offsets[e + 1]!;
    const at = valueOffsets[written]!;
    for (let b = start; b < end; b++) values[at + b - start] = entries.bytes[b]!;
    valueOffsets[written + 1] = at + end - start;
  }
  return { values, valueOffsets, length: added };
}
