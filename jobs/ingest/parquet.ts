import { type FileHandle, open } from 'node:fs/promises';
import { isMainThread } from 'node:worker_threads';
import type { TableSpec } from '../../shared/contract/index.ts';
import { inputError, optionError, SwarmscopeError } from '../runtime/errors.ts';
import type { ColumnBatch } from './columns.ts';
import { nativePlan, readMetadata } from './parquet/metadata.ts';
import { scanNative } from './parquet/native.ts';
import type { NativePlan } from './parquet/types.ts';

/** A failure's first line, to word it in one. */
export const firstLine = (error: unknown) => String((error as Error).message).split('\n')[0];

/** Which reader SWARMSCOPE_PARQUET asks for: `native` (the default: natively when it can) or `duckdb`. */
function readerChoice(): 'native' | 'duckdb' {
  const choice = process.env.SWARMSCOPE_PARQUET ?? 'native';
  if (choice !== 'native' && choice !== 'duckdb')
    throw optionError('SWARMSCOPE_PARQUET', `must be "native" or "duckdb", got "${choice}"`);
  return choice;
}

/**
 * Opens a file for the native reader when its metadata says it can read it all (see nativePlan),
 * else says why it is left to DuckDB: unreadable metadata included, so that DuckDB words that
 * failure. Throws inputError when the file lacks a required column.
 */
async function openNative(
  file: string,
  spec: TableSpec,
): Promise<{ handle: FileHandle; plan: NativePlan } | { declined: string }> {
  if (readerChoice() === 'duckdb') return { declined: 'SWARMSCOPE_PARQUET=duckdb' };
  const handle = await open(file).catch(() => null);
  if (!handle) return { declined: 'cannot be opened' };
  let plan: NativePlan | { declined: string };
  try {
    const metadata = await readMetadata(handle).catch(() => null);
    plan = metadata
      ? nativePlan(file, metadata, spec, (await handle.stat()).size)
      : { declined: 'unreadable metadata' };
  } catch (error) {
    await handle.close();
    throw error;
  }
  if ('declined' in plan) {
    await handle.close();
    return plan;
  }
  return { handle, plan };
}

/** How `scanParquet` reads a file: 'native', or the reason it leaves the file to DuckDB. */
export async function parquetReader(file: string, spec: TableSpec): Promise<'native' | { declined: string }> {
  const native = await openNative(file, spec);
  if ('declined' in native) return native;
  await native.handle.close();
  return 'native';
}

/**
 * Files of this many rows or more are decoded on a worker thread (starting one costs ~0.2 s), when
 * read on the main thread: a reading thread (readBeside) decodes inline, the other core being busy.
 */
const THREAD_ROWS = 1_000_000;

/**
 * Reads a Parquet file as `onBatch` batches of the spec's columns; `onRows` is told the file's row
 * count (from its metadata) first. Flat files of Snappy or uncompressed PLAIN / dictionary pages
 * (what most exporters and our own writer produce) are decoded natively, a row group a batch,
 * dictionaries kept as keys + entries (on a worker thread for large files, or as
 * `options.decodeThread` says); any other file goes through DuckDB.
 */
export async function scanParquet(
  file: string,
  spec: TableSpec,
  onBatch: (batch: ColumnBatch) => void,
  onRows?: (rows: number) => void,
  options: { decodeThread?: boolean } = {},
): Promise<void> {
  const native = await openNative(file, spec);
  if ('declined' in native) {
    // Loaded only for a file it reads: DuckDB takes ~0.15 s of CPU to load, in every thread that reads.
    const { scanWithDuckDb } = await import('./parquet/duckdb.ts');
    return scanWithDuckDb(file, spec, onBatch, onRows);
  }
  try {
    onRows?.(native.plan.rows);
    await scanNative(file, native.handle, native.plan, onBatch, {
      thread: options.decodeThread ?? (isMainThread && native.plan.rows >= THREAD_ROWS),
      fail: (error) =>
        error instanceof SwarmscopeError
          ? error
          : inputError(file, `cannot be read as Parquet (${firstLine(error)})`, error),
    });
  } finally {
    await native.handle.close();
  }
}
