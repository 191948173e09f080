import type { TableSpec } from '../../shared/contract/index.ts';
import { scanArrow } from './arrow.ts';
import type { ColumnBatch } from './columns.ts';
import { inputFormat } from './files.ts';
import { scanParquet } from './parquet.ts';
import { type RecordSink, scanCsv, scanNdjson } from './text.ts';

export interface ScanHandlers {
  /** Columnar containers (Arrow, Parquet) hand over batches of columns. */
  batch(batch: ColumnBatch): void;
  /** Text containers (NDJSON, CSV) hand over one record a row. */
  sink: RecordSink;
  /** A file's row count, when its container tells it before the rows (Arrow file, Parquet). */
  rows?(count: number): void;
}

/** Reads one input file of any accepted container, keeping the spec's columns. */
export async function scanInput(file: string, spec: TableSpec, handlers: ScanHandlers): Promise<void> {
  const format = inputFormat(file);
  switch (format) {
    case 'arrow-file':
    case 'arrow-stream':
      return scanArrow(file, format, spec, handlers.batch, handlers.rows);
    case 'parquet':
      return scanParquet(file, spec, handlers.batch, handlers.rows);
    case 'ndjson':
      return scanNdjson(file, handlers.sink);
    case 'csv':
      return scanCsv(file, spec, handlers.sink);
    case null:
      throw new Error(`scanInput: ${file} is not an input file (listInputFiles filters these)`);
  }
}
