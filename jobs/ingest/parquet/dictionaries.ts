import { hashBytes } from '../string-index.ts';
import type { StringEntries } from './types.ts';

/** Entries looked up a round: their slots and records are read first (see `touch`). */
const ROUND = 512;

/**
 * One string column's dictionary over a whole file. Parquet writers start a new dictionary in each
 * row group, mostly repeating the entries of the ones before; read as they are, every entry would be
 * decoded to a string and interned again each row group. Merged here by bytes, each distinct value
 * becomes one entry for the file, and a row group only adds its new entries, as an Arrow delta
 * dictionary does: so the ingest decodes and interns each value once.
 *
 * The lookup is an open-addressing table (a record's place + 1 and the value's hash a slot, ≤ 70 %
 * full) over records that keep each value's code, byte length and bytes side by side: a probe that
 * finds its value touches two cache lines (slot, record), where a StringIndex over a
 * StringColumnBuilder touches three (slot, offsets, bytes) — ~20 % of a merge that is memory-bound.
 * The lookups go in rounds whose cache lines are read ahead (`touch`).
 */
export class FileDictionary {
  private slots = new Int32Array(2 << 12);
  private size = 0;
  /** Records, each 4-byte aligned: code (int32), byte length (int32), the bytes. */
  private records = new Uint8Array(1 << 16);
  private words = new Int32Array(this.records.buffer);
  private used = 0;
  private remap = new Int32Array(0);
  private hashes = new Int32Array(0);
  /** What `touch` read, kept so that its loads are not optimised away. */
  touched = 0;

  /**
   * Rewrites a row group's keys (in place) from its own dictionary `entries` to the file's, and
   * returns the entries new to the file (the next codes, in order), or null when there are none.
   */
  merge(entries: StringEntries, keys: Int32Array): StringEntries | null {
    if (entries.length === 0) return null;
    if (this.remap.length < entries.length) this.remap = new Int32Array(entries.length);
    const remap = this.remap;
    const { values, valueOffsets } = entries;
    const first = this.size;
    let newBytes = 0;
    if (this.hashes.length < entries.length) this.hashes = new Int32Array(entries.length);
    const hashes = this.hashes;
    for (let e = 0; e < entries.length; e++)
      hashes[e] = hashBytes(values, valueOffsets[e]!, valueOffsets[e + 1]!);
    for (let from = 0; from < entries.length; from += ROUND) {
      const to = Math.min(entries.length, from + ROUND);
      this.touch(from, to);
      for (let e = from; e < to; e++) {
        const start = valueOffsets[e]!;
        const end = valueOffsets[e + 1]!;
        const known = this.size;
        remap[e] = this.code(values, start, end, hashes[e]!);
        if (this.size > known) newBytes += end - start;
      }
    }
    // Null rows hold key 0, a valid entry: rewritten like the others, never read.
    for (let i = 0; i < keys.length; i++) keys[i] = remap[keys[i]!]!;
    const added = this.size - first;
    return added > 0 ? newEntries(entries, remap, first, added, newBytes) : null;
  }

  /**
   * Reads the first slot of entries [from, to), then the record it holds, in two tight loops: the
   * loads are independent, so their cache misses overlap, and the lookups that follow hit the cache
   * (~20 % of the merge).
   */
  private touch(from: number, to: number): void {
    const { slots, hashes, words } = this;
    const mask = (slots.length >> 1) - 1;
    let touched = 0;
    for (let e = from; e < to; e++) touched |= slots[2 * (hashes[e]! & mask)]!;
    for (let e = from; e < to; e++) touched |= words[slots[2 * (hashes[e]! & mask)]!]!;
    this.touched = touched;
  }

  /** The code of source[start, end), whose hash is `hash`, adding it when new. */
  private code(source: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[2 * slot]!;
      if (held === 0) {
        slots[2 * slot] = this.append(source, start, end) + 1;
        slots[2 * slot + 1] = hash;
        if (this.size * 10 > mask * 7) this.grow();
        return this.size - 1;
      }
      // held - 1 is the record's first word: its code; then its length; then its bytes.
      if (slots[2 * slot + 1] !== hash || this.words[held] !== length) continue;
      const records = this.records;
      const at = (held + 1) << 2;
      let b = 0;
      while (b < length && records[at + b] === source[start + b]) b++;
      if (b === length) return this.words[held - 1]!;
    }
  }

  /** Stores a new value as the next code's record; returns the record's first word. */
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
    this.words[word] = this.size++;
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
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] === 0) continue;
      let slot = old[i + 1]! & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[i]!;
      slots[2 * slot + 1] = old[i + 1]!;
    }
    this.slots = slots;
  }
}

/** The entries of a row group new to the file (codes first..first+added, in entry order) as one chunk. */
function newEntries(
  entries: StringEntries,
  remap: Int32Array,
  first: number,
  added: number,
  bytes: number,
): StringEntries {
  const values = new Uint8Array(bytes);
  const valueOffsets = new Int32Array(added + 1);
  let written = 0;
  for (let e = 0; e < entries.length && written < added; e++) {
    // A new code is met first at the entry that brought it, in increasing order.
    if (remap[e] !== first + written) continue;
    const start = entries.valueOffsets[e]!;
    const end = entries.valueOffsets[e + 1]!;
    const at = valueOffsets[written]!;
    for (let b = start; b < end; b++) values[at + b - start] = entries.values[b]!;
    valueOffsets[written + 1] = at + end - start;
    written++;
  }
  return { values, valueOffsets, length: added };
}
