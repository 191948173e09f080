import type { Table } from 'apache-arrow';

/**
 * Column readers that go through each column's typed arrays once, so that the server holds plain
 * arrays per column (never one object per row). Missing numbers become NaN, missing strings null.
 */
function child(table: Table, name: string) {
  const column = table.getChild(name);
  if (!column) throw new Error(`column ${name} is missing`);
  return column;
}

export function hasColumn(table: Table, name: string): boolean {
  return table.getChild(name) !== null;
}

export function stringColumn(table: Table, name: string): (string | null)[] {
  return child(table, name).toArray() as (string | null)[];
}

export function numberColumn(table: Table, name: string): Float64Array {
  const column = child(table, name);
  const raw = column.toArray() as ArrayLike<number | bigint>;
  const out = new Float64Array(column.length);
  for (let i = 0; i < out.length; i++) out[i] = column.isValid(i) ? Number(raw[i]) : Number.NaN;
  return out;
}

export function boolColumn(table: Table, name: string): Uint8Array {
  const column = child(table, name);
  const out = new Uint8Array(column.length);
  for (let i = 0; i < out.length; i++) out[i] = column.get(i) ? 1 : 0;
  return out;
}
