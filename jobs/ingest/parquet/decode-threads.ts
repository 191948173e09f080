/** A Parquet file's row groups decoded on worker threads (see decode-thread.ts), as decodedGroups gives them inline. */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../../runtime/worker-script.ts';
import type { DecodeReply, DecodeThreadData } from './decode-thread.ts';
import type { DecodedGroup } from './groups.ts';
import type { DecodedColumn, NativePlan, StringEntries } from './types.ts';

const DECODE_THREAD = new URL('./decode-thread.ts', import.meta.url);
/** Row groups a decoding thread may hold decoded beyond the one being ingested: bounds memory. */
const DECODED_AHEAD = 4;
/**
 * Decoding threads, each with part of the columns: decoding (the dictionary merge above all) takes
 * more CPU than the ingest's own work on the batches, so one thread would keep the ingest waiting.
 */
const DECODE_THREADS = 2;

/** The row groups of a file decoded on a worker thread, as decodedGroups gives them inline. */
async function* threadGroups(file: string, plan: NativePlan): AsyncGenerator<DecodedGroup> {
  const worker = new Worker(await workerScript(DECODE_THREAD), {
    eval: true,
    workerData: { file, plan, ahead: DECODED_AHEAD } satisfies DecodeThreadData,
  });
  const replies: DecodeReply[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  worker.on('message', (reply: DecodeReply) => {
    replies.push(reply);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  // A thread that dies without a word (out of memory) must not leave the reader waiting.
  worker.on('exit', (code) => {
    failure ??= new Error(`the Parquet decoding thread stopped (exit code ${code})`);
    wake?.();
  });
  try {
    for (;;) {
      while (replies.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      const reply = replies.shift();
      if (!reply) throw failure!;
      if (reply.kind === 'done') return;
      if (reply.kind === 'failed') throw new Error(reply.message);
      yield reply.group;
      worker.postMessage('more');
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

/**
 * What decoding a dictionary byte costs, in stored bytes' decoding: its entries are coded in the
 * file's dictionary, lookups into a large table, on top of their decoding as stored bytes. Fitted
 * on the 10M bench file, whose split it keeps about even: actor_id + target_id + type + text on
 * one thread (1.50 s of CPU alone), event_id + ts + content_id on the other (1.40 s).
 */
const MERGE_COST_PER_DICTIONARY_BYTE = 1;

/**
 * The plan's columns dealt to `parts` sub-plans of about equal decoding cost (most costly first,
 * each to the lightest part; columns sharing a file dictionary go together), with the index each
 * sub-plan column has in the whole plan.
 */
export function splitColumns(plan: NativePlan, parts: number): { plan: NativePlan; columns: number[] }[] {
  const cost = plan.columns.map((_, c) =>
    plan.rowGroups.reduce((sum, group) => {
      const chunk = group.chunks[c]!;
      return sum + chunk.length + MERGE_COST_PER_DICTIONARY_BYTE * chunk.dictionaryLength;
    }, 0),
  );
  // A unit: the columns of one file dictionary (most columns: one).
  const units = new Map<number, { columns: number[]; cost: number }>();
  plan.dictionaryOf.forEach((of, c) => {
    const unit = units.get(of) ?? { columns: [], cost: 0 };
    unit.columns.push(c);
    unit.cost += cost[c]!;
    units.set(of, unit);
  });
  const order = [...units.values()].sort((a, b) => b.cost - a.cost);
  const dealt = Array.from({ length: Math.min(parts, units.size) }, () => ({
    cost: 0,
    columns: [] as number[],
  }));
  for (const unit of order) {
    const lightest = dealt.reduce((min, part) => (part.cost < min.cost ? part : min));
    lightest.columns.push(...unit.columns);
    lightest.cost += unit.cost;
  }
  return dealt.map(({ columns }) => {
    columns.sort((a, b) => a - b);
    return {
      columns,
      plan: {
        columns: columns.map((c) => plan.columns[c]!),
        dictionaryOf: columns.map((c) => columns.indexOf(plan.dictionaryOf[c]!)),
        rowGroups: plan.rowGroups.map((group) => ({
          rows: group.rows,
          chunks: columns.map((c) => group.chunks[c]!),
        })),
        rows: plan.rows,
      },
    };
  });
}

/** The row groups of a file decoded by DECODE_THREADS threads, each its share of the columns. */
export async function* threadsGroups(file: string, plan: NativePlan): AsyncGenerator<DecodedGroup> {
  const parts = splitColumns(plan, DECODE_THREADS);
  const sources = parts.map((part) => threadGroups(file, part.plan));
  try {
    for (;;) {
      const next = await Promise.all(sources.map((source) => source.next()));
      if (next.every((result) => result.done)) return;
      const columns: DecodedColumn[] = [];
      const added: (StringEntries | null)[] = [];
      parts.forEach((part, p) => {
        const result = next[p]!;
        if (result.done) throw new Error('a decoding thread ended before the others');
        part.columns.forEach((c, k) => {
          columns[c] = result.value.columns[k]!;
          added[c] = result.value.added[k]!;
        });
      });
      yield { rows: (next[0]!.value as DecodedGroup).rows, columns, added };
    }
  } finally {
    await Promise.all(sources.map((source) => source.return(undefined)));
  }
}
