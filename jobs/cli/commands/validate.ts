import { rename, rm } from 'node:fs/promises';
import type { Command } from 'commander';
import { REJECT_COLUMNS } from '../../../shared/contract/index.ts';
import type { InputFileSummary, RejectLog } from '../../ingest/index.ts';
import { outputError } from '../../runtime/errors.ts';
import { createLogger } from '../../runtime/log.ts';

interface ValidateFlags {
  events: string[];
  accounts?: string[];
  follows?: string[];
  rejects?: string;
  json?: boolean;
}

interface TableSummary {
  files: { path: string; rows: number; bytes: number; sha256: string }[];
  rows_read: number;
  rejected: number;
  /** Valid rows about accounts the events never mention (accounts, follows). */
  unknown?: number;
}

function tableSummary(files: InputFileSummary[], rejects: RejectLog, unknown?: number): TableSummary {
  return {
    files: files.map(({ path, rows, bytes, sha256 }) => ({ path, rows, bytes, sha256 })),
    rows_read: files.reduce((sum, file) => sum + file.rows, 0),
    rejected: rejects.total,
    ...(unknown === undefined ? {} : { unknown }),
  };
}

/** Writes the logs' rows batch by batch to a temporary file, renamed to `path` once complete. */
async function writeRejects(path: string, logs: readonly (RejectLog | null)[]): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const [{ writeTableBatches }, { rejectBatches }] = await Promise.all([
    import('../../formats/index.ts'),
    import('../../ingest/index.ts'),
  ]);
  try {
    await writeTableBatches(tmp, 'arrow', REJECT_COLUMNS, rejectBatches(logs));
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw outputError(path, `cannot be written (${(error as Error).message})`, error);
  }
}

function printSummary(
  summary: Record<string, unknown> & { events: TableSummary & Record<string, unknown> },
): void {
  const e = summary.events;
  const lines = [
    `events: ${e.files.length} file(s), ${e.rows_read} rows read, ${e.kept} kept, ${e.rejected} rejected, ${e.duplicates} duplicates`,
    ...Object.entries(e.rejected_by_reason as Record<string, number>).map(
      ([reason, n]) => `  rejected ${n}: ${reason}`,
    ),
    `  ${e.accounts} accounts, ${e.contents} videos/rooms; ${summary.rows_per_second} rows/s over ${summary.elapsed_ms} ms`,
  ];
  for (const name of ['accounts', 'follows'] as const) {
    const table = summary[name] as (TableSummary & { kept: number }) | undefined;
    if (table)
      lines.push(
        `${name}: ${table.files.length} file(s), ${table.rows_read} rows read, ${table.kept} kept, ${table.rejected} rejected, ${table.unknown} about accounts not in the events`,
      );
  }
  if (summary.rejects_file) lines.push(`rejects written to ${summary.rejects_file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Read and check input tables against the data contract; summarise, and keep the rejected rows',
    )
    .requiredOption('--events <paths...>', 'event files or directories (every accepted file in them)')
    .option('--accounts <paths...>', 'accounts table(s)')
    .option('--follows <paths...>', 'follow graph before the window')
    .option('--rejects <file>', 'write every rejected row (source, row, reason, raw) to this Arrow file')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (flags: ValidateFlags) => {
      // Loaded when the command runs, so that every other command starts without the readers.
      const { readBeside, readEvents } = await import('../../ingest/index.ts');
      const log = createLogger({ command: 'validate' });
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const beside = readBeside({ accounts: flags.accounts, follows: flags.follows }, { log });
      const events = await readEvents(flags.events, { log }).catch(async (error: unknown) => {
        await beside.cancel();
        throw error;
      });
      const accounts = await beside.accounts(events.accounts);
      const follows = await beside.follows(events.accounts);
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuStart);
      const logs = [events.rejects, accounts?.rejects ?? null, follows?.rejects ?? null];
      try {
        if (flags.rejects) await writeRejects(flags.rejects, logs);
      } finally {
        await Promise.all(logs.map((rejects) => rejects?.dispose()));
      }
      const eventSummary = tableSummary(events.files, events.rejects);
      const summary = {
        events: {
          ...eventSummary,
          kept: events.columns.length,
          duplicates: events.duplicates,
          rejected_by_reason: Object.fromEntries(events.rejects.byReason),
          accounts: events.accounts.size,
          contents: events.contents.size,
        },
        ...(accounts && {
          accounts: {
            ...tableSummary(accounts.files, accounts.rejects, accounts.unknown),
            kept: accounts.createdAt.filter((t) => !Number.isNaN(t)).length,
            rejected_by_reason: Object.fromEntries(accounts.rejects.byReason),
          },
        }),
        ...(follows && {
          follows: {
            ...tableSummary(follows.files, follows.rejects, follows.unknown),
            kept: follows.follower.length,
            rejected_by_reason: Object.fromEntries(follows.rejects.byReason),
          },
        }),
        rejects_file: flags.rejects ?? null,
        elapsed_ms: Math.round(elapsed),
        /** CPU time of all the process's threads: the steadier figure on a shared machine. */
        cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
        rows_per_second: Math.round(eventSummary.rows_read / Math.max(elapsed / 1000, 1e-3)),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      };
      log.info(
        { ...summary, events: undefined, done: true, peak_rss_mb: summary.peak_rss_mb },
        'validate done',
      );
      if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else printSummary(summary);
    });
}
