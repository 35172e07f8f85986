import { describe, expect, it } from 'vitest';
import { parseRoute } from '../app/api/routes.ts';

describe('the people pages in the address bar', () => {
  it('opens /people and /trainer, with or without a trailing slash, and nothing under them', () => {
    expect(parseRoute('/people')).toEqual({ page: 'people' });
    expect(parseRoute('/trainer/')).toEqual({ page: 'trainer' });
    expect(parseRoute('/trainer/x')).toEqual({ page: 'not_found', path: '/trainer/x' });
  });
});
