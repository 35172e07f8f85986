import { describe, expect, it } from 'vitest';
import { clockOfSeconds, compactNumber, formatNumber } from './format.ts';

describe('numbers in the chosen language', () => {
  it('writes large numbers the Chinese way in Chinese and the English way in English', () => {
    expect(compactNumber('zh-CN', 200_000)).toBe('20万');
    expect(compactNumber('en', 200_000)).toBe('200K');
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatNumber('zh-CN', 12.345, 1)).toBe('12.3');
  });
  it('reads the simulated clock as HH:MM:SS', () => {
    expect(clockOfSeconds(9 * 3600 + 25 * 60 + 7.9)).toBe('09:25:07');
  });
});
