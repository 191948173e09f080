import { requiredColumns, type TableSpec } from '../../shared/contract/index.ts';
import { inputError } from '../runtime/errors.ts';

/**
 * Where each of the spec's columns is among a file's columns; a required column the file lacks
 * makes the file unreadable, an optional one is left out.
 */
export function columnIndexes(file: string, names: readonly string[], spec: TableSpec): Map<string, number> {
  const missing = requiredColumns(spec).filter((name) => !names.includes(name));
  if (missing.length > 0)
    throw inputError(
      file,
      `has no ${missing.map((name) => `"${name}"`).join(', ')} column (required; it has ${names.map((n) => `"${n}"`).join(', ') || 'none'})`,
    );
  const indexes = new Map<string, number>();
  for (const column of spec) {
    const index = names.indexOf(column.name);
    if (index >= 0) indexes.set(column.name, index);
  }
  return indexes;
}
