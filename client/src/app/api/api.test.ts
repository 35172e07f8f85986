import { describe, expect, it } from 'vitest';
import { peekToken, tokenFromLocation } from './api.ts';
import { parseRoute, sessionPath } from './routes.ts';

describe('invitation links', () => {
  it('reads the token from the fragment the server puts it in, or from ?token=', () => {
    expect(tokenFromLocation('#token=abc.def.ghi', '')).toBe('abc.def.ghi');
    expect(tokenFromLocation('', '?token=xyz')).toBe('xyz');
    expect(tokenFromLocation('', '')).toBeNull();
  });

  it('routes /session/:id and /join/:id to the session page, / to the lobby and anything else to "not found"', () => {
    const none = { panel: null, at: null, node: null };
    expect(parseRoute('/session/abc123')).toEqual({ page: 'session', sessionId: 'abc123', view: none });
    expect(parseRoute('/join/abc123')).toEqual({ page: 'session', sessionId: 'abc123', view: none });
    expect(parseRoute('/')).toEqual({ page: 'lobby' });
    expect(parseRoute('/session/')).toEqual({ page: 'not_found', path: '/session/' });
    expect(parseRoute('/sessions/abc')).toEqual({ page: 'not_found', path: '/sessions/abc' });
  });

  it('keeps the replay at a time, the selected node and the open dialog in a link that parses back', () => {
    const view = { panel: 'replay' as const, at: (9 * 3600 + 31 * 60 + 5) * 1_000_000, node: 'risk' };
    const path = sessionPath('s 1', view);
    expect(path).toBe('/session/s%201?panel=replay&at=09%3A31%3A05&node=risk');
    const url = new URL(path, 'http://x');
    expect(parseRoute(url.pathname, url.search)).toEqual({ page: 'session', sessionId: 's 1', view });
    // Nonsense in the query opens the plain lab instead of failing.
    expect(parseRoute('/session/s1', '?panel=bogus&at=25:99')).toEqual({ page: 'session', sessionId: 's1', view: { panel: null, at: null, node: null } });
    expect(sessionPath('s1', { panel: 'editor', at: 5, node: null })).toBe('/session/s1?panel=editor');
  });

  it('shows who a token invites, in Chinese too', () => {
    const b64 = (o: object) =>
      btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o))))
        .replace(/=+$/, '')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
    const token = `${b64({ alg: 'HS256' })}.${b64({ sid: 's1', role: 'engineer', name: '王工' })}.sig`;
    expect(peekToken(token)).toEqual({ sid: 's1', role: 'engineer', name: '王工' });
    expect(peekToken('garbage')).toBeNull();
  });
});
