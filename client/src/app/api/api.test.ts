import { describe, expect, it } from 'vitest';
import { peekToken, tokenFromLocation } from './api.ts';
import { parseRoute } from './routes.ts';

describe('invitation links', () => {
  it('reads the token from the fragment the server puts it in, or from ?token=', () => {
    expect(tokenFromLocation('#token=abc.def.ghi', '')).toBe('abc.def.ghi');
    expect(tokenFromLocation('', '?token=xyz')).toBe('xyz');
    expect(tokenFromLocation('', '')).toBeNull();
  });

  it('routes /session/:id and /join/:id to the session page, anything else to the lobby', () => {
    expect(parseRoute('/session/abc123')).toEqual({ page: 'session', sessionId: 'abc123' });
    expect(parseRoute('/join/abc123')).toEqual({ page: 'session', sessionId: 'abc123' });
    expect(parseRoute('/')).toEqual({ page: 'lobby' });
    expect(parseRoute('/session/')).toEqual({ page: 'lobby' });
  });

  it('shows who a token invites, in Chinese too', () => {
    const b64 = (o: object) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o)))).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const token = `${b64({ alg: 'HS256' })}.${b64({ sid: 's1', role: 'engineer', name: '王工' })}.sig`;
    expect(peekToken(token)).toEqual({ sid: 's1', role: 'engineer', name: '王工' });
    expect(peekToken('garbage')).toBeNull();
  });
});
