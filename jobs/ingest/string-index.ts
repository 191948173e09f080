import type { StringColumnBuilder } from './dictionary.ts';

/** Strings held as UTF-8 bytes: string i is bytes[start(i), start(i + 1)). */
export interface Strings {
  readonly bytes: Uint8Array;
  start(index: number): number;
}

/**
 * A 32-bit hash (signed) of bytes[start, end), for open addressing and partitioning: MurmurHash3's
 * mixing four bytes at a time (ids are short: a byte-at-a-time hash spends most of its time on the
 * chain of multiplies), with its finaliser.
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4)
    h = mixInto(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  return finalHash(h, bytes, i, end);
}

/**
 * hashBytes of strings [from, to) of `strings` into out[at, at + to - from): the same hashes, their
 * words read as one little-endian load each (a DataView) instead of four byte loads.
 */
export function hashStrings(strings: Strings, from: number, to: number, out: Int32Array, at: number): void {
  const bytes = strings.bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = strings.start(from);
  for (let s = from; s < to; s++) {
    const end = strings.start(s + 1);
    let h = 0x811c9dc5 ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) h = mixInto(h, view.getInt32(i, true));
    out[at + s - from] = finalHash(h, bytes, i, end);
    start = end;
  }
}

/** The hash so far, `h`, with one more word of bytes mixed in. */
function mixInto(h: number, word: number): number {
  const mixed = h ^ mixWord(word);
  return (Math.imul((mixed << 13) | (mixed >>> 19), 5) + 0xe6546b64) | 0;
}

/** The hash so far, `h`, with the bytes[i, end) after its last whole word mixed in, and finalised. */
function finalHash(h: number, bytes: Uint8Array, i: number, end: number): number {
  let tail = 0;
  for (let shift = 0; i < end; i++, shift += 8) tail |= bytes[i]! << shift;
  let final = h ^ mixWord(tail);
  final = Math.imul(final ^ (final >>> 16), 0x85ebca6b);
  final = Math.imul(final ^ (final >>> 13), 0xc2b2ae35);
  return final ^ (final >>> 16);
}

function mixWord(word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, 0x1b873593);
}

/**
 * Finds strings of a StringColumnBuilder by their bytes: an open-addressing table whose slot holds
 * a string's index (+1) and its hash side by side (one cache line per probe), 8 bytes a slot, at
 * most 70 % full — 128 MB for 10M strings instead of the ~1 GB of a Map<string>. A hash match is
 * confirmed by comparing bytes, so the answer is exact.
 */
export class StringIndex {
  /** slots[2s] = index + 1 (0 = empty), slots[2s + 1] = that string's hash. */
  private slots: Int32Array;
  private size = 0;
  /** What the warming reads read, kept so that they are not optimised away. */
  private warmth = 0;

  constructor(private readonly strings: StringColumnBuilder) {
    this.slots = new Int32Array(2 << 12);
  }

  /** Makes room for `count` more strings: the table is rehashed once, not at each doubling on the way. */
  reserve(count: number): void {
    let slots = this.slots.length >> 1;
    while ((this.size + count) * 10 > (slots - 1) * 7) slots *= 2;
    if (slots > this.slots.length >> 1) this.rehash(slots);
  }

  /** The index of the string whose bytes are source[start, end) (and whose hash is `hash`), or -1. */
  find(source: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[2 * slot]!;
      if (held === 0) return -1;
      if (slots[2 * slot + 1] === hash && this.strings.equalBytes(held - 1, source, start, end))
        return held - 1;
    }
  }

  /**
   * Reads the first slot each of these hashes probes, in one tight loop: the cache misses of a
   * large table then overlap, instead of stalling one at a time in the caller's per-row work.
   * Returns what it read, OR-ed, so that the reads are not optimised away.
   */
  warm(hashes: Int32Array, from: number, to: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let touched = 0;
    for (let i = from; i < to; i++) touched |= slots[2 * (hashes[i]! & mask)]!;
    return touched;
  }

  /**
   * find() of strings [from, to) of `strings` (whose hashes are hashes[from, to)) into out[0, to - from),
   * in passes over them all: the first slots, then the strings they hold, then the bytes compared.
   * Each pass's cache misses (a large index, and the strings it points to) overlap instead of
   * stalling one lookup at a time.
   */
  findEach(strings: Strings, hashes: Int32Array, from: number, to: number, out: Int32Array): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let touched = this.warm(hashes, from, to);
    const count = to - from;
    // The first string held under the same hash: almost always the one, or none.
    for (let k = 0; k < count; k++) {
      const hash = hashes[from + k]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0 && slots[2 * slot + 1] !== hash) slot = (slot + 1) & mask;
      out[k] = slots[2 * slot]! - 1;
    }
    const own = this.strings;
    const ownBytes = own.bytes;
    for (let k = 0; k < count; k++) if (out[k]! >= 0) touched |= ownBytes[own.start(out[k]!)]!;
    const bytes = strings.bytes;
    for (let k = 0; k < count; k++) {
      const found = out[k]!;
      const start = strings.start(from + k);
      const end = strings.start(from + k + 1);
      // A hash shared by another string: the full probe.
      if (found >= 0 && !own.equalBytes(found, bytes, start, end))
        out[k] = this.find(bytes, start, end, hashes[from + k]!);
    }
    this.warmth ^= touched;
  }

  /** Indexes string `index` (not indexed yet) under its hash. */
  add(index: number, hash: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash & mask;
    while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = index + 1;
    slots[2 * slot + 1] = hash;
    this.size += 1;
    if (this.size * 10 > mask * 7) this.rehash(2 * (mask + 1));
  }

  /** Moves every string into a table of `capacity` slots. */
  private rehash(capacity: number): void {
    const old = this.slots;
    const slots = new Int32Array(2 * capacity);
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const index = old[i]!;
      if (index === 0) continue;
      const hash = old[i + 1]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = index;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
  }
}
