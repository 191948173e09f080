import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import {
  type Data,
  DataType,
  Message,
  Precision,
  type RecordBatch,
  RecordBatchReader,
  type Schema,
  TimeUnit,
  Vector,
} from 'apache-arrow';
import type { TableSpec } from '../../shared/contract/index.ts';
import { inputError, SwarmscopeError } from '../runtime/errors.ts';
import {
  type ColumnAccess,
  type ColumnBatch,
  DictionaryAccess,
  DictionaryEntries,
  Int64Access,
  NumberAccess,
  Utf8Access,
  Validity,
  ValuesAccess,
} from './columns.ts';
import { type ByteRange, type PositionalFile, type ReadAheadFile, readAhead } from './read-ahead.ts';
import { columnIndexes } from './schema.ts';

const FILE_MAGIC = 'ARROW1';
const MS_PER_UNIT: Record<TimeUnit, number> = {
  [TimeUnit.SECOND]: 1000,
  [TimeUnit.MILLISECOND]: 1,
  [TimeUnit.MICROSECOND]: 1e-3,
  [TimeUnit.NANOSECOND]: 1e-6,
};

function validity(data: Data): Validity {
  return new Validity(data.nullCount > 0 ? data.nullBitmap : null, data.offset);
}

/**
 * The typed-array reader of one column of one batch (its raw Data: a Vector would memoize every
 * dictionary entry again for each batch); other Arrow types go through `vector.get`.
 */
function columnAccess(data: Data, entries: DictionaryEntries): ColumnAccess {
  const type = data.type;
  if (DataType.isUtf8(type)) return new Utf8Access(data.values, data.valueOffsets, validity(data));
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary) && data.dictionary) {
    const chunks = data.dictionary.data;
    entries.update(chunks, (c) => validity(chunks[c]!));
    // 64-bit keys (allowed by Arrow, rare) become numbers once a batch; narrower ones are used as they are.
    const keys =
      data.values instanceof BigInt64Array || data.values instanceof BigUint64Array
        ? Float64Array.from(data.values, Number)
        : data.values;
    return new DictionaryAccess(keys, validity(data), entries);
  }
  if (DataType.isTimestamp(type)) return new Int64Access(data.values, validity(data), MS_PER_UNIT[type.unit]);
  if (DataType.isInt(type) && type.bitWidth === 64 && type.isSigned)
    return new Int64Access(data.values, validity(data), 1);
  if (
    (DataType.isInt(type) && type.bitWidth <= 32) ||
    (DataType.isFloat(type) && type.precision !== Precision.HALF)
  )
    return new NumberAccess(data.values, validity(data), 1);
  const vector = new Vector([data]);
  return new ValuesAccess((i) => vector.get(i));
}

/** The part of apache-arrow's reader implementation that loads a dictionary batch (not in its typings). */
interface DictionaryLoader {
  dictionaries: Map<number, Vector>;
  schema: Schema;
  _loadVectors(header: unknown, body: Uint8Array, types: DataType[]): Data[];
  _loadDictionaryBatch(header: DictionaryHeader, body: Uint8Array): Vector;
}

interface DictionaryHeader {
  id: number;
  isDelta: boolean;
  data: { compression?: unknown };
}

/**
 * apache-arrow memoizes a dictionary again on every delta batch (a JS Array as long as all the
 * entries so far), which is quadratic in a file whose dictionaries grow by deltas, as exports do.
 * We read dictionaries through their raw chunks (DictionaryEntries), so a plain vector does; a
 * compressed batch, or a reader version without this method, keeps apache-arrow's own way.
 */
function skipDictionaryMemoizing(reader: RecordBatchReader): void {
  const impl = (reader as unknown as { _impl?: DictionaryLoader })._impl;
  const load = impl?._loadDictionaryBatch;
  if (!impl || typeof load !== 'function' || typeof impl._loadVectors !== 'function') return;
  impl._loadDictionaryBatch = function (this: DictionaryLoader, header, body) {
    if (header.data.compression != null) return load.call(this, header, body);
    const vector = new Vector(
      this._loadVectors(header.data, body, [this.schema.dictionaries.get(header.id)!]),
    );
    const dictionary = this.dictionaries.get(header.id);
    return dictionary && header.isDelta ? dictionary.concat(vector) : vector;
  };
}

/** The parts of apache-arrow's file reader implementation that read the footer and message bodies (not in its typings). */
interface BlockReader {
  _readFooter(): Promise<FooterBlocks>;
  _handle?: { position: number; size: number; read(nBytes?: number): Promise<Uint8Array | null> };
}

/** The blocks of an Arrow file's footer (apache-arrow's Footer, as `reader.footer` holds it). */
interface FooterBlocks {
  dictionaryBatches(): Iterable<{ offset: number; metaDataLength: number; bodyLength: number }>;
  recordBatches(): Iterable<{ offset: number; metaDataLength: number }>;
}

/**
 * How an Arrow file's blocks are read, once its footer is:
 * - apache-arrow reads every dictionary batch when it opens, one after the other; in a file whose
 *   dictionaries grow by deltas they lie between the record batches, all over the file, so the
 *   reads would wait for the read-ahead windows to cover the whole file. Every dictionary batch and
 *   every record batch's metadata (which footerRows reads) is preloaded at once instead.
 * - apache-arrow reads each message body into a new buffer: a copy of our windows or preloaded
 *   ranges, 445 MB of allocations for a 445 MB file, and the garbage collections they set off. The
 *   bodies are lent instead: a record batch's from the window (it is used once, while its batch is
 *   handed over), a dictionary batch's from its preloaded range (kept as long as the dictionary).
 * A reader version without these internals keeps its own way.
 */
