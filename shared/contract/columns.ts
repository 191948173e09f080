/** The logical column types the contract uses, shared by the input and output schemas. */
export type ColumnType = 'utf8' | 'float64' | 'int32' | 'int64' | 'bool' | 'timestamp_ms';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
  /** What the column means, as the README documents it. */
  readonly description: string;
}

export type TableSpec = readonly ColumnSpec[];

export function columnNames(spec: TableSpec): string[] {
  return spec.map((column) => column.name);
}

export function requiredColumns(spec: TableSpec): string[] {
  return spec.filter((column) => column.required).map((column) => column.name);
}
