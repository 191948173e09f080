import type {
  ApiError,
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

export const api = {
  runs: () => request<RunList>('/api/runs'),
  queue: (run: string, params: URLSearchParams) => request<QueuePage>(`${runPath(run)}/clusters?${params}`),
  cluster: (run: string, cluster: string) =>
    request<ClusterDetail>(`${runPath(run)}/clusters/${encodeURIComponent(cluster)}`),
  reveal: (run: string, body: RevealRequest & { cluster?: string }) =>
    request<RevealResponse>(`${runPath(run)}/reveal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
};
