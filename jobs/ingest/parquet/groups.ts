import type { FileHandle } from 'node:fs/promises';
import { FileDictionary } from './dictionaries.ts';
import { decodeColumnChunk } from './pages.ts';
import type { DecodedColumn, NativePlan, StringEntries } from './types.ts';

/**
 * One row group decoded, in the plan's column order; `added[c]` holds the entries column c's file
 * dictionary gained with this row group (its next codes, in order), null when none.
 */
export interface DecodedGroup {
  rows: number;
  columns: DecodedColumn[];
  added: (StringEntries | null)[];
}

/**
 * A row group's wanted chunks, those side by side (as files are written) read as one span: a
 * decoding thread with part of the columns reads its own, not the others' between them.
 */
async function readRowGroup(
  handle: FileHandle,
  group: NativePlan['rowGroups'][number],
): Promise<Uint8Array[]> {
  const { chunks } = group;
  const order = chunks.map((_, c) => c).sort((a, b) => chunks[a]!.start - chunks[b]!.start);
  const read: Uint8Array[] = [];
  const spans: Promise<void>[] = [];
  for (let k = 0; k < order.length; ) {
    const start = chunks[order[k]!]!.start;
    let end = start + chunks[order[k]!]!.length;
    let last = k;
    while (last + 1 < order.length && chunks[order[last + 1]!]!.start === end) {
      last++;
      end += chunks[order[last]!]!.length;
    }
    const members = order.slice(k, last + 1);
    spans.push(
      (async () => {
        const span = new Uint8Array(end - start);
        const { bytesRead } = await handle.read(span, 0, span.length, start);
        if (bytesRead < span.length)
          throw new Error(`the file ends inside a row group (byte ${start + bytesRead})`);
        for (const c of members)
          read[c] = span.subarray(chunks[c]!.start - start, chunks[c]!.start - start + chunks[c]!.length);
      })(),
    );
    k = last + 1;
  }
  await Promise.all(spans);
  return read;
}

/**
 * The row groups of `plan`'s file in order, each read (the next one's bytes while the current one
 * is decoded), decoded with its string keys coded in the file's dictionaries. Errors name the row group and column.
 */
export async function* decodedGroups(handle: FileHandle, plan: NativePlan): AsyncGenerator<DecodedGroup> {
  const dictionaries: FileDictionary[] = [];
  plan.dictionaryOf.forEach((of, c) => {
    dictionaries[c] = of === c ? new FileDictionary() : dictionaries[of]!;
  });
  const groups = plan.rowGroups;
  let next = groups.length > 0 ? readRowGroup(handle, groups[0]!) : null;
  try {
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      const chunks = await next!;
      next = g + 1 < groups.length ? readRowGroup(handle, groups[g + 1]!) : null;
      const added: (StringEntries | null)[] = [];
      const columns = plan.columns.map((column, c) => {
        try {
          const layout = { ...column.layout, codec: group.chunks[c]!.codec, rows: group.rows };
          const dictionary = dictionaries[c]!;
          const decoded = decodeColumnChunk(chunks[c]!, layout, dictionary);
          // A chunk that gave way to plain pages may still have added entries: the next codes all the same.
          added.push(dictionary.takeAdded());
          return decoded;
        } catch (error) {
          throw new Error(`row group ${g}, column "${column.name}": ${(error as Error).message}`, {
            cause: error,
          });
        }
      });
      yield { rows: group.rows, columns, added };
    }
  } finally {
    // A read-ahead left behind (an error, or the consumer stopped) must not reject unhandled.
    next?.catch(() => {});
  }
}
