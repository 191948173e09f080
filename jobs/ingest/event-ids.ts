import type { StringColumnBuilder } from './dictionary.ts';

/**
 * The set of event_ids kept so far, as an open-addressing table over the ids' own column: a slot
 * holds a row (+1) and that row's 32-bit hash side by side (one cache line per probe), 8 bytes a
 * slot, at most 70 % full, so 10M ids take 128 MB instead of the ~1 GB of a Set<string>. A hash match
 * is confirmed by comparing the bytes, so the answer is exact: two different ids are never taken as one.
 */
export class EventIdSet {
  /** slots[2s] = row + 1 (0 = empty), slots[2s + 1] = that row's hash. */
  private slots = new Int32Array(2 << 16);
  private size = 0;

  constructor(private readonly ids: StringColumnBuilder) {}

  /** Adds the column's last id; false when an equal id was already added. */
  addLast(): boolean {
    const row = this.ids.length - 1;
    const hash = this.ids.hash(row);
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[2 * slot]!;
      if (held === 0) {
        slots[2 * slot] = row + 1;
        slots[2 * slot + 1] = hash;
        this.size += 1;
        if (this.size * 10 > mask * 7) this.grow();
        return true;
      }
      if (slots[2 * slot + 1] === hash && this.ids.equal(held - 1, row)) return false;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const row = old[i]!;
      if (row === 0) continue;
      const hash = old[i + 1]!;
      let slot = hash & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = row;
      slots[2 * slot + 1] = hash;
    }
    this.slots = slots;
  }
}
