import { StringColumnBuilder } from '../dictionary.ts';
import { hashBytes, StringIndex } from '../string-index.ts';
import type { StringEntries } from './types.ts';

/**
 * One string column's dictionary over a whole file. Parquet writers start a new dictionary in each
 * row group, mostly repeating the entries of the ones before; read as they are, every entry would be
 * decoded to a string and interned again each row group. Merged here by bytes (a StringIndex: no
 * strings), each distinct value becomes one entry for the file, and a row group only adds its new
 * entries, as an Arrow delta dictionary does: so the ingest decodes and interns each value once.
 */
export class FileDictionary {
  private readonly strings = new StringColumnBuilder();
  private readonly index = new StringIndex(this.strings);
  private remap = new Int32Array(0);

  /**
   * Rewrites a row group's keys (in place) from its own dictionary `entries` to the file's, and
   * returns the entries new to the file (the next codes, in order), or null when there are none.
   */
  merge(entries: StringEntries, keys: Int32Array): StringEntries | null {
    if (entries.length === 0) return null;
    if (this.remap.length < entries.length) this.remap = new Int32Array(entries.length);
    const remap = this.remap;
    const { values, valueOffsets } = entries;
    const first = this.strings.length;
    let newBytes = 0;
    for (let e = 0; e < entries.length; e++) {
      const start = valueOffsets[e]!;
      const end = valueOffsets[e + 1]!;
      const hash = hashBytes(values, start, end);
      let code = this.index.find(values, start, end, hash);
      if (code < 0) {
        code = this.strings.pushBytes(values, start, end);
        this.index.add(code, hash);
        newBytes += end - start;
      }
      remap[e] = code;
    }
    // Null rows hold key 0, a valid entry: rewritten like the others, never read.
    for (let i = 0; i < keys.length; i++) keys[i] = remap[keys[i]!]!;
    const added = this.strings.length - first;
    return added > 0 ? newEntries(entries, remap, first, added, newBytes) : null;
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
