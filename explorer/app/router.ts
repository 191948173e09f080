/** Pages by path; the query string holds each page's shareable state. */
export type Route =
  | { page: 'home' }
  | { page: 'queue'; run: string }
  | { page: 'cluster'; run: string; cluster: string }
  | { page: 'unknown' };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const parts = pathname.split('/').slice(1).map(decodeURIComponent);
  if (parts[0] === 'runs' && parts.length === 2 && parts[1]) return { page: 'queue', run: parts[1] };
  if (parts[0] === 'runs' && parts[2] === 'clusters' && parts.length === 4 && parts[1] && parts[3])
    return { page: 'cluster', run: parts[1], cluster: parts[3] };
  return { page: 'unknown' };
}
