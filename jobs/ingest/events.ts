import { EVENT_COLUMNS } from '../../shared/contract/index.ts';
import { type Logger, progress } from '../runtime/log.ts';
import { type EventAccess, EventSetBuilder, WARM_ROWS } from './builder.ts';
import { batchRecord, type ColumnBatch } from './columns.ts';
import { fileDigest, listInputFiles } from './files.ts';
import { scanInput } from './scan.ts';
import type { EventSet } from './types.ts';

/**
 * Adds a batch of columns. Rows that plainly pass the contract's checks (ts, type, both ids present
 * and different, event_id present) go straight from the typed arrays into the builder; every other
 * row goes through validateEventRow, which decides it and words the reason, so the fast path and
 * the row-by-row path of the text formats give the same result.
 */
export function addEventBatch(builder: EventSetBuilder, batch: ColumnBatch, source: string): void {
  const { ts: tsColumn, type: typeColumn } = batch.columns;
  const columns: EventAccess = {
    eventId: batch.columns.event_id!,
    actor: batch.columns.actor_id!,
    target: batch.columns.target_id!,
    content: batch.columns.content_id ?? null,
    text: batch.columns.text ?? null,
  };
  const accounts = builder.accounts;
  for (let i = 0; i < batch.length; i++) {
    if (i % WARM_ROWS === 0) builder.warmIds(columns.eventId, i, batch.length);
    const ts = tsColumn!.millis(i);
    const type = Number.isNaN(ts) ? -1 : typeColumn!.eventType(i);
    if (type >= 0) {
      // Ids already seen come as codes (no string touched); new ones as texts.
      const actorCode = columns.actor.knownCode(i, accounts);
      const targetCode = columns.target.knownCode(i, accounts);
      if (actorCode >= 0 && targetCode >= 0) {
        if (actorCode !== targetCode && builder.addColumns(columns, i, ts, type, actorCode, targetCode))
          continue;
      } else if (actorCode !== -1 && targetCode !== -1) {
        const actorId = columns.actor.text(i);
        const targetId = columns.target.text(i);
        if (actorId !== null && targetId !== null && actorId !== targetId)
          if (builder.addColumns(columns, i, ts, type, actorId, targetId)) continue;
      }
    }
    builder.addRecord(batchRecord(batch, i), source, batch.firstRow + i);
  }
}

/**
 * Reads the events of `paths` (files and directories, see listInputFiles) into one EventSet:
 * invalid rows become rejects with their reason, a repeated event_id is kept once and counted.
 * A file that cannot be read at all throws inputError naming it.
 */
export async function readEvents(paths: string[], options: { log?: Logger } = {}): Promise<EventSet> {
  const builder = new EventSetBuilder();
  const files = await listInputFiles(paths, options);
  const log = options.log;
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
        addEventBatch(builder, batch, file);
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
  const events = builder.finish();
  meter?.done({
    files: files.length,
    kept: events.columns.length,
    rejected: events.rejects.length,
    duplicates: events.duplicates,
  });
  return events;
}
