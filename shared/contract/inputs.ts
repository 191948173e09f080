import type { TableSpec } from './columns.ts';

/** The interaction types of the contract, in code order: an event's `type` is stored as its index here. */
export const EVENT_TYPES = ['follow', 'like', 'comment', 'report', 'share'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function eventTypeCode(type: string): number {
  return (EVENT_TYPES as readonly string[]).indexOf(type);
}

/** File endings the ingest accepts, and the container each means. */
export const INPUT_FORMATS = {
  '.arrow': 'arrow-file',
  '.feather': 'arrow-file',
  '.arrows': 'arrow-stream',
  '.parquet': 'parquet',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
} as const;
export type InputFormat = (typeof INPUT_FORMATS)[keyof typeof INPUT_FORMATS];

export const EVENT_COLUMNS: TableSpec = [
  { name: 'event_id', type: 'utf8', required: true, description: 'unique id of the interaction' },
  { name: 'ts', type: 'timestamp_ms', required: true, description: 'when it happened (UTC)' },
  {
    name: 'type',
    type: 'utf8',
    required: true,
    description: 'follow, like, comment, report or share',
  },
  { name: 'actor_id', type: 'utf8', required: true, description: 'the account that acted' },
  {
    name: 'target_id',
    type: 'utf8',
    required: true,
    description: 'the account on the receiving end (followed account, owner of the video, reported account)',
  },
  {
    name: 'content_id',
    type: 'utf8',
    required: false,
    description: 'the video or LIVE room acted on; null for follows and account reports',
  },
  { name: 'text', type: 'utf8', required: false, description: 'the comment text, for comments' },
];

export const ACCOUNT_COLUMNS: TableSpec = [
  { name: 'account_id', type: 'utf8', required: true, description: 'the account' },
  { name: 'created_at', type: 'timestamp_ms', required: true, description: 'account creation time' },
  { name: 'followers', type: 'int64', required: false, description: 'follower count' },
  { name: 'country', type: 'utf8', required: false, description: 'country code' },
  { name: 'lang', type: 'utf8', required: false, description: 'language code' },
];

export const FOLLOW_COLUMNS: TableSpec = [
  { name: 'follower_id', type: 'utf8', required: true, description: 'the account that follows' },
  { name: 'followee_id', type: 'utf8', required: true, description: 'the account followed' },
  { name: 'since', type: 'timestamp_ms', required: false, description: 'when the follow started' },
];

/** Why an input row was rejected: the `reason` column of rejects.arrow starts with one of these. */
export const REJECT_REASONS = {
  missingValue: 'missing required value',
  unknownType: 'unknown type',
  badTimestamp: 'unparsable timestamp',
  selfInteraction: 'actor_id equals target_id',
  malformedRow: 'malformed row',
  badNumber: 'not a whole number',
  selfFollow: 'follower_id equals followee_id',
} as const;
