import { makeBuilder, Table, tableToIPC, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { arrowSchema, columnData, recordBatch } from '../../jobs/formats/arrow.ts';

/** The IPC bytes of one nullable utf8 column. */
function fileBytes(data: ReturnType<typeof columnData>): Buffer {
  const schema = arrowSchema([{ name: 'x', type: 'utf8', required: false, description: '' }]);
  return Buffer.from(tableToIPC(new Table(schema, [recordBatch(schema, data.length, [data])]), 'file'));
}

function viaBuilder(values: Array<string | null | undefined>) {
  const builder = makeBuilder({ type: new Utf8(), nullValues: [null, undefined] });
  for (const value of values) builder.append(value);
  return builder.finish().flush();
}

describe('columnData utf8', () => {
  it("writes the same file bytes as Arrow's per-value builder (padding, nulls, non-ASCII, empty)", () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const letters = ['a', 'Z', '0', ' ', 'é', '→', '😀', '中'];
    for (let trial = 0; trial < 300; trial++) {
      const length = Math.floor(random() ** 2 * 200);
      const nullShare = trial % 2 ? 0 : random();
      const unicode = trial % 3 === 0;
      const values = Array.from({ length }, () =>
        random() < nullShare
          ? null
          : Array.from({ length: Math.floor(random() * 10) }, () =>
              unicode ? letters[Math.floor(random() * letters.length)] : letters[Math.floor(random() * 4)],
            ).join(''),
      );
      expect(fileBytes(columnData('utf8', values))).toEqual(fileBytes(viaBuilder(values)));
    }
  });
});
