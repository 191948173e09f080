import type { StringColumnBuilder } from './dictionary.ts';
import { hashBytes, StringIndex } from './string-index.ts';

/**
 * The set of event_ids kept so far: a StringIndex over the ids' own column (no second copy of the
 * bytes, no string object per id), so the answer is exact: two different ids are never taken as one.
 */
export class EventIdSet {
  private readonly index: StringIndex;

  constructor(private readonly ids: StringColumnBuilder) {
    this.index = new StringIndex(ids);
  }

  /** Makes room for `count` more ids without growing on the way. */
  reserve(count: number): void {
    this.index.reserve(count);
  }

  /** Warms the table for ids with these hashes, about to be added (see StringIndex.warm). */
  warm(hashes: Int32Array, count: number): number {
    return this.index.warm(hashes, count);
  }

  /** Adds the column's last id; false when an equal id was already added. */
  addLast(): boolean {
    const row = this.ids.length - 1;
    const bytes = this.ids.bytes;
    const start = this.ids.start(row);
    const end = this.ids.start(row + 1);
    const hash = hashBytes(bytes, start, end);
    if (this.index.find(bytes, start, end, hash) >= 0) return false;
    this.index.add(row, hash);
    return true;
  }
}
