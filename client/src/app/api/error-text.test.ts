import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twinlab/shared/session/error-codes';
import { ApiError } from './api.ts';
import { ERROR_KEYS, errorText } from './error-text.ts';

describe('server errors in the reader’s language', () => {
  it('has words for every code the server sends', () => {
    expect(Object.keys(ERROR_KEYS).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('shows a coded error in Chinese without the server’s English, and in English with it', () => {
    const e = new ApiError('the invitation has expired', 401, 'unauthorized');
    expect(errorText('zh-CN', e)).toBe('邀请缺失、已过期或无效');
    expect(errorText('zh-CN', e)).not.toMatch(/[A-Za-z]/);
    expect(errorText('en', e)).toBe('Your invitation is missing, expired or not valid: the invitation has expired');
  });

  it('keeps the message of an error without a known code', () => {
    expect(errorText('zh-CN', new TypeError('Failed to fetch'))).toBe('请求失败：Failed to fetch');
    expect(errorText('en', new ApiError('odd', 400, 'made_up'))).toBe('Request failed: odd');
  });
});
