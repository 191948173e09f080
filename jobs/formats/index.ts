import type { TableSpec } from '../../shared/contract/index.ts';
import { buildTable, type ColumnValues, openArrowFileWriter } from './arrow.ts';

export type OutputFormat = 'arrow' | 'parquet' | 'ndjson' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['arrow', 'parquet', 'ndjson', 'csv'];
export const FORMAT_EXTENSION: Record<OutputFormat, string> = {
  arrow: '.arrow',
  parquet: '.parquet',
  ndjson: '.ndjson',
  csv: '.csv',
};

/** Writes one table in batches, in any of the contract's containers. */
export interface TableWriter {
  write(columns: Record<string, ColumnValues>): Promise<void>;
  close(): Promise<void>;
}

export async function openTableWriter(
  path: string,
  format: OutputFormat,
  spec: TableSpec,
): Promise<TableWriter> {
  switch (format) {
    case 'arrow': {
      const writer = openArrowFileWriter(path);
      return {
        async write(columns) {
          writer.write(buildTable(spec, columns));
        },
        close: () => writer.close(),
      };
    }
    default:
      throw new Error(`writing ${format} is not implemented yet`);
  }
}
