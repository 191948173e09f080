import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { writePlain } from 'hyparquet-writer/src/plain.js';
import { afterEach, describe, expect, it } from 'vitest';
import { batchRecord } from '../../jobs/ingest/columns.ts';
import { type EventSet, readAccounts, readEvents, readFollows } from '../../jobs/ingest/index.ts';
import { splitColumns } from '../../jobs/ingest/parquet/decode-threads.ts';
import { FileDictionary } from '../../jobs/ingest/parquet/dictionaries.ts';
import { readHybrid } from '../../jobs/ingest/parquet/pages.ts';
import { parquetReader, scanParquet } from '../../jobs/ingest/parquet.ts';
import { EVENT_COLUMNS } from '../../shared/contract/index.ts';
import { runCli } from '../helpers/cli.ts';
import {
  BASE_TS,
  generatedWorld,
  type Row,
  rejectRows,
  tempDir,
  validEvents,
  writeRows,
} from './fixtures.ts';

/** What an EventSet holds, as plain values (its dictionaries are objects with methods). */
function contents(events: EventSet) {
  const strings = (column: { length: number; get(i: number): string }) =>
    Array.from({ length: column.length }, (_, i) => column.get(i));
  return {
    columns: events.columns,
    eventIds: strings(events.eventIds),
    texts: strings(events.texts),
    accounts: events.accounts.ids,
    contents: events.contents.ids,
    rejects: events.rejects,
    duplicates: events.duplicates,
    files: events.files,
  };
}

/** Reads events natively and through DuckDB (SWARMSCOPE_PARQUET=duckdb); returns both. */
async function bothReaders(paths: string[]) {
  const native = await readEvents(paths);
  process.env.SWARMSCOPE_PARQUET = 'duckdb';
  try {
    return { native: contents(native), duckdb: contents(await readEvents(paths)) };
  } finally {
    delete process.env.SWARMSCOPE_PARQUET;
  }
}

afterEach(() => {
  delete process.env.SWARMSCOPE_PARQUET;
});

const sqlValue = (value: string | number | null) =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;

/**
 * Writes rows through DuckDB's own Parquet writer (data pages v1, dictionary or plain per chunk,
 * row groups of `rowGroupSize`); `ts` as `tsType` (TIMESTAMP: naive micros, TIMESTAMPTZ: UTC micros).
 */
async function duckdbParquet(
  file: string,
  rows: Row[],
  options: { compression: string; rowGroupSize?: number; tsType?: string; columns?: string[] },
): Promise<string> {
  const columns = options.columns ?? EVENT_COLUMNS.map((column) => column.name);
  const tuples = rows.map(
    (row) =>
      `(${columns.map((name) => (name === 'ts' ? `epoch_ms(${sqlValue(row.ts!)}::BIGINT)::${options.tsType ?? 'TIMESTAMP'}` : `${sqlValue(row[name] ?? null)}::VARCHAR`)).join(', ')})`,
  );
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await connection.run(
      `COPY (SELECT * FROM (VALUES ${tuples.join(', ')}) AS t(${columns.join(', ')})) TO '${file}' ` +
        `(FORMAT parquet, COMPRESSION ${options.compression}, ROW_GROUP_SIZE ${options.rowGroupSize ?? 122880})`,
    );
  } finally {
    connection.closeSync();
  }
  return file;
}

/** Events with empty strings and nulls where a real export has them. */
function awkwardEvents(count: number): Row[] {
  return validEvents(count).map((row, k) => ({
    ...row,
    content_id: k % 13 === 4 ? '' : (row.content_id ?? null),
    text: k % 17 === 3 ? '' : (row.text ?? null),
    actor_id: k % 101 === 50 ? null : (row.actor_id ?? null),
  }));
}

