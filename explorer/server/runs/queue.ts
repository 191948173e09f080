import { CLUSTER_KINDS } from '../../../shared/contract/index.ts';
import type { QueuePage } from '../../shared/api.ts';
import { CASE_STATES } from '../cases/fold.ts';
import { type CaseLookup, queueItem } from './detail.ts';
import type { LoadedRun } from './store.ts';

export const QUEUE_SORTS = ['score', 'size', 'targets', 'interactions', 'first_ts', 'span'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueQuery {
  kind?: string;
  /** Case state: open, in_review, escalated or closed. */
  state?: string;
  minScore?: number;
  maxScore?: number;
  minSize?: number;
  maxSize?: number;
  /** Clusters whose span overlaps [from, to] (epoch ms). */
  from?: number;
  to?: number;
  sort: QueueSort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export const MAX_PAGE = 500;

/** A parameter of the queue query that is not valid; the route answers 400 with its message. */
export class QueryError extends Error {}

function numberParam(params: Record<string, string | undefined>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new QueryError(`${name} must be a number, got "${raw}"`);
  return value;
}

function timeParam(params: Record<string, string | undefined>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(value))
    throw new QueryError(`${name} must be epoch ms or an ISO-8601 date, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(
  params: Record<string, string | undefined>,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = params[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new QueryError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** The queue query from URL parameters, each checked with a message that names it. */
export function parseQueueQuery(params: Record<string, string | undefined>): QueueQuery {
  const kind = params.kind ? oneOf(params, 'kind', CLUSTER_KINDS, 'pile_on') : undefined;
  const state = params.state ? oneOf(params, 'state', CASE_STATES, 'open') : undefined;
  const offset = numberParam(params, 'offset') ?? 0;
  const limit = numberParam(params, 'limit') ?? 50;
  if (!Number.isInteger(offset) || offset < 0) throw new QueryError('offset must be a whole number ≥ 0');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new QueryError(`limit must be a whole number from 1 to ${MAX_PAGE}`);
  return {
    kind,
    state,
    minScore: numberParam(params, 'min_score'),
    maxScore: numberParam(params, 'max_score'),
    minSize: numberParam(params, 'min_size'),
    maxSize: numberParam(params, 'max_size'),
    from: timeParam(params, 'from'),
    to: timeParam(params, 'to'),
    sort: oneOf(params, 'sort', QUEUE_SORTS, 'score'),
    order: oneOf(params, 'order', ['asc', 'desc'] as const, 'desc'),
    offset,
    limit,
  };
}

function sortKey(run: LoadedRun, sort: QueueSort): (row: number) => number {
  const c = run.clusters;
  switch (sort) {
    case 'score':
      return (row) => c.score[row]!;
    case 'size':
      return (row) => c.nActors[row]!;
    case 'targets':
      return (row) => c.nTargets[row]!;
    case 'interactions':
      return (row) => c.nInteractions[row]!;
    case 'first_ts':
      return (row) => c.firstTs[row]!;
    case 'span':
      return (row) => c.lastTs[row]! - c.firstTs[row]!;
  }
}

/** Filters and sorts the run's clusters over their columns, and returns one page of the queue. */
export function queryQueue(run: LoadedRun, query: QueueQuery, cases: CaseLookup): QueuePage {
  const c = run.clusters;
  const matches: number[] = [];
  for (let row = 0; row < c.ids.length; row++) {
    if (query.kind !== undefined && c.kind[row] !== query.kind) continue;
    const score = c.score[row]!;
    if (query.minScore !== undefined && score < query.minScore) continue;
    if (query.maxScore !== undefined && score > query.maxScore) continue;
    const size = c.nActors[row]!;
    if (query.minSize !== undefined && size < query.minSize) continue;
    if (query.maxSize !== undefined && size > query.maxSize) continue;
    if (query.from !== undefined && c.lastTs[row]! < query.from) continue;
    if (query.to !== undefined && c.firstTs[row]! > query.to) continue;
    if (query.state !== undefined && cases(c.ids[row]!).state !== query.state) continue;
    matches.push(row);
  }
  const key = sortKey(run, query.sort);
  const sign = query.order === 'asc' ? 1 : -1;
  // Ties fall back to the file's order (highest score first), so pages are stable.
  matches.sort((a, b) => sign * (key(a) - key(b)) || a - b);
  const items = matches
    .slice(query.offset, query.offset + query.limit)
    .map((row) => queueItem(run, row, 3, cases));
  return { total: matches.length, offset: query.offset, limit: query.limit, items };
}
