import { describe, expect, it } from 'vitest';
import { Money, parseMoney } from '../src/scenario/units.ts';

describe('parseMoney', () => {
  it('reads yuan written as text', () => {
    expect(parseMoney('1,000,000.00')).toBe(100_000_000);
    expect(parseMoney('¥5')).toBe(500);
    expect(parseMoney('0.10 CNY')).toBe(10);
  });

  it('reads YAML numbers with decimals exactly, in fen', () => {
    expect(parseMoney(10.5)).toBe(1050); // `price: 10.50`
    expect(parseMoney(0.1)).toBe(10);
    expect(parseMoney(1.15)).toBe(115); // 1.15 * 100 would be 114.99999999999999
    expect(parseMoney(-3.25)).toBe(-325);
    expect(parseMoney(5)).toBe(500);
  });

  it('refuses fractions of a fen and numbers beyond exact integers', () => {
    expect(parseMoney(0.001)).toBeUndefined();
    expect(parseMoney(1e21)).toBeUndefined();
    expect(parseMoney(Number.NaN)).toBeUndefined();
    expect(parseMoney('12.345')).toBeUndefined();
  });

  it('is what the Money schema applies', () => {
    expect(Money.parse(10.5)).toBe(1050);
    expect(Money.safeParse(0.005).success).toBe(false);
  });
});
