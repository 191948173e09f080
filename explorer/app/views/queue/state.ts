export const SORTS = ['score', 'size', 'targets', 'interactions', 'first_ts', 'span'] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZE = 50;

/** The queue's filters and page, as the URL keeps them. */
export const CASE_FILTERS = ['', 'open', 'in_review', 'escalated', 'closed'] as const;

export interface QueueState {
  kind: '' | 'pile_on' | 'brigade';
  /** Case state, '' for any. */
  state: (typeof CASE_FILTERS)[number];
  minScore: number | null;
  minSize: number | null;
  maxSize: number | null;
  /** Dates (YYYY-MM-DD, UTC) the cluster's span must overlap. */
  from: string;
  to: string;
  sort: Sort;
  order: 'asc' | 'desc';
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function number(raw: string | null, min: number, max: number): number | null {
  if (raw === null || raw === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : null;
}

export function parseQueueState(params: URLSearchParams): QueueState {
  const kind = params.get('kind');
  const sort = params.get('sort');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const state = params.get('state') ?? '';
  return {
    kind: kind === 'pile_on' || kind === 'brigade' ? kind : '',
    state: (CASE_FILTERS as readonly string[]).includes(state) ? (state as QueueState['state']) : '',
    minScore: number(params.get('min_score'), 0, 1),
    minSize: number(params.get('min_size'), 0, Number.MAX_SAFE_INTEGER),
    maxSize: number(params.get('max_size'), 0, Number.MAX_SAFE_INTEGER),
    from: DATE.test(from) ? from : '',
    to: DATE.test(to) ? to : '',
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'score',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(0, Math.floor(number(params.get('page'), 0, 1e9) ?? 0)),
  };
}

/** The page's URL: only what differs from the default. */
export function serializeQueueState(state: QueueState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.kind) params.set('kind', state.kind);
  if (state.state) params.set('state', state.state);
  if (state.minScore !== null) params.set('min_score', String(state.minScore));
  if (state.minSize !== null) params.set('min_size', String(state.minSize));
  if (state.maxSize !== null) params.set('max_size', String(state.maxSize));
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'score') params.set('sort', state.sort);
  if (state.order !== 'desc') params.set('order', state.order);
  if (state.page) params.set('page', String(state.page));
  return params;
}

/** The API query for the state: the server filters, sorts and pages. Dates cover whole UTC days. */
export function queueApiParams(state: QueueState): URLSearchParams {
  const params = new URLSearchParams({ sort: state.sort, order: state.order });
  params.set('offset', String(state.page * PAGE_SIZE));
  params.set('limit', String(PAGE_SIZE));
  if (state.kind) params.set('kind', state.kind);
  if (state.state) params.set('state', state.state);
  if (state.minScore !== null) params.set('min_score', String(state.minScore));
  if (state.minSize !== null) params.set('min_size', String(state.minSize));
  if (state.maxSize !== null) params.set('max_size', String(state.maxSize));
  if (state.from) params.set('from', `${state.from}T00:00:00.000Z`);
  if (state.to) params.set('to', `${state.to}T23:59:59.999Z`);
  return params;
}
