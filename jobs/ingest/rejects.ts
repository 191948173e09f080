import { createReadStream, rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordBatchReader } from 'apache-arrow';
import { REJECT_COLUMNS } from '../../shared/contract/index.ts';
import type { TableWriter } from '../formats/index.ts';
import { optionError } from '../runtime/errors.ts';
import { ownerGone, ownerTag } from '../runtime/owner.ts';

/** Environment variable setting how many rejected rows a RejectLog holds in memory before spilling. */
export const REJECTS_IN_MEMORY_ENV = 'SWARMSCOPE_REJECTS_IN_MEMORY';
const DEFAULT_IN_MEMORY = 65_536;
/** Characters of held rows (source, reason, raw) before a spill, whatever the row count: raw rows can be long. */
const DEFAULT_IN_MEMORY_CHARS = 16 << 20;
const SPILL_PREFIX = 'swarmscope-rejects-';

/** Rejected rows as the columns of REJECT_COLUMNS. */
export type RejectBatch = { source: string[]; row: number[]; reason: string[]; raw: (string | null)[] };

function emptyBatch(): RejectBatch {
  return { source: [], row: [], reason: [], raw: [] };
}

/** A reason up to its value (`unparsable timestamp: ts`, not each bad value), so that counts stay few. */
export function reasonKind(reason: string): string {
  return reason.replace(/=.*$/, '').replace(/ \(.*$/, '');
}

function inMemoryDefault(): number {
  const text = process.env[REJECTS_IN_MEMORY_ENV];
  if (text === undefined || text === '') return DEFAULT_IN_MEMORY;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw optionError(REJECTS_IN_MEMORY_ENV, `must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/** Spill directories of logs not disposed yet: removed if the process exits first. */
const liveSpills = new Set<string>();
let exitHookSet = false;

/**
 * Tracks a spill directory for removal at exit, and removes the spill directories that killed
 * processes of this host left (they ran no exit hook).
 */
async function trackSpill(dir: string): Promise<void> {
  liveSpills.add(dir);
  if (!exitHookSet) {
    process.once('exit', () => {
      for (const spill of liveSpills) rmSync(spill, { recursive: true, force: true });
    });
    exitHookSet = true;
  }
  const root = tmpdir();
  // `<prefix><owner>-<the 6 characters of mkdtemp>`
  for (const name of await readdir(root))
    if (name.startsWith(SPILL_PREFIX) && ownerGone(name.slice(SPILL_PREFIX.length, -7)))
      await rm(join(root, name), { recursive: true, force: true });
}

export interface RejectLogOptions {
  /** Rows held in memory; beyond it they go to a temporary Arrow stream. Default: $SWARMSCOPE_REJECTS_IN_MEMORY or 65536. */
  inMemory?: number;
  /** Characters of the held rows' source, reason and raw text beyond which they go there too. Default: 16 Mi. */
  inMemoryChars?: number;
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw optionError(option, `must be a positive integer, got ${value}`);
  return value;
}

/**
 * The rejected rows of one table, in memory bounded however many and however long they are: counts by
 * reason kind in memory, the rows themselves held up to `inMemory` rows or `inMemoryChars` characters,
 * then spilled in batches to a temporary Arrow IPC stream under os.tmpdir(). Rows are added while reading, read back in order by `batches()` once all are
 * in, and the temporary file goes on `dispose()` (or when the process exits).
 */
export class RejectLog {
  private count = 0;
  private readonly kinds = new Map<string, number>();
  private readonly inMemory: number;
  private readonly inMemoryChars: number;
  private held = emptyBatch();
  private heldChars = 0;
  /** Spill writes, one after another; a failure surfaces in `batches()`. */
  private pending: Promise<void> = Promise.resolve();
  private spillDir: string | null = null;
  private writer: TableWriter | null = null;
  private sealed = false;

  constructor(options: RejectLogOptions = {}) {
    this.inMemory = positiveInteger('inMemory', options.inMemory ?? inMemoryDefault());
    this.inMemoryChars = positiveInteger('inMemoryChars', options.inMemoryChars ?? DEFAULT_IN_MEMORY_CHARS);
  }

  /** How many rows were rejected. */
  get total(): number {
    return this.count;
  }

  /** Rejected rows counted by reason kind (see reasonKind), in first-seen order. */
  get byReason(): ReadonlyMap<string, number> {
    return this.kinds;
  }

  /** Adds a rejected row: its file, its 0-based row, why, and the row as read (as JSON). */
  add(source: string, row: number, reason: string, raw: string | null): void {
    if (this.sealed) throw new Error('RejectLog: a row was added after the log was read');
    this.count += 1;
    const kind = reasonKind(reason);
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
    const held = this.held;
    held.source.push(source);
    held.row.push(row);
    held.reason.push(reason);
    held.raw.push(raw);
    this.heldChars += source.length + reason.length + (raw?.length ?? 0);
    if (held.row.length >= this.inMemory || this.heldChars >= this.inMemoryChars) this.spillHeld();
  }

  private spillHeld(): void {
    const batch = this.held;
    this.held = emptyBatch();
    this.heldChars = 0;
    this.pending = this.pending.then(async () => {
      if (!this.writer) {
        // Loaded at the first spill only: the writers (Parquet's above all) cost a reading thread ~0.07 s to load.
        const { openTableWriter } = await import('../formats/index.ts');
        this.spillDir = await mkdtemp(join(tmpdir(), `${SPILL_PREFIX}${ownerTag()}-`));
        await trackSpill(this.spillDir);
        this.writer = await openTableWriter(this.spillFile(), 'arrows', REJECT_COLUMNS);
      }
      await this.writer.write(batch);
    });
    // Handled here so a failed spill is not an unhandled rejection; `batches()` awaits and rethrows it.
    this.pending.catch(() => {});
  }

  private spillFile(): string {
    return join(this.spillDir!, 'rejects.arrows');
  }

  /** Finishes the spill file: no row may be added after. */
  private async seal(): Promise<void> {
    this.sealed = true;
    await this.pending;
    const writer = this.writer;
    this.writer = null;
    await writer?.close();
  }

  /** Every row in the order added, a batch (as held before a spill) at a time; may be read again until disposed. */
  async *batches(): AsyncGenerator<RejectBatch> {
    await this.seal();
    if (this.spillDir) {
      for await (const batch of await RecordBatchReader.from(createReadStream(this.spillFile()))) {
        yield {
          source: batch.getChild('source')!.toArray() as string[],
          row: Array.from(batch.getChild('row')!.toArray() as BigInt64Array, Number),
          reason: batch.getChild('reason')!.toArray() as string[],
          raw: batch.getChild('raw')!.toArray() as (string | null)[],
        };
      }
    }
    if (this.held.row.length > 0) yield this.held;
  }

  /** Removes the spill file; the log holds no rows after. */
  async dispose(): Promise<void> {
    await this.seal().catch(() => {});
    this.held = emptyBatch();
    this.heldChars = 0;
    const dir = this.spillDir;
    this.spillDir = null;
    if (dir) {
      liveSpills.delete(dir);
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The rows of several logs (null ones skipped), one log after another, batch by batch. */
export async function* rejectBatches(
  logs: readonly (RejectLog | null | undefined)[],
): AsyncGenerator<RejectBatch> {
  for (const log of logs) if (log) yield* log.batches();
}
