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

  push(value: string): number {
    const needed = this.used + value.length * 3;
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    this.used += encoder.encodeInto(value, this.bytes.subarray(this.used)).written;
    if (this.length + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.length += 1;
    this.offsets[this.length] = this.used;
    return this.length - 1;
  }

  get(index: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets[index], this.offsets[index + 1]));
  }
}
