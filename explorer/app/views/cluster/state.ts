import { INTERACTION_TYPES, type InteractionType, NODE_ROLES, type NodeRole } from './model.ts';

export const ENCODINGS = ['role', 'age', 'activity'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Everything about the cluster view that a shared URL restores. */
export interface ClusterViewState {
  types: InteractionType[];
  roles: NodeRole[];
  /** The time window [from, to] in epoch ms; null = the whole cluster. */
  window: [number, number] | null;
  /** The selected account's pseudonym. */
  selected: string | null;
  color: Encoding;
  size: Encoding;
}

export const DEFAULT_VIEW: ClusterViewState = {
  types: [...INTERACTION_TYPES],
  roles: [...NODE_ROLES],
  window: null,
  selected: null,
  color: 'role',
  size: 'activity',
};

function listParam<T extends string>(raw: string | null, allowed: readonly T[], fallback: T[]): T[] {
  if (raw === null) return fallback;
  const values = raw.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
  return allowed.filter((v) => values.includes(v));
}

function oneOf<T extends string>(raw: string | null, allowed: readonly T[], fallback: T): T {
  return raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/** Reads the view from URL parameters; anything unknown or malformed falls back to the default. */
export function parseViewState(params: URLSearchParams): ClusterViewState {
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  const hasWindow =
    params.has('from') && params.has('to') && Number.isFinite(from) && Number.isFinite(to) && from <= to;
  const selected = params.get('sel');
  return {
    types: listParam(params.get('types'), INTERACTION_TYPES, DEFAULT_VIEW.types),
    roles: listParam(params.get('roles'), NODE_ROLES, DEFAULT_VIEW.roles),
    window: hasWindow ? [from, to] : null,
    selected: selected && /^ps_[0-9a-f]{12}$/.test(selected) ? selected : null,
    color: oneOf(params.get('color'), ENCODINGS, DEFAULT_VIEW.color),
    size: oneOf(params.get('size'), ENCODINGS, DEFAULT_VIEW.size),
  };
}

/** URL parameters for a view: only what differs from the default, so shared links stay short. */
export function serializeViewState(state: ClusterViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.types.length !== INTERACTION_TYPES.length) params.set('types', state.types.join(','));
  if (state.roles.length !== NODE_ROLES.length) params.set('roles', state.roles.join(','));
  if (state.window) {
    params.set('from', String(Math.round(state.window[0])));
    params.set('to', String(Math.round(state.window[1])));
  }
  if (state.selected) params.set('sel', state.selected);
  if (state.color !== DEFAULT_VIEW.color) params.set('color', state.color);
  if (state.size !== DEFAULT_VIEW.size) params.set('size', state.size);
  return params;
}
