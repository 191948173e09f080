import type { Table } from 'apache-arrow';
import { inputError } from '../../../jobs/runtime/errors.ts';

/**
 * Reads a table's columns through their typed arrays once, so that the server holds plain arrays
 * per column (never one object per row). Missing numbers become NaN, missing strings null; a
 * missing column is an error that names the file.
 */
export function columnReader(table: Table, file: string) {
  const child = (name: string) => {
    const column = table.getChild(name);
    if (!column) throw inputError(file, `has no column ${name}`);
    return column;
  };
  return {
    rows: table.numRows,
    has: (name: string) => table.getChild(name) !== null,
    strings: (name: string) => child(name).toArray() as (string | null)[],
    numbers(name: string): Float64Array {
      const column = child(name);
      const raw = column.toArray() as ArrayLike<number | bigint>;
      const out = new Float64Array(column.length);
      for (let i = 0; i < out.length; i++) out[i] = column.isValid(i) ? Number(raw[i]) : Number.NaN;
      return out;
    },
    bools(name: string): Uint8Array {
      const column = child(name);
      const out = new Uint8Array(column.length);
      for (let i = 0; i < out.length; i++) out[i] = column.get(i) ? 1 : 0;
      return out;
    },
  };
}
