import { type EventRow, validateEventRow } from '../../shared/contract/index.ts';
import { sharedArray, sharedLike } from '../runtime/shared-memory.ts';
import type { ColumnAccess } from './columns.ts';
import { createDictionary, StringColumnBuilder } from './dictionary.ts';
import { RejectLog } from './rejects.ts';
import { findSuspects, resolveRepeats } from './repeats.ts';
import { RepeatsThread } from './repeats-finder.ts';
import { hashStrings } from './string-index.ts';
import type { Dictionary, EventColumns, EventSet, InputFileSummary } from './types.ts';

/** A larger copy of a column, on shared memory as they all are. */
function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const grown = sharedLike(array, size);
  grown.set(array);
  return grown;
}

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
 * A batch's columns decoded by whole column (see addEventBatch) in place, in the builder's own
 * columns after its rows so far (see decodeArea): ts in ms, EVENT_TYPES index, and the account and
 * content codes known so far (-2: not in the dictionary yet). Row i of the batch is at `first + i`.
 */
export interface DecodedRows {
  first: number;
  ts: Float64Array;
  type: Int8Array;
  actor: Int32Array;
  target: Int32Array;
  content: Int32Array;
}

/**
 * Inputs told to hold this many rows (see EventSetBuilder.reserve) or more have their repeated
 * event_ids sought on a thread: it takes ~0.15 s of CPU to start, on the core that may be reading
 * the accounts and follows meanwhile (readBeside), and saves the reading thread ~35 ns a row (the
 * event_ids hashed and their hashes partitioned there).
 */
const REPEATS_THREAD_ROWS = 2_000_000;

/**
 * How many messages hand the told rows' event_ids to the repeats thread. Each message wakes
 * the thread, which the kernel often starts on the waking core, the reading thread's, for a while: a
 * message a 64k-row batch took ~1 ms from the reading thread each (10M rows: ~0.15 s), one a 1M
 * rows ~1 ms in all. The thread then has an eighth of the rows at most to hash and gather once asked
 * (~35 ms at 10M). Inputs that tell no row count (a thread asked for) send every batch.
 */
const ID_MESSAGES = 8;

export interface EventSetBuilderOptions {
  /** Seek the repeated event_ids on a thread: by default once `reserve` tells REPEATS_THREAD_ROWS rows. */
  repeatsThread?: boolean;
}

/**
 * Accumulates validated events into columns. Every valid row is appended as it comes; the duplicate
 * event_ids are found at the end, over all the ids' hashes (see HashPartitions: hashed and gathered
 * on a thread as the rows come, for a large input), and only when there are some are their rows removed and the
 * dictionaries renumbered to the kept rows' first-seen order, so the result is exactly that of
 * dropping each duplicate as it came.
 */
export class EventSetBuilder {
  // On shared memory: the detector's pool threads read the events in place (see indexStage).
  private ts = sharedArray(Float64Array, 1024);
  private type = sharedArray(Uint8Array, 1024);
  private actor = sharedArray(Int32Array, 1024);
  private target = sharedArray(Int32Array, 1024);
  private content = sharedArray(Int32Array, 1024);
  private text = sharedArray(Int32Array, 1024);
  private length = 0;
  /**
   * Rows told by `reserve` whose event_id and text bytes are not reserved yet: that waits for a
   * first batch's averages.
   */
  private unsizedRows = 0;
  /** The row count when those rows were told. */
  private sizedFrom = 0;
  /** The text count when those rows were told. */
  private textsFrom = 0;
  /** In shared memory: a repeats thread reads them in place. */
  readonly eventIds = new StringColumnBuilder(true);
  /** In shared memory: a detector's pool thread reads the comments in place (see baselinesStage). */
  readonly texts = new StringColumnBuilder(true);
  /** Replaced by renumbered dictionaries when `finish` drops duplicates. */
  accounts: Dictionary = createDictionary();
  contents: Dictionary = createDictionary();
  readonly rejects = new RejectLog();
  readonly files: InputFileSummary[] = [];
  duplicates = 0;
  private readonly threadChoice: boolean | undefined;
  /** Hashes and gathers the event_ids of rows [0, idsSent) since it was started. */
  private repeatsThread: RepeatsThread | null = null;
  private idsSent = 0;
  /** Rows of event_ids a message to the repeats thread hands over at least (see ID_MESSAGES). */
  private idsAMessage = 1;

