import type { TableSpec } from '../../shared/contract/index.ts';
import { type ColumnValues, columnsLength } from './arrow.ts';
import { openArrowWriter } from './arrow-writer.ts';
import { openParquetWriter } from './parquet-writer.ts';
import { openTextWriter } from './text-writer.ts';

export type { ColumnValues } from './arrow.ts';

export type OutputFormat = 'arrow' | 'arrows' | 'parquet' | 'ndjson' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['arrow', 'arrows', 'parquet', 'ndjson', 'csv'];
export const FORMAT_EXTENSION: Record<OutputFormat, string> = {
  arrow: '.arrow',
  arrows: '.arrows',
  parquet: '.parquet',
  ndjson: '.ndjson',
  csv: '.csv',
};

/**
 * utf8 columns Arrow and Parquet output dictionary-encode: ids and low-cardinality values repeat across rows,
 * as in platform exports; event_id and text are unique and stay plain.
 */
export const DICTIONARY_COLUMNS: ReadonlySet<string> = new Set([
  'type',
  'actor_id',
  'target_id',
  'content_id',
  'account_id',
  'country',
  'lang',
  'follower_id',
  'followee_id',
]);

/** Writes one table in batches, in any of the contract's containers. */
export interface TableWriter {
  /** Appends a batch: every column of the spec, all of the same length (timestamps as epoch ms). */
  write(columns: Record<string, ColumnValues>): Promise<void>;
  /** Finishes the file; a writer closed without batches leaves a valid 0-row file with its schema/header. */
  close(): Promise<void>;
}

export async function openTableWriter(
  path: string,
  format: OutputFormat,
  spec: TableSpec,
  options: { dictionaryColumns?: ReadonlySet<string> } = {},
): Promise<TableWriter> {
  const dictionaryColumns = options.dictionaryColumns ?? DICTIONARY_COLUMNS;
  const writer =
    format === 'arrow' || format === 'arrows'
      ? openArrowWriter(path, spec, { container: format === 'arrow' ? 'file' : 'stream', dictionaryColumns })
      : format === 'parquet'
        ? openParquetWriter(path, spec, dictionaryColumns)
        : openTextWriter(path, format, spec);
  return {
    async write(columns) {
      await writer.write(columns, columnsLength(spec, columns, `writing ${path}`));
    },
    close: () => writer.close(),
  };
}

/** Writes one table from batches (any iterable of them, awaited in turn), never holding more than one batch. */
export async function writeTableBatches(
  path: string,
  format: OutputFormat,
  spec: TableSpec,
  batches: AsyncIterable<Record<string, ColumnValues>> | Iterable<Record<string, ColumnValues>>,
): Promise<void> {
  const writer = await openTableWriter(path, format, spec);
  for await (const batch of batches) await writer.write(batch);
  await writer.close();
}