function readBlocksAhead(reader: RecordBatchReader, file: ReadAheadFile): void {
  const impl = (reader as unknown as { _impl?: BlockReader })._impl;
  const readFooter = impl?._readFooter;
  const handle = impl?._handle;
  if (!impl || typeof readFooter !== 'function' || !handle || typeof handle.read !== 'function') return;
  /** Where the message bodies start. */
  const bodies = new Set<number>();
  impl._readFooter = async function (this: BlockReader) {
    const footer = await readFooter.call(this);
    const ranges: ByteRange[] = [];
    for (const block of footer.dictionaryBatches()) {
      ranges.push({ start: block.offset, length: block.metaDataLength + block.bodyLength });
      bodies.add(block.offset + block.metaDataLength);
    }
    for (const block of footer.recordBatches()) {
      ranges.push({ start: block.offset, length: block.metaDataLength });
      bodies.add(block.offset + block.metaDataLength);
    }
    file.preload(ranges);
    return footer;
  };
  const read = handle.read;
  handle.read = function (this: typeof handle & object, nBytes) {
    const at = this.position;
    if (typeof nBytes !== 'number' || !bodies.has(at) || at + nBytes > this.size)
      return read.call(this, nBytes);
    this.position = at + nBytes;
    return file.view(at, nBytes);
  };
}

async function fileHead(handle: FileHandle, file: string): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) throw inputError(file, 'is empty (0 bytes): an Arrow IPC file holds at least its schema');
  const head = Buffer.alloc(6);
  const tail = Buffer.alloc(6);
  await handle.read(head, 0, 6, 0);
  await handle.read(tail, 0, 6, Math.max(0, size - 6));
  // A stream (starts with the continuation marker 0xFFFFFFFF) under a file's name is read as a stream.
  if (head.readUInt32LE(0) === 0xffffffff) return;
  if (head.toString('latin1') !== FILE_MAGIC)
    throw inputError(file, 'is not an Arrow IPC file (no ARROW1 magic at its start)');
  if (size < 12 || tail.toString('latin1') !== FILE_MAGIC)
    throw inputError(file, 'is truncated: the Arrow IPC file has no footer (no ARROW1 magic at its end)');
}

/**
 * The rows of an Arrow IPC file, from its footer's record batch blocks: each block's metadata (a few
 * hundred bytes, preloaded) holds the batch's length, so no body is read.
 */
async function footerRows(file: PositionalFile, reader: RecordBatchReader): Promise<number> {
  let rows = 0;
  for (const block of reader.footer?.recordBatches() ?? []) {
    const metadata = Buffer.alloc(block.metaDataLength);
    await file.read(metadata, 0, block.metaDataLength, block.offset);
    // The metadata is prefixed by the 0xFFFFFFFF continuation marker (since Arrow 0.15) and its length.
    const start = metadata.readInt32LE(0) === -1 ? 8 : 4;
    const message = Message.decode(metadata.subarray(start));
    if (message.isRecordBatch()) rows += message.header().length;
  }
  return rows;
}

/**
 * Reads an Arrow IPC file or stream one record batch at a time, handing `onBatch` the spec's columns
 * as typed-array readers; dictionaries are decoded once for the whole file. `onRows` is told a
 * file's row count (from its footer) before its first batch; a stream does not say it.
 */
export async function scanArrow(
  file: string,
  container: 'arrow-file' | 'arrow-stream',
  spec: TableSpec,
  onBatch: (batch: ColumnBatch) => void,
  onRows?: (rows: number) => void,
): Promise<void> {
  const what = container === 'arrow-file' ? 'Arrow IPC file' : 'Arrow IPC stream';
  const fail = (error: unknown) =>
    error instanceof SwarmscopeError
      ? error
      : inputError(file, `cannot be read as an ${what} (${(error as Error).message})`, error);
  const handle = container === 'arrow-file' ? await open(file) : null;
  try {
    let reader: RecordBatchReader;
    try {
      if (handle) await fileHead(handle, file);
      const positional = handle ? readAhead(handle) : null;
      reader = positional
        ? await RecordBatchReader.from(positional as unknown as FileHandle)
        : await RecordBatchReader.from(createReadStream(file));
      skipDictionaryMemoizing(reader);
      if (positional) readBlocksAhead(reader, positional);
      await reader.open();
      if (positional && reader.isFile()) {
        if (onRows) onRows(await footerRows(positional, reader));
        positional.release();
      }
    } catch (error) {
      throw fail(error);
    }
    const schema = reader.schema as Schema | undefined;
    if (!schema) throw inputError(file, `is not an ${what}: it holds no schema`);
    const indexes = columnIndexes(
      file,
      schema.fields.map((field) => field.name),
      spec,
    );
    const entries = new Map(spec.map((column) => [column.name, new DictionaryEntries()]));
    let firstRow = 0;
    const batches = reader[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await batches.next();
      } catch (error) {
        throw fail(error);
      }
      if (next.done) break;
      const batch = next.value;
      if (batch.numRows === 0) continue;
      const columns: ColumnBatch['columns'] = {};
      for (const [name, index] of indexes)
        columns[name] = columnAccess(batch.data.children[index]!, entries.get(name)!);
      onBatch({ length: batch.numRows, firstRow, columns });
      firstRow += batch.numRows;
    }
  } finally {
    await handle?.close();
  }
}
