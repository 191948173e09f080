import { EVENT_COLUMNS } from '../../shared/contract/index.ts';
import { type Logger, progress } from '../runtime/log.ts';
import { type EventAccess, EventSetBuilder, type EventSetBuilderOptions } from './builder.ts';
import { batchRecord, type ColumnBatch } from './columns.ts';
import { fileDigest, listInputFiles } from './files.ts';
import { scanInput } from './scan.ts';
import type { EventSet } from './types.ts';

/** Scratch flags for checking batches, grown to the largest batch seen. */
class BatchScratch {
  /** 1 for a row that plainly passes the contract's checks. */
  plain = new Uint8Array(0);

  fit(length: number): void {
    if (this.plain.length < length) this.plain = new Uint8Array(length);
  }
}

/**
 * Adds a batch of columns, decoded column by column (one tight loop each over its typed arrays).
 * Rows that plainly pass the contract's checks (ts, type, both ids present and different, event_id
 * present) go into the builder a run at a time; every other row goes through validateEventRow,
 * which decides it and words the reason, in its place between the runs, so the fast path and the
 * row-by-row path of the text formats give the same result.
 */
export function addEventBatch(
  builder: EventSetBuilder,
  batch: ColumnBatch,
  source: string,
  scratch = new BatchScratch(),
): void {
  const n = batch.length;
  const columns: EventAccess = {
    eventId: batch.columns.event_id!,
    actor: batch.columns.actor_id!,
    target: batch.columns.target_id!,
    content: batch.columns.content_id ?? null,
    text: batch.columns.text ?? null,
  };
  scratch.fit(n);
  const plain = scratch.plain;
  const decoded = builder.decodeArea(n);
  const { ts, type, actor, target } = decoded;
  batch.columns.ts!.millisInto(n, ts);
  batch.columns.type!.eventTypesInto(n, type);
  columns.actor.knownCodesInto(n, builder.accounts, actor);
  columns.target.knownCodesInto(n, builder.accounts, target);
  columns.content?.knownCodesInto(n, builder.contents, decoded.content);
  plain.fill(1, 0, n);
  columns.eventId.presentInto(n, plain);
  // The checks every row makes as flags OR-ed (no branch a check); the ids' texts are compared only
  // for a row whose codes are not both known yet (a code not known may still be the other's id).
  for (let i = 0; i < n; i++) {
    const actorCode = actor[i]!;
    const targetCode = target[i]!;
    const failed =
      (Number.isNaN(ts[i]!) ? 1 : 0) |
      (type[i]! >>> 31) |
      (actorCode === -1 ? 1 : 0) |
      (targetCode === -1 ? 1 : 0);
    if (failed !== 0) plain[i] = 0;
    else if (
      (actorCode | targetCode) < 0 ? columns.actor.sameText(i, columns.target) : actorCode === targetCode
    )
      plain[i] = 0;
  }
  for (let from = 0; from < n; ) {
    let to = from;
    while (to < n && plain[to] === 1) to++;
    if (to > from) builder.addRows(columns, decoded, from, to);
    if (to < n) builder.addRecord(batchRecord(batch, to), source, batch.firstRow + to);
    from = to + 1;
  }
}

/**
 * Reads the events of `paths` (files and directories, see listInputFiles) into one EventSet:
 * invalid rows become rejects with their reason, a repeated event_id is kept once and counted.
 * A file that cannot be read at all throws inputError naming it.
 */
export async function readEvents(
  paths: string[],
  options: { log?: Logger } & EventSetBuilderOptions = {},
): Promise<EventSet> {
  const files = await listInputFiles(paths, options);
  const builder = new EventSetBuilder(options);
  try {
    return await readInto(builder, files, options.log);
  } catch (error) {
    await builder.stop();
    throw error;
  }
}

/** Reads `files` into `builder`, file after file, then finishes it. */
async function readInto(
  builder: EventSetBuilder,
  files: string[],
  log: Logger | undefined,
): Promise<EventSet> {
  const scratch = new BatchScratch();
  const meter = log ? progress(log, 'ingest events', 'rows') : null;
  for (const file of files) {
    const digest = fileDigest(file);
    // A failed read must not leave the digest's rejection unhandled.
    digest.catch(() => {});
    let rows = 0;
    await scanInput(file, EVENT_COLUMNS, {
      rows(count) {
        builder.reserve(count);
      },
      batch(batch) {
        addEventBatch(builder, batch, file, scratch);
        rows += batch.length;
        meter?.tick(batch.length);
      },
      sink: {
        record(raw, row) {
          builder.addRecord(raw, file, row);
          rows += 1;
          meter?.tick();
        },
        malformed(reason, raw, row) {
          builder.reject(file, row, reason, raw);
          rows += 1;
          meter?.tick();
        },
      },
    });
    builder.files.push({ path: file, rows, ...(await digest) });
  }
  const events = await builder.finished();
  meter?.done({
    files: files.length,
    kept: events.columns.length,
    rejected: events.rejects.total,
    duplicates: events.duplicates,
  });
  return events;
}
