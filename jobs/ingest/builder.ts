import type { EventRow } from '../../shared/contract/index.ts';
import { createDictionary, StringColumnBuilder } from './dictionary.ts';
import type { Dictionary, EventColumns, EventSet, InputFileSummary, RejectRecord } from './types.ts';

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const grown = new (array.constructor as new (n: number) => T)(size);
  grown.set(array);
  return grown;
}

/**
 * Accumulates validated events into columns. Duplicate event_ids are kept once and counted;
 * `seen` is the set of ids already kept.
 */
export class EventSetBuilder {
  private ts = new Float64Array(1024);
  private type = new Uint8Array(1024);
  private actor = new Int32Array(1024);
  private target = new Int32Array(1024);
  private content = new Int32Array(1024);
  private text = new Int32Array(1024);
  private length = 0;
  private readonly seen = new Set<string>();
  readonly eventIds = new StringColumnBuilder();
  readonly texts = new StringColumnBuilder();
  readonly rejects: RejectRecord[] = [];
  readonly files: InputFileSummary[] = [];
  duplicates = 0;

  constructor(
    readonly accounts: Dictionary = createDictionary(),
    readonly contents: Dictionary = createDictionary(),
  ) {}

  add(row: EventRow): void {
    if (this.seen.has(row.event_id)) {
      this.duplicates += 1;
      return;
    }
    this.seen.add(row.event_id);
    if (this.length === this.ts.length) {
      const size = this.length * 2;
      this.ts = grow(this.ts, size);
      this.type = grow(this.type, size);
      this.actor = grow(this.actor, size);
      this.target = grow(this.target, size);
      this.content = grow(this.content, size);
      this.text = grow(this.text, size);
    }
    const i = this.length++;
    this.ts[i] = row.ts;
    this.type[i] = row.type;
    this.actor[i] = this.accounts.intern(row.actor_id);
    this.target[i] = this.accounts.intern(row.target_id);
    this.content[i] = row.content_id === null ? -1 : this.contents.intern(row.content_id);
    this.text[i] = row.text === null ? -1 : this.texts.push(row.text);
    this.eventIds.push(row.event_id);
  }

  reject(source: string, row: number, reason: string, raw: unknown): void {
    this.rejects.push({ source, row, reason, raw: raw === undefined ? null : JSON.stringify(raw) });
  }

  finish(): EventSet {
    const n = this.length;
    const columns: EventColumns = {
      length: n,
      ts: this.ts.slice(0, n),
      type: this.type.slice(0, n),
      actor: this.actor.slice(0, n),
      target: this.target.slice(0, n),
      content: this.content.slice(0, n),
      text: this.text.slice(0, n),
    };
    return {
      columns,
      eventIds: this.eventIds,
      accounts: this.accounts,
      contents: this.contents,
      texts: this.texts,
      rejects: this.rejects,
      duplicates: this.duplicates,
      files: this.files,
    };
  }
}
