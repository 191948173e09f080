import { EventSetBuilder } from '../../jobs/ingest/builder.ts';
import type { EventSet } from '../../jobs/ingest/types.ts';
import { validateEventRow } from '../../shared/contract/index.ts';

export interface RawEvent {
  ts: number;
  type: 'follow' | 'like' | 'comment' | 'report' | 'share';
  actor: string;
  target: string;
  content?: string;
  text?: string;
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 10, 1);

/** An EventSet from hand-written events, through the contract's validation, ids e0, e1, … */
export function eventSet(events: RawEvent[]): EventSet {
  const builder = new EventSetBuilder();
  events.forEach((e, i) => {
    const row = validateEventRow({
      event_id: `e${i}`,
      ts: e.ts,
      type: e.type,
      actor_id: e.actor,
      target_id: e.target,
      content_id: e.content ?? null,
      text: e.text ?? null,
    });
    if (!row.ok) throw new Error(`test event ${i}: ${row.reason}`);
    builder.add(row.value);
  });
  return builder.finish();
}

/** A seeded PRNG for test worlds. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
