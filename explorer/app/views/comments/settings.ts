/** A reviewer's choice to see comments unblurred by default, kept in this browser only. */
const KEY = 'swarmscope.comments.revealByDefault';

export function revealByDefault(storage: Pick<Storage, 'getItem'> = localStorage): boolean {
  return storage.getItem(KEY) === 'true';
}

export function setRevealByDefault(value: boolean, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, String(value));
}
