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

/** A contract text value: null when missing or empty; other scalars as their string. */
export function textValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = typeof value === 'string' ? value : String(value);
  return s === '' ? null : s;
}

/**
 * Checks one raw event (any container's values) against the contract's table; the reason of a
 * rejected row names the field.
 */
export function validateEventRow(raw: Record<string, unknown>): Validated<EventRow> {
  const eventId = textValue(raw.event_id);
  if (eventId === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: event_id` };
  if (raw.ts === null || raw.ts === undefined || raw.ts === '')
    return { ok: false, reason: `${REJECT_REASONS.missingValue}: ts` };
  const ts = parseTimestamp(raw.ts);
  if (ts === null)
    return { ok: false, reason: `${REJECT_REASONS.badTimestamp}: ts=${JSON.stringify(String(raw.ts))}` };
  const typeName = textValue(raw.type);
  if (typeName === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: type` };
  const type = eventTypeCode(typeName);
  if (type < 0)
    return { ok: false, reason: `${REJECT_REASONS.unknownType}: type=${JSON.stringify(typeName)}` };
  const actor = textValue(raw.actor_id);
  if (actor === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: actor_id` };
  const target = textValue(raw.target_id);
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
      content_id: textValue(raw.content_id),
      text: textValue(raw.text),
    },
  };
}

/** One account as the contract reads it. */
export interface AccountRow {
  account_id: string;
  created_at: number;
  /** NaN when not given. */
  followers: number;
  country: string | null;
  lang: string | null;
}

function requiredTimestamp(raw: Record<string, unknown>, field: string): Validated<number> {
  const value = raw[field];
  if (value === null || value === undefined || value === '')
    return { ok: false, reason: `${REJECT_REASONS.missingValue}: ${field}` };
  const ms = parseTimestamp(value);
  if (ms === null)
    return { ok: false, reason: `${REJECT_REASONS.badTimestamp}: ${field}=${JSON.stringify(String(value))}` };
  return { ok: true, value: ms };
}

export function validateAccountRow(raw: Record<string, unknown>): Validated<AccountRow> {
  const accountId = textValue(raw.account_id);
  if (accountId === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: account_id` };
  const createdAt = requiredTimestamp(raw, 'created_at');
  if (!createdAt.ok) return createdAt;
  const followersText = textValue(raw.followers);
  const followers = followersText === null ? Number.NaN : Number(followersText);
  if (followersText !== null && !(Number.isInteger(followers) && followers >= 0))
    return { ok: false, reason: `${REJECT_REASONS.badNumber}: followers=${JSON.stringify(followersText)}` };
  return {
    ok: true,
    value: {
      account_id: accountId,
      created_at: createdAt.value,
      followers,
      country: textValue(raw.country),
      lang: textValue(raw.lang),
    },
  };
}

/** One edge of the follow graph as the contract reads it. */
export interface FollowRow {
  follower_id: string;
  followee_id: string;
  /** NaN when not given. */
  since: number;
}

export function validateFollowRow(raw: Record<string, unknown>): Validated<FollowRow> {
  const follower = textValue(raw.follower_id);
  if (follower === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: follower_id` };
  const followee = textValue(raw.followee_id);
  if (followee === null) return { ok: false, reason: `${REJECT_REASONS.missingValue}: followee_id` };
  if (follower === followee) return { ok: false, reason: REJECT_REASONS.selfFollow };
  let since = Number.NaN;
  if (textValue(raw.since) !== null) {
    const parsed = requiredTimestamp(raw, 'since');
    if (!parsed.ok) return parsed;
    since = parsed.value;
  }
  return { ok: true, value: { follower_id: follower, followee_id: followee, since } };
}
