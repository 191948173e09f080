import type { FileHandle } from 'node:fs/promises';
import {
  type ColumnAccess,
  type ColumnBatch,
  DictionaryAccess,
  DictionaryEntries,
  Int64Access,
  NumberAccess,
  Utf8Access,
  Validity,
} from '../columns.ts';
import { StringColumnBuilder } from '../dictionary.ts';
import { type DecodedGroup, decodedGroups } from './groups.ts';
import type { ColumnPlan, DecodedColumn, NativePlan, StringEntries } from './types.ts';

/**
 * Loaded only when a file is decoded on threads, by a name no bundler follows: a reading thread's
 * bundle (workerScript) then leaves out the module that starts threads, whose location comes from
 * import.meta (empty there); a reading thread decodes inline.
 */
const DECODE_THREADS = './decode-threads.ts';

const allValid = () => new Validity(null, 0);

/**
 * A string column's dictionary over the file: its delta chunks so far and their decoded entries;
 * `bytes` (entry e is string e) is filled from the chunks only once rows are copied as bytes.
 */
interface ColumnDictionary {
  chunks: StringEntries[];
  entries: DictionaryEntries;
  bytes: StringColumnBuilder | null;
  /** Chunks copied into `bytes`. */
  copied: number;
}

/** The entries' bytes, catching up with the chunks that came since last asked. */
function entryBytes(dictionary: ColumnDictionary): StringColumnBuilder {
  dictionary.bytes ??= new StringColumnBuilder();
  const bytes = dictionary.bytes;
  for (; dictionary.copied < dictionary.chunks.length; dictionary.copied++) {
    const chunk = dictionary.chunks[dictionary.copied]!;
    bytes.pushRange(chunk.values, chunk.valueOffsets, 0, chunk.length);
  }
  return bytes;
}

/**
 * A dictionary column whose rows are also copied as bytes (comment texts): straight from the
 * entries' bytes, where DictionaryAccess would make each row a string and encode it again. Id
 * columns are interned by their codes and never copied: their entries' bytes are not kept twice.
 */
class FileDictionaryAccess extends DictionaryAccess {
  constructor(
    private readonly rowKeys: Int32Array,
    /** The rows' validity bitmap (bit set = value), null when no row is null. */
    private readonly bitmap: Uint8Array | null,
    private readonly dictionary: ColumnDictionary,
  ) {
    super(rowKeys, new Validity(bitmap, 0), dictionary.entries);
  }

  override appendTo(column: StringColumnBuilder, i: number): number {
    return this.copyRow(column, i, entryBytes(this.dictionary));
  }

  override appendEach(
    column: StringColumnBuilder,
    from: number,
    to: number,
    out: Int32Array,
    at: number,
  ): void {
    const entries = entryBytes(this.dictionary);
    const bitmap = this.bitmap;
    for (let i = from; i < to; i++) {
      // Eight null rows at once: most events have no comment text.
      if (bitmap !== null && (i & 7) === 0 && i + 8 <= to && bitmap[i >> 3] === 0) {
        for (let k = 0; k < 8; k++) out[at + i - from + k] = -1;
        i += 7;
        continue;
      }
      out[at + i - from] = this.copyRow(column, i, entries);
    }
  }

  override appendRange(column: StringColumnBuilder, from: number, to: number): void {
    const entries = entryBytes(this.dictionary);
    for (let i = from; i < to; i++) this.copyRow(column, i, entries);
  }

  /** Appends row i's entry bytes to `column`; returns its index there, -1 for a null or empty row. */
  private copyRow(column: StringColumnBuilder, i: number, entries: StringColumnBuilder): number {
    const bitmap = this.bitmap;
    if (bitmap !== null && ((bitmap[i >> 3]! >> (i & 7)) & 1) === 0) return -1;
    const key = this.rowKeys[i]!;
    const start = entries.start(key);
    const end = entries.start(key + 1);
    return start === end ? -1 : column.pushBytes(entries.bytes, start, end);
  }
}

/** The ColumnAccess over a decoded column of `rows` rows. */
function columnAccess(
  decoded: DecodedColumn,
  column: ColumnPlan,
  dictionary: ColumnDictionary,
  rows: number,
): ColumnAccess {
  const validity = new Validity(decoded.validity, 0);
  if (decoded.kind === 'dictionary') {
    // A copy: DictionaryEntries tells new delta chunks by the length of the list it last saw.
    dictionary.entries.update(dictionary.chunks.slice(), allValid);
    return new FileDictionaryAccess(decoded.keys, decoded.validity, dictionary);
  }
  if (decoded.kind === 'utf8') return new Utf8Access(decoded.bytes, decoded.offsets, validity);
  const { buffer, byteOffset } = decoded.bytes;
  const reading = column.reading;
  if (reading.kind === 'int64')
    return new Int64Access(new BigInt64Array(buffer, byteOffset, rows), validity, reading.msPerUnit);
  const values =
    reading.kind === 'int32'
      ? new Int32Array(buffer, byteOffset, rows)
      : new Float64Array(buffer, byteOffset, rows);
  return new NumberAccess(values, validity, 1);
}

/**
 * Reads the file of `plan` row group by row group as `onBatch` batches, decoding inline or, with
 * `thread`, on worker threads a row group or two ahead (the file opened again there). `fail` words
 * a read or decode error (never one thrown by onBatch).
 */
export async function scanNative(
  file: string,
  handle: FileHandle,
  plan: NativePlan,
  onBatch: (batch: ColumnBatch) => void,
  options: { thread: boolean; fail: (error: unknown) => Error },
): Promise<void> {
  const groups = options.thread
    ? ((await import(DECODE_THREADS)) as typeof import('./decode-threads.ts')).threadsGroups(file, plan)
    : decodedGroups(handle, plan);
  // Columns of the same ids share one (in column order, as their chunks were coded).
  const dictionaries: ColumnDictionary[] = [];
  plan.dictionaryOf.forEach((of, c) => {
    dictionaries[c] =
      of === c ? { chunks: [], entries: new DictionaryEntries(), bytes: null, copied: 0 } : dictionaries[of]!;
  });
  let firstRow = 0;
  try {
    for (;;) {
      let next: IteratorResult<DecodedGroup>;
      try {
        next = await groups.next();
      } catch (error) {
        throw options.fail(error);
      }
      if (next.done) break;
      const { rows, columns: decoded, added } = next.value;
      const columns: ColumnBatch['columns'] = {};
      plan.columns.forEach((column, c) => {
        const dictionary = dictionaries[c]!;
        const delta = added[c];
        if (delta) dictionary.chunks.push(delta);
        columns[column.name] = columnAccess(decoded[c]!, column, dictionary, rows);
      });
      onBatch({ length: rows, firstRow, columns });
      firstRow += rows;
    }
  } finally {
    await groups.return(undefined);
  }
}