describe('FileDictionary', () => {
  it('codes row-group dictionaries by bytes: keys keep their values, each value is added once, in first-seen order', () => {
    const file = new FileDictionary();
    const encoder = new TextEncoder();
    const fileEntries: string[] = [];
    let state = 11;
    for (let group = 0; group < 12; group++) {
      // 3,000 entries a group drawn from 20,000 values: short ones (held in their slots), long ones,
      // non-ASCII ones, 12 and 13 bytes long (either side of the inline limit), and ones that differ
      // only by a trailing zero byte: the table grows.
      const values = new Set<string>();
      while (values.size < 3000) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        const n = state % 20_000;
        const shapes = [
          `long-value-${n}-é-${'x'.repeat(n % 40)}`,
          `${n}`.padStart(12, 'p'),
          `${n}`.padStart(13, '0'),
          `v${Math.floor(n / 7)}\0`,
          `é${n}`,
        ];
        values.add(shapes[n % 7] ?? `v${Math.floor(n / 7)}`);
      }
      const entries = [...values];
      // A PLAIN dictionary page: each value after its 4-byte length.
      const bytes = entries.map((value) => encoder.encode(value));
      const offsets = new Int32Array(entries.length + 1);
      bytes.forEach((value, e) => {
        offsets[e + 1] = offsets[e]! + 4 + value.length;
      });
      const page = new Uint8Array(offsets[entries.length]!);
      bytes.forEach((value, e) => {
        new DataView(page.buffer).setInt32(offsets[e]!, value.length, true);
        page.set(value, offsets[e]! + 4);
      });
      const keys = Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % entries.length);
      const expected = Array.from(keys, (key) => entries[key]);
      const codes = file.codes({ bytes: page, offsets, length: entries.length });
      keys.forEach((key, i) => {
        keys[i] = codes[key]!;
      });
      const added = file.takeAdded();
      const decoder = new TextDecoder();
      for (let e = 0; e < (added?.length ?? 0); e++)
        fileEntries.push(
          decoder.decode(added!.values.subarray(added!.valueOffsets[e], added!.valueOffsets[e + 1])),
        );
      expect(Array.from(keys, (key) => fileEntries[key])).toEqual(expected);
    }
    expect(new Set(fileEntries).size).toBe(fileEntries.length);
    expect(fileEntries.length).toBeGreaterThan(10_000);
  });
  it('gives a value a dictionary page repeats one code, added once', () => {
    const file = new FileDictionary();
    const values = ['ab', 'a-value-longer-than-twelve-bytes', 'ab', 'c', 'a-value-longer-than-twelve-bytes'];
    const encoded = values.map((value) => new TextEncoder().encode(value));
    const offsets = new Int32Array(values.length + 1);
    encoded.forEach((value, e) => {
      offsets[e + 1] = offsets[e]! + 4 + value.length;
    });
    const page = new Uint8Array(offsets[values.length]!);
    encoded.forEach((value, e) => {
      new DataView(page.buffer).setInt32(offsets[e]!, value.length, true);
      page.set(value, offsets[e]! + 4);
    });
    const codes = file.codes({ bytes: page, offsets, length: values.length });
    expect(Array.from(codes.subarray(0, values.length))).toEqual([0, 1, 0, 2, 1]);
    const added = file.takeAdded()!;
    const decoder = new TextDecoder();
    expect(
      Array.from({ length: added.length }, (_, e) =>
        decoder.decode(added.values.subarray(added.valueOffsets[e], added.valueOffsets[e + 1])),
      ),
    ).toEqual(['ab', 'a-value-longer-than-twelve-bytes', 'c']);
    expect(file.takeAdded()).toBeNull();
  });
});

describe('readHybrid', () => {
  it('reads RLE / bit-packed values of widths up to 24 as written, up to the last byte', () => {
    let state = 7;
    // (hyparquet-writer packs wider values wrongly: its bit buffer is 32 bits.)
    for (const width of [1, 2, 3, 7, 8, 9, 13, 16, 17, 20, 23, 24]) {
      // Runs and random values, so that the writer mixes RLE and bit-packed runs.
      const values = Array.from({ length: 1001 }, (_, i) => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return i % 100 < 20 ? 5 % 2 ** width : state % 2 ** width;
      });
      const writer = new ByteWriter();
      writeRleBitPackedHybrid(writer, values, width);
      const bytes = new Uint8Array(writer.getBuffer());
      const out = new Int32Array(values.length);
      readHybrid(bytes, 0, width, out, 0, values.length);
      expect(Array.from(out, (value) => value >>> 0)).toEqual(values);
    }
  });
});

describe('splitColumns', () => {
  it('deals every column to one decoding thread, weighing dictionary bytes for their merge', () => {
    const column = (name: string) => ({
      name,
      layout: { physical: 'BYTE_ARRAY' as const, width: 8 as const, optional: true },
      reading: { kind: 'utf8' as const },
    });
    const chunk = (length: number, dictionaryLength: number) => ({
      start: 4,
      length,
      dictionaryLength,
      codec: 'SNAPPY' as const,
    });
    const plan = {
      columns: ['a', 'b', 'c', 'd'].map(column),
      dictionaryOf: [0, 1, 2, 3],
      // b's dictionary makes it the costliest: it goes alone; a, c and d share the other thread.
      rowGroups: [{ rows: 10, chunks: [chunk(500, 0), chunk(300, 800), chunk(400, 0), chunk(100, 0)] }],
      rows: 10,
    };
    const parts = splitColumns(plan, 2);
    expect(parts.map((part) => part.columns)).toEqual([[1], [0, 2, 3]]);
    expect(parts[1]!.plan.columns.map((c) => c.name)).toEqual(['a', 'c', 'd']);
    expect(parts[1]!.plan.rowGroups[0]!.chunks.map((c) => c.length)).toEqual([500, 400, 100]);
    expect(parts[1]!.plan.dictionaryOf).toEqual([0, 1, 2]);

    // c coded in b's dictionary: the two go to one thread, c still coded in b's there.
    const shared = splitColumns({ ...plan, dictionaryOf: [0, 1, 1, 3] }, 2);
    expect(shared.map((part) => part.columns)).toEqual([
      [1, 2],
      [0, 3],
    ]);
    expect(shared.map((part) => part.plan.dictionaryOf)).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });
});

