import type {
  ApiError,
  CaseView,
  ClusterDetail,
  QueuePage,
  RevealRequest,
  RevealResponse,
  RunList,
} from '../shared/api.ts';

/** The server said the run, cluster or account does not exist. */
export class NotFoundError extends Error {}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as ApiError | null;
  const message = body?.message ?? `${response.status} ${response.statusText}`;
  if (response.status === 404) throw new NotFoundError(message);
  throw new Error(message);
}

const runPath = (run: string) => `/api/runs/${encodeURIComponent(run)}`;

const REVIEWER_KEY = 'swarmscope.reviewer';

/** The reviewer's name as this browser remembers it (a proxy's X-Forwarded-User wins on the server). */
export const reviewer = {
  get: () => localStorage.getItem(REVIEWER_KEY) ?? '',
  set: (name: string) => localStorage.setItem(REVIEWER_KEY, name),
};

export type CaseRequest =
  | { action: 'claim' | 'release' }
  | { action: 'assign'; assignee: string }
  | { action: 'decide'; label: string; reason: string }
  | { action: 'reopen'; reason: string };

const post = <T>(url: string, body: object) =>
  request<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, reviewer: reviewer.get() || undefined }),
  });

export const api = {
  runs: () => request<RunList>('/api/runs'),
  queue: (run: string, params: URLSearchParams) => request<QueuePage>(`${runPath(run)}/clusters?${params}`),
  cluster: (run: string, cluster: string) =>
    request<ClusterDetail>(`${runPath(run)}/clusters/${encodeURIComponent(cluster)}`),
  reveal: (run: string, body: RevealRequest & { cluster?: string }) =>
    post<RevealResponse>(`${runPath(run)}/reveal`, body),
  caseOf: (run: string, cluster: string) =>
    request<CaseView>(`${runPath(run)}/clusters/${encodeURIComponent(cluster)}/case`),
  act: (run: string, cluster: string, body: CaseRequest) =>
    post<CaseView>(`${runPath(run)}/clusters/${encodeURIComponent(cluster)}/case`, body),
  /** The reports engineer's routes: the run's night summary and a cluster's report. */
  reportUrl: (run: string, cluster?: string, format = 'html') =>
    `${runPath(run)}${cluster ? `/clusters/${encodeURIComponent(cluster)}` : ''}/report?format=${format}`,
};
