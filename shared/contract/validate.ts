import { eventTypeCode, REJECT_REASONS } from './inputs.ts';
import { parseTimestamp } from './timestamps.ts';

/** One event as the contract reads it, before dictionary encoding. */
export interface EventRow {
  event_id: string;
  ts: number;
  type: number;
  actor_id: string;
  target_id: string;
  content_id: string | null;
  text: string | null;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; reason: string };

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = typeof value === 'string' ? value : String(value);
  return s === '' ? null : s;
}

/**
 * Checks one raw event (any container's values) against the contract's table; the reason of a
 * rejected row names the field.
 */
export function validateEventRow(raw: Record<string, unknown>): Validated<EventRow> {
  const eventId = text(raw.event_id);
  if (eventId === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: event_id` };
  if (raw.ts === null || raw.ts === undefined || raw.ts === '')
    return { ok: false, reason: `${REJECT_REASONS.missingValue}: ts` };
  const ts = parseTimestamp(raw.ts);
  if (ts === null)
    return { ok: false, reason: `${REJECT_REASONS.badTimestamp}: ts=${JSON.stringify(String(raw.ts))}` };
  const typeName = text(raw.type);
  if (typeName === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: type` };
  const type = eventTypeCode(typeName);
  if (type < 0)
    return { ok: false, reason: `${REJECT_REASONS.unknownType}: type=${JSON.stringify(typeName)}` };
  const actor = text(raw.actor_id);
  if (actor === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: actor_id` };
  const target = text(raw.target_id);
  if (target === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: target_id` };
  if (actor === target) return { ok: false, reason: REJECT_REASONS.selfInteraction };
  return {
    ok: true,
    value: {
      event_id: eventId,
      ts,
      type,
      actor_id: actor,
      target_id: target,
      content_id: text(raw.content_id),
      text: text(raw.text),
    },
  };
}