describe('the native Parquet reader', () => {
  it('reads a generated world (our writer: data pages v2, Snappy, a dictionary a row group) as DuckDB does', async () => {
    const dir = await generatedWorld(5, 10000, 'parquet');
    const events = join(dir, 'events.parquet');
    expect(await parquetReader(events, EVENT_COLUMNS)).toBe('native');
    const { native, duckdb } = await bothReaders([events]);
    expect(native.columns.length).toBe(10000);
    expect(native).toEqual(duckdb);

    // Accounts and follows go through the same reader, read against the events' accounts.
    const tables = async () => {
      const read = await readEvents([events]);
      return {
        accounts: await readAccounts([join(dir, 'accounts.parquet')], read.accounts),
        follows: await readFollows([join(dir, 'follows.parquet')], read.accounts),
      };
    };
    const nativeTables = await tables();
    process.env.SWARMSCOPE_PARQUET = 'duckdb';
    expect(nativeTables).toEqual(await tables());
    expect(nativeTables.follows.follower.length).toBeGreaterThan(0);
  });

  it.each([
    ['plain', new Set<string>()],
    ['dictionary', new Set(['ts', 'type', 'actor_id', 'target_id', 'content_id'])],
  ])(
    'reads several small row groups of our writer (%s pages), with nulls, empty strings and a missing optional column',
    async (_, dictionaryColumns) => {
      const dir = await tempDir();
      const spec = EVENT_COLUMNS.filter((column) => column.name !== 'text');
      const file = await writeRows(dir, 'events', 'parquet', awkwardEvents(700), {
        spec,
        batchSize: 128,
        dictionaryColumns,
      });
      expect(await parquetReader(file, EVENT_COLUMNS)).toBe('native');
      const { native, duckdb } = await bothReaders([file]);
      expect(native.rejects.total).toBeGreaterThan(0);
      expect(native).toEqual(duckdb);
    },
  );

  it.each([
    ['snappy', 'TIMESTAMP'],
    ['uncompressed', 'TIMESTAMPTZ'],
  ])('reads DuckDB-written files (data pages v1), %s, ts as %s', async (compression, tsType) => {
    const dir = await tempDir();
    const rows = awkwardEvents(5000);
    const file = await duckdbParquet(join(dir, 'events.parquet'), rows, {
      compression,
      tsType,
      rowGroupSize: 2048,
    });
    expect(await parquetReader(file, EVENT_COLUMNS)).toBe('native');
    const { native, duckdb } = await bothReaders([file]);
    expect(native.columns.ts[0]).toBe(BASE_TS);
    expect(native).toEqual(duckdb);
  });

  it('reads a chunk whose dictionary-encoded pages give way to plain pages (a writer fallback)', async () => {
    const dir = await tempDir();
    // Nulls in both pages; the plain page starts inside a validity byte (row 21).
    const rows = awkwardEvents(40).map((row, k) => (k === 5 || k === 30 ? { ...row, actor_id: null } : row));
    const file = join(dir, 'mixed.parquet');
    await writeFile(file, handMadeParquet(rows, 21));
    expect(await parquetReader(file, EVENT_COLUMNS)).toBe('native');
    const { native, duckdb } = await bothReaders([file]);
    expect(native.columns.length).toBeGreaterThan(30);
    expect(native).toEqual(duckdb);
    const { columns, eventIds, texts, accounts } = contents(
      await readEvents([await writeRows(dir, 'same', 'ndjson', rows)]),
    );
    expect({ columns, eventIds, texts, accounts }).toEqual({
      columns: native.columns,
      eventIds: native.eventIds,
      texts: native.texts,
      accounts: native.accounts,
    });
  });

  it('leaves a ZSTD file to DuckDB, which reads it', async () => {
    const dir = await tempDir();
    const rows = awkwardEvents(300);
    const file = await duckdbParquet(join(dir, 'zstd.parquet'), rows, { compression: 'zstd' });
    expect(await parquetReader(file, EVENT_COLUMNS)).toEqual({ declined: expect.stringContaining('ZSTD') });
    const fromZstd = contents(await readEvents([file]));
    const fromSnappy = contents(
      await readEvents([await duckdbParquet(join(dir, 'snappy.parquet'), rows, { compression: 'snappy' })]),
    );
    expect(fromZstd.columns).toEqual(fromSnappy.columns);
    expect((await rejectRows(fromZstd.rejects)).map((reject) => reject.reason)).toEqual(
      (await rejectRows(fromSnappy.rejects)).map((reject) => reject.reason),
    );
  });

  it('fails with one line naming the file when a page is corrupt', async () => {
    const dir = await tempDir();
    const file = await writeRows(dir, 'events', 'parquet', validEvents(300));
    const bytes = await readFile(file);
    // The first page's body (after the magic and its header) is the event_id column's Snappy data.
    bytes.fill(0xff, 40, 200);
    await writeFile(file, bytes);
    expect(await parquetReader(file, EVENT_COLUMNS)).toBe('native');
    await expect(readEvents([file])).rejects.toThrow(
      new RegExp(
        `^${file.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot be read as Parquet \\(row group 0, column "event_id"`,
      ),
    );
  });

  it('decodes on a worker thread to the same batches as inline, and words a corrupt page the same way', async () => {
    const dir = await tempDir();
    const file = await writeRows(dir, 'events', 'parquet', awkwardEvents(700), { batchSize: 128 });
    const read = async (decodeThread: boolean, from = file) => {
      const rows: unknown[] = [];
      const firstRows: number[] = [];
      await scanParquet(
        from,
        EVENT_COLUMNS,
        (batch) => {
          firstRows.push(batch.firstRow);
          for (let i = 0; i < batch.length; i++) rows.push(batchRecord(batch, i));
        },
        undefined,
        { decodeThread },
      );
      return { rows, firstRows };
    };
    const threaded = await read(true);
    expect(threaded.firstRows).toEqual([0, 128, 256, 384, 512, 640]);
    expect(threaded).toEqual(await read(false));
    // Uncompressed pages' strings are packed inside the read buffer, handed over from the threads whole.
    const uncompressed = await duckdbParquet(join(dir, 'plain.parquet'), awkwardEvents(5000), {
      compression: 'uncompressed',
      rowGroupSize: 2048,
    });
    expect(await read(true, uncompressed)).toEqual(await read(false, uncompressed));

    const bytes = await readFile(file);
    bytes.fill(0xff, 40, 200);
    await writeFile(file, bytes);
    const failure = (decodeThread: boolean) =>
      scanParquet(file, EVENT_COLUMNS, () => {}, undefined, { decodeThread }).then(
        () => 'read',
        (error: Error) => error.message,
      );
    const message = await failure(true);
    expect(message).toMatch(/cannot be read as Parquet \(row group 0, column "event_id"/);
    expect(message).toBe(await failure(false));
  });

  it('validate reads a Parquet file as a process, with the same summary as through DuckDB', async () => {
    const dir = await tempDir();
    const file = await writeRows(dir, 'events', 'parquet', awkwardEvents(500), { batchSize: 200 });
    const summary = async (env: Record<string, string>) => {
      const { code, stdout, stderr } = await runCli(['validate', '--json', '--events', file], { env });
      expect(code, stderr).toBe(0);
      const { events } = JSON.parse(stdout);
      return events;
    };
    const native = await summary({});
    expect(native).toMatchObject({ rows_read: 500, kept: 495 });
    expect(native).toEqual(await summary({ SWARMSCOPE_PARQUET: 'duckdb' }));
  });
});

/**
 * A one-row-group Parquet file (uncompressed, data pages v1, ts REQUIRED, the others OPTIONAL) whose actor_id
 * chunk holds a dictionary page, a dictionary-encoded page of the first `dictionaryRows` rows, then a
 * plain page of the rest, as writers do when a dictionary grows too big; the other columns are plain.
 */
function handMadeParquet(rows: Row[], dictionaryRows: number): Uint8Array {
  const writer = new ByteWriter();
  writer.appendBytes(new TextEncoder().encode('PAR1'));
  const schema = [
    { name: 'root', num_children: EVENT_COLUMNS.length },
    ...EVENT_COLUMNS.map((column) =>
      column.type === 'timestamp_ms'
        ? {
            name: column.name,
            type: 'INT64' as const,
            repetition_type: 'REQUIRED' as const,
            converted_type: 'TIMESTAMP_MILLIS' as const,
          }
        : {
            name: column.name,
            type: 'BYTE_ARRAY' as const,
            repetition_type: 'OPTIONAL' as const,
            converted_type: 'UTF8' as const,
          },
    ),
  ];
  const page = (
    values: (string | number | null)[],
    encode: (body: ByteWriter, present: unknown[]) => void,
    encoding: 'PLAIN' | 'RLE_DICTIONARY',
  ) => {
    const body = new ByteWriter();
    // The REQUIRED ts column (no nulls) has no definition levels.
    if (values.some((value) => typeof value !== 'number')) {
      const levels = new ByteWriter();
      writeRleBitPackedHybrid(
        levels,
        values.map((value) => (value === null ? 0 : 1)),
        1,
      );
      body.appendUint32(levels.offset);
      body.appendBytes(levels.getBytes());
    }
    encode(
      body,
      values.filter((value) => value !== null),
    );
    const size = body.offset;
    writePageHeader(writer, {
      type: 'DATA_PAGE',
      uncompressed_page_size: size,
      compressed_page_size: size,
      data_page_header: {
        num_values: values.length,
        encoding,
        definition_level_encoding: 'RLE',
        repetition_level_encoding: 'RLE',
      },
    });
    writer.appendBytes(body.getBytes());
  };
  const plain = (type: 'INT64' | 'BYTE_ARRAY') => (body: ByteWriter, present: unknown[]) =>
    writePlain(
      body,
      type === 'INT64' ? present.map((value) => BigInt(value as number)) : present,
      type,
      undefined,
    );
  const columns = EVENT_COLUMNS.map((column) => {
    const start = writer.offset;
    const values = rows.map((row) => row[column.name] ?? null);
    let dictionaryOffset: bigint | undefined;
    if (column.name === 'actor_id') {
      const head = values.slice(0, dictionaryRows);
      const entries = [...new Set(head.filter((value) => value !== null))] as string[];
      const dictionary = new ByteWriter();
      writePlain(dictionary, entries, 'BYTE_ARRAY', undefined);
      dictionaryOffset = BigInt(writer.offset);
      writePageHeader(writer, {
        type: 'DICTIONARY_PAGE',
        uncompressed_page_size: dictionary.offset,
        compressed_page_size: dictionary.offset,
        dictionary_page_header: { num_values: entries.length, encoding: 'PLAIN' },
      });
      writer.appendBytes(dictionary.getBytes());
      const dataOffset = writer.offset;
      page(
        head,
        (body, present) => {
          body.appendUint8(8);
          writeRleBitPackedHybrid(
            body,
            present.map((value) => entries.indexOf(value as string)),
            8,
          );
        },
        'RLE_DICTIONARY',
      );
      page(values.slice(dictionaryRows), plain('BYTE_ARRAY'), 'PLAIN');
      return { column, start, dictionaryOffset, dataOffset };
    }
    page(values, plain(column.type === 'timestamp_ms' ? 'INT64' : 'BYTE_ARRAY'), 'PLAIN');
    return { column, start, dictionaryOffset, dataOffset: start };
  });
  const ends = [...columns.slice(1).map((column) => column.start), writer.offset];
  const metadataStart = writer.offset;
  writeMetadata(writer, {
    version: 1,
    metadata_length: 0,
    schema,
    num_rows: BigInt(rows.length),
    row_groups: [
      {
        num_rows: BigInt(rows.length),
        total_byte_size: BigInt(metadataStart - 4),
        columns: columns.map(({ column, start, dictionaryOffset, dataOffset }, c) => ({
          file_offset: BigInt(start),
          meta_data: {
            type: column.type === 'timestamp_ms' ? 'INT64' : 'BYTE_ARRAY',
            encodings: column.name === 'actor_id' ? ['PLAIN', 'RLE', 'RLE_DICTIONARY'] : ['PLAIN', 'RLE'],
            path_in_schema: [column.name],
            codec: 'UNCOMPRESSED',
            num_values: BigInt(rows.length),
            total_uncompressed_size: BigInt(ends[c]! - start),
            total_compressed_size: BigInt(ends[c]! - start),
            data_page_offset: BigInt(dataOffset),
            ...(dictionaryOffset === undefined ? {} : { dictionary_page_offset: dictionaryOffset }),
          },
        })),
      },
    ],
  });
  writer.appendUint32(writer.offset - metadataStart);
  writer.appendBytes(new TextEncoder().encode('PAR1'));
  return new Uint8Array(writer.getBytes());
}
