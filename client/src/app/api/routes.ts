import { formatClock, parseClock } from '@twinlab/shared/scenario/units';

/**
 * The lab's pages, from the address bar (the server answers every path with index.html). What a
 * person looks at inside a session (a dialog, the replay's time, the selected node) is in the
 * query, so a bookmark or a pasted link opens the same view; the token stays in the fragment.
 */
export type Panel = 'editor' | 'replay' | 'result';
export interface LabView {
  panel: Panel | null;
  /** The replay's time, µs since midnight. */
  at: number | null;
  node: string | null;
}
export type Route = { page: 'lobby' } | { page: 'people' } | { page: 'trainer' } | { page: 'session'; sessionId: string; view: LabView } | { page: 'not_found'; path: string };

const PANELS: readonly Panel[] = ['editor', 'replay', 'result'];
export const NO_VIEW: LabView = { panel: null, at: null, node: null };

export function parseRoute(pathname: string, search = ''): Route {
  if (pathname === '/' || pathname === '' || pathname === '/index.html') return { page: 'lobby' };
  if (pathname === '/people' || pathname === '/people/') return { page: 'people' };
  if (pathname === '/trainer' || pathname === '/trainer/') return { page: 'trainer' };
  const m = /^\/(?:session|join)\/([^/]+)\/?$/.exec(pathname);
  if (!m) return { page: 'not_found', path: pathname };
  return { page: 'session', sessionId: decodeURIComponent(m[1]!), view: parseView(search) };
}

export function parseView(search: string): LabView {
  const q = new URLSearchParams(search);
  const panel = q.get('panel');
  const at = q.get('at');
  const node = q.get('node');
  return {
    panel: PANELS.includes(panel as Panel) ? (panel as Panel) : null,
    at: at ? (parseClock(at) ?? null) : null,
    node: node ? node : null,
  };
}

/** The query for a view: only what is set, times as a clock ("09:31:00"), so the link reads well. */
export function viewSearch(view: LabView): string {
  const q = new URLSearchParams();
  if (view.panel) q.set('panel', view.panel);
  if (view.panel === 'replay' && view.at !== null) q.set('at', formatClock(view.at).slice(0, 8));
  if (view.node) q.set('node', view.node);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function sessionPath(sessionId: string, view: LabView = NO_VIEW): string {
  return `/session/${encodeURIComponent(sessionId)}${viewSearch(view)}`;
}
