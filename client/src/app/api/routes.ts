/** The lab's few pages, from the address bar (the server answers every path with index.html). */
export type Route = { page: 'lobby' } | { page: 'session'; sessionId: string };

export function parseRoute(pathname: string): Route {
  const m = /^\/(?:session|join)\/([^/]+)\/?$/.exec(pathname);
  if (m) return { page: 'session', sessionId: decodeURIComponent(m[1]!) };
  return { page: 'lobby' };
}
