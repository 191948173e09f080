import { type EventRow, validateEventRow } from '../../shared/contract/index.ts';
import type { ColumnAccess } from './columns.ts';
import { createDictionary, StringColumnBuilder } from './dictionary.ts';
import { EventIdSet } from './event-ids.ts';
import type { Dictionary, EventColumns, EventSet, InputFileSummary, RejectRecord } from './types.ts';

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const grown = new (array.constructor as new (n: number) => T)(size);
  grown.set(array);
  return grown;
}

/** Rows whose event_id slots are warmed together: few enough that the lines are still cached when used. */
export const WARM_ROWS = 64;

/** JSON of a raw row, 64-bit integers as numbers. */
function rawJson(raw: unknown): string | null {
  if (raw === undefined) return null;
  return JSON.stringify(raw, (_key, value) => (typeof value === 'bigint' ? Number(value) : value));
}

/** The columns of a batch the fast path reads; the optional ones are null when the file lacks them. */
export interface EventAccess {
  eventId: ColumnAccess;
  actor: ColumnAccess;
  target: ColumnAccess;
  content: ColumnAccess | null;
  text: ColumnAccess | null;
}

/**
 * Accumulates validated events into columns. Duplicate event_ids are kept once and counted; the set
 * of ids seen is a hash table over the kept ids' own bytes (see EventIdSet).
 */
export class EventSetBuilder {
  private ts = new Float64Array(1024);
  private type = new Uint8Array(1024);
  private actor = new Int32Array(1024);
  private target = new Int32Array(1024);
  private content = new Int32Array(1024);
  private text = new Int32Array(1024);
  private length = 0;
  readonly eventIds = new StringColumnBuilder();
  private readonly seen = new EventIdSet(this.eventIds);
  readonly texts = new StringColumnBuilder();
  readonly rejects: RejectRecord[] = [];
  readonly files: InputFileSummary[] = [];
  duplicates = 0;

  constructor(
    readonly accounts: Dictionary = createDictionary(),
    readonly contents: Dictionary = createDictionary(),
  ) {}

  private resize(size: number): void {
    this.ts = grow(this.ts, size);
    this.type = grow(this.type, size);
    this.actor = grow(this.actor, size);
    this.target = grow(this.target, size);
    this.content = grow(this.content, size);
    this.text = grow(this.text, size);
  }

  private reserveRow(): number {
    if (this.length === this.ts.length) this.resize(this.length * 2);
    return this.length++;
  }

  /**
   * Makes room for `rows` more events at once, when a file tells its row count before its rows:
   * the columns and the event_id table are sized once instead of doubling (copies, rehashes).
   */
  reserve(rows: number): void {
    if (this.length + rows > this.ts.length) this.resize(this.length + rows);
    this.seen.reserve(rows);
  }

  private readonly idHashes = new Int32Array(WARM_ROWS);

  /**
   * Warms the event_id table for rows [from, from + WARM_ROWS) of a batch's id column, before they
   * are added: at 10M ids the table is far larger than the caches, and its misses dominate.
   */
  warmIds(column: ColumnAccess, from: number, length: number): void {
    const to = Math.min(length, from + WARM_ROWS);
    if (column.hashRows(from, to, this.idHashes)) this.seen.warm(this.idHashes, to - from);
  }

  /** Keeps the id just appended to eventIds unless it was seen before (then drops it and counts it). */
  private keepLastId(): boolean {
    if (this.seen.addLast()) return true;
    this.eventIds.pop();
    this.duplicates += 1;
    return false;
  }

  /** Adds one valid event. */
  add(row: EventRow): void {
    this.eventIds.push(row.event_id);
    if (!this.keepLastId()) return;
    const i = this.reserveRow();
    this.ts[i] = row.ts;
    this.type[i] = row.type;
    this.actor[i] = this.accounts.intern(row.actor_id);
    this.target[i] = this.accounts.intern(row.target_id);
    this.content[i] = row.content_id === null ? -1 : this.contents.intern(row.content_id);
    this.text[i] = row.text === null ? -1 : this.texts.push(row.text);
  }

  /** Validates one raw row (any container's values) and adds it, or rejects it with the reason. */
  addRecord(raw: Record<string, unknown>, source: string, row: number): void {
    const result = validateEventRow(raw);
    if (result.ok) this.add(result.value);
    else this.reject(source, row, result.reason, raw);
  }

  /**
   * Adds row i of a batch whose ts, type, actor_id and target_id the caller has checked as
   * validateEventRow does; the accounts come as codes when the columns knew them, else as texts
   * (interned here, after the duplicate check, in the row path's order). Returns false, adding
   * nothing, when event_id is missing: the row then belongs to addRecord.
   */
  addColumns(
    columns: EventAccess,
    i: number,
    ts: number,
    type: number,
    actor: number | string,
    target: number | string,
  ): boolean {
    if (columns.eventId.appendTo(this.eventIds, i) < 0) return false;
    if (!this.keepLastId()) return true;
    const row = this.reserveRow();
    this.ts[row] = ts;
    this.type[row] = type;
    this.actor[row] = typeof actor === 'number' ? actor : columns.actor.intern(i, this.accounts, actor);
    this.target[row] = typeof target === 'number' ? target : columns.target.intern(i, this.accounts, target);
    this.content[row] = columns.content ? this.contentCode(columns.content, i) : -1;
    this.text[row] = columns.text ? columns.text.appendTo(this.texts, i) : -1;
    return true;
  }

  private contentCode(column: ColumnAccess, i: number): number {
    const known = column.knownCode(i, this.contents);
    if (known !== -2) return known;
    const content = column.text(i);
    return content === null ? -1 : column.intern(i, this.contents, content);
  }

  reject(source: string, row: number, reason: string, raw: unknown): void {
    this.rejects.push({ source, row, reason, raw: rawJson(raw) });
  }

  finish(): EventSet {
    const n = this.length;
    const columns: EventColumns = {
      length: n,
      ts: this.ts.subarray(0, n),
      type: this.type.subarray(0, n),
      actor: this.actor.subarray(0, n),
      target: this.target.subarray(0, n),
      content: this.content.subarray(0, n),
      text: this.text.subarray(0, n),
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