  constructor(options: EventSetBuilderOptions = {}) {
    this.threadChoice = options.repeatsThread;
    if (this.threadChoice) this.repeatsThread = new RepeatsThread(0);
  }

  private resize(size: number): void {
    this.ts = grow(this.ts, size);
    this.type = grow(this.type, size);
    this.actor = grow(this.actor, size);
    this.target = grow(this.target, size);
    this.content = grow(this.content, size);
    this.text = grow(this.text, size);
  }

  /** Makes room for `rows` more rows, doubling when they come one by one. */
  private ensure(rows: number): void {
    if (this.length + rows > this.ts.length) this.resize(Math.max(this.length + rows, this.ts.length * 2));
  }

  /**
   * Makes room for `rows` more events at once, when a file tells its row count before its rows:
   * the columns are sized once instead of doubling (copies).
   */
  reserve(rows: number): void {
    if (this.length + rows > this.ts.length) this.resize(this.length + rows);
    this.eventIds.reserveStrings(rows);
    this.unsizedRows = rows;
    this.sizedFrom = this.length;
    this.textsFrom = this.texts.length;
    if (!this.repeatsThread && (this.threadChoice ?? this.length + rows >= REPEATS_THREAD_ROWS)) {
      this.repeatsThread = new RepeatsThread(this.length + rows);
      this.idsAMessage = Math.ceil((this.length + rows) / ID_MESSAGES);
    }
  }

  /**
   * Reserves the told rows' event_id bytes, texts and text bytes at once, from what a row of the
   * first batch took (and a margin): no copy at each doubling (the room never used is never touched,
   * so it takes no memory).
   */
  private sizeStrings(): void {
    const measured = this.length - this.sizedFrom;
    const coming = (1.25 * (this.unsizedRows - measured)) / measured;
    const { eventIds: ids, texts } = this;
    ids.reserveBytes(Math.ceil((ids.start(ids.length) - ids.start(this.sizedFrom)) * coming));
    texts.reserveStrings(Math.ceil((texts.length - this.textsFrom) * coming));
    texts.reserveBytes(Math.ceil((texts.start(texts.length) - texts.start(this.textsFrom)) * coming));
    this.unsizedRows = 0;
  }

  /** Rows up to `to` have their event_ids appended: a run of them goes to the repeats thread, if any. */
  private idsAdded(to: number): void {
    if (this.repeatsThread && to - this.idsSent >= this.idsAMessage) this.sendIds(to);
  }

  /** Hands the event_ids of rows [idsSent, to) to the repeats thread. */
  private sendIds(to: number): void {
    this.repeatsThread!.send(this.eventIds, this.idsSent, to);
    this.idsSent = to;
  }

