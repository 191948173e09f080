import type { Dictionary, StringColumn } from './types.ts';

/** Strings to dense integer codes, in first-seen order. */
export function createDictionary(): Dictionary {
  const ids: string[] = [];
  const codes = new Map<string, number>();
  return {
    ids,
    intern(id) {
      let code = codes.get(id);
      if (code === undefined) {
        code = ids.length;
        codes.set(id, code);
        ids.push(id);
      }
      return code;
    },
    lookup(id) {
      return codes.get(id) ?? -1;
    },
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An append-only string column held as UTF-8 bytes and offsets: ~1 byte a character, no object per string. */
export class StringColumnBuilder implements StringColumn {
  private bytes = new Uint8Array(1 << 16);
  private offsets = new Int32Array(1 << 12);
  private used = 0;
  length = 0;

  private reserve(byteCount: number): void {
    const needed = this.used + byteCount;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    if (this.length + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
  }

  private seal(): number {
    this.length += 1;
    this.offsets[this.length] = this.used;
    return this.length - 1;
  }

  push(value: string): number {
    this.reserve(value.length * 3);
    this.used += encoder.encodeInto(value, this.bytes.subarray(this.used)).written;
    return this.seal();
  }

  /** Appends a string given as UTF-8 bytes (as Arrow holds them): no decoding, no string object. */
  pushBytes(source: Uint8Array, start: number, end: number): number {
    const length = end - start;
    this.reserve(length);
    // Ids are short: a plain loop beats creating a subarray view per string.
    if (length <= 64) for (let i = 0; i < length; i++) this.bytes[this.used + i] = source[start + i]!;
    else this.bytes.set(source.subarray(start, end), this.used);
    this.used += length;
    return this.seal();
  }

  /** Drops the last string (a duplicate found after it was appended). */
  pop(): void {
    this.length -= 1;
    this.used = this.offsets[this.length]!;
  }

  get(index: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets[index], this.offsets[index + 1]));
  }

  /** A 32-bit hash (signed) of string `index`'s bytes (FNV-1a with a murmur3 finaliser, for open addressing). */
  hash(index: number): number {
    const bytes = this.bytes;
    const end = this.offsets[index + 1]!;
    let h = 0x811c9dc5;
    for (let i = this.offsets[index]!; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  /** Whether strings a and b have the same bytes. */
  equal(a: number, b: number): boolean {
    const bytes = this.bytes;
    const offsets = this.offsets;
    const startA = offsets[a]!;
    const startB = offsets[b]!;
    const length = offsets[a + 1]! - startA;
    if (offsets[b + 1]! - startB !== length) return false;
    for (let i = 0; i < length; i++) if (bytes[startA + i] !== bytes[startB + i]) return false;
    return true;
  }
}
