/**
 * A set of account codes emptied in O(1): a slot per account holds a stamp, and the members are the
 * slots holding the current one. Scratch space reused candidate after candidate instead of a new Set.
 */
export class AccountMarks {
  private readonly stamps: Int32Array;
  private current = 1;

  constructor(accountCount: number) {
    this.stamps = new Int32Array(accountCount);
  }

  clear(): void {
    if (++this.current === 0x7fffffff) {
      this.stamps.fill(0);
      this.current = 1;
    }
  }

  /** Adds `account`; false when it was there already. */
  add(account: number): boolean {
    if (this.stamps[account] === this.current) return false;
    this.stamps[account] = this.current;
    return true;
  }

  has(account: number): boolean {
    return this.stamps[account] === this.current;
  }
}