  /** Adds one valid event. */
  add(row: EventRow): void {
    this.ensure(1);
    const i = this.length++;
    this.eventIds.push(row.event_id);
    this.idsAdded(i + 1);
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
   * The slots of the next `rows` rows of each column, for a batch to decode its columns into (see
   * DecodedRows): no copy of them when its rows are added, each run in place. Valid until the batch
   * is added (adding its rows, or some of them, never moves the columns).
   */
  decodeArea(rows: number): DecodedRows {
    this.ensure(rows);
    const first = this.length;
    const end = first + rows;
    const type = this.type;
    return {
      first,
      ts: this.ts.subarray(first, end),
      type: new Int8Array(type.buffer, type.byteOffset + first, rows),
      actor: this.actor.subarray(first, end),
      target: this.target.subarray(first, end),
      content: this.content.subarray(first, end),
    };
  }

  /**
   * Adds rows [from, to) of a batch decoded into `decoded` (this builder's decodeArea), each of
   * which the caller has checked as validateEventRow does (event_id, actor and target present,
   * actors and targets different, ts and type decoded). Accounts and contents not known yet are
   * interned here, in row order, actor before target, as `add` does.
   */
  addRows(columns: EventAccess, decoded: DecodedRows, from: number, to: number): void {
    const count = to - from;
    this.ensure(count);
    const first = this.length;
    columns.eventId.appendRange(this.eventIds, from, to);
    this.idsAdded(first + count);
    const accounts = this.accounts;
    const { ts, type, actor, target, content, text } = this;
    // The rows are in place unless a row before them in the batch was not added: then moved down.
    const at = decoded.first + from;
    if (at !== first) {
      ts.copyWithin(first, at, at + count);
      type.copyWithin(first, at, at + count);
      actor.copyWithin(first, at, at + count);
      target.copyWithin(first, at, at + count);
      if (columns.content) content.copyWithin(first, at, at + count);
    }
    // The few rows with an id not coded yet (-2) interned in row order.
    for (let row = first, i = from; i < to; i++, row++)
      if ((actor[row]! | target[row]!) < 0) {
        if (actor[row]! < 0) actor[row] = columns.actor.internRow(i, accounts);
        if (target[row]! < 0) target[row] = columns.target.internRow(i, accounts);
      }
    if (columns.content) {
      const contents = this.contents;
      for (let row = first, i = from; i < to; i++, row++)
        if (content[row] === -2) content[row] = columns.content.internRow(i, contents);
    } else content.fill(-1, first, first + count);
    if (columns.text) columns.text.appendEach(this.texts, from, to, text, first);
    else text.fill(-1, first, first + count);
    this.length += count;
    if (this.unsizedRows > 0 && this.length - this.sizedFrom >= 1024) this.sizeStrings();
  }

  reject(source: string, row: number, reason: string, raw: unknown): void {
    this.rejects.add(source, row, reason, rawJson(raw));
  }

  /**
   * Removes the rows flagged in `drop` (repeated event_ids) with their ids and texts, and renumbers
   * the account and content codes in the kept rows' first-seen order: a dropped row must leave no
   * trace, not even an account only it named.
   */
  private dropRows(drop: Uint8Array): void {
    const textDropped = new Uint8Array(this.texts.length);
    let kept = 0;
    for (let row = 0; row < this.length; row++) {
      const text = this.text[row]!;
      if (drop[row]) {
        if (text >= 0) textDropped[text] = 1;
        continue;
      }
      this.ts[kept] = this.ts[row]!;
      this.type[kept] = this.type[row]!;
      this.actor[kept] = this.actor[row]!;
      this.target[kept] = this.target[row]!;
      this.content[kept] = this.content[row]!;
      this.text[kept] = text;
      kept += 1;
    }
    this.eventIds.removeFlagged(drop);
    this.texts.removeFlagged(textDropped);
    // Texts are numbered in row order, so a kept text's new index is the count of kept texts before it.
    let nextText = 0;
    for (let row = 0; row < kept; row++) if (this.text[row]! >= 0) this.text[row] = nextText++;
    this.length = kept;
    this.accounts = renumbered(this.accounts, [this.actor, this.target], kept);
    this.contents = renumbered(this.contents, [this.content], kept);
  }

  /** The event set, its repeated event_ids sought on this thread (a repeats thread, if any, is stopped). */
  finish(): EventSet {
    void this.stop();
    const hashes = new Int32Array(this.length);
    hashStrings(this.eventIds, 0, this.length, hashes, 0);
    return this.finishWith(findSuspects(hashes, this.length));
  }

  /** The event set, its repeated event_ids found by the repeats thread when there is one. */
  async finished(): Promise<EventSet> {
    const thread = this.repeatsThread;
    if (!thread) return this.finish();
    this.sendIds(this.length);
    this.repeatsThread = null;
    return this.finishWith(await thread.suspects());
  }

  /** Ends the repeats thread, if any (the read failed: no event set will be asked for). */
  async stop(): Promise<void> {
    const thread = this.repeatsThread;
    this.repeatsThread = null;
    await thread?.stop();
  }

  /** The event set, given the suspects of repeated event_ids (see HashPartitions.suspects). */
  private finishWith(suspects: Int32Array): EventSet {
    const ids = this.eventIds;
    const found = resolveRepeats(suspects, this.length, (earlier, later) => ids.sameStrings(earlier, later));
    if (found) {
      this.dropRows(found.repeated);
      this.duplicates += found.repeats;
    }
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

/**
 * A new dictionary with the codes `columns` use in rows [0, length), numbered in first-seen order
 * (row by row, the columns in the order given); the columns are rewritten to the new codes, -1 kept.
 */
function renumbered(dictionary: Dictionary, columns: Int32Array[], length: number): Dictionary {
  const fresh = createDictionary();
  const newCode = new Int32Array(dictionary.size).fill(-1);
  const ids = dictionary.ids;
  for (let row = 0; row < length; row++)
    for (const column of columns) {
      const code = column[row]!;
      if (code < 0) continue;
      if (newCode[code] === -1) newCode[code] = fresh.intern(ids[code]!);
      column[row] = newCode[code]!;
    }
  return fresh;
}
