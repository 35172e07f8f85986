import { z } from 'zod';

/** Simulated time and durations are integer microseconds. */
export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;
export const US_PER_MIN = 60_000_000;
export const US_PER_HOUR = 3_600_000_000;
export const US_PER_DAY = 86_400_000_000;

const UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: US_PER_MS, s: US_PER_S, m: US_PER_MIN, min: US_PER_MIN, h: US_PER_HOUR };
const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|min|m|h)\s*$/;

/** "2ms", "150us", "1.5s", "90s", "5m", "1h", or an integer number of microseconds. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  const m = DURATION_RE.exec(input);
  if (!m) return undefined;
  const unit = UNIT_US[m[2]!]!;
  // Decimal string times an exact integer unit, rounded once: the same on every JS engine.
  return Math.round(Number(m[1]) * unit);
}

export const Duration = z
  .union([z.int().nonnegative(), z.string()])
  .transform((v, ctx) => {
    const us = parseDuration(v);
    if (us === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration: write e.g. 150us, 2ms, 1.5s, 5m, 1h or an integer of microseconds`, params: { say: 'notDuration', value: String(v) } });
      return z.NEVER;
    }
    return us;
  })
  .meta({ description: 'A duration: 150us, 2ms, 1.5s, 5m, 1h, or an integer number of microseconds.' });

const CLOCK_RE = /^(?:D\+(\d{1,2})\s+)?([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,6}))?)?$/;

/** Days after calendar.date a clock time may name ("D+14 09:30"): a long holiday and its weekends. */
export const MAX_DAY_OFFSET = 14;

/**
 * "09:30", "14:57:00", "10:05:30.250", "D+3 09:30" → microseconds since the epoch of the run:
 * midnight (China Standard Time) of calendar.date, the first day. "D+n" is n days later, as
 * formatClock writes it, so a window or a deadline can span days and a one-day file reads as before.
 */
export function parseClock(input: string): number | undefined {
  const m = CLOCK_RE.exec(input.trim());
  if (!m) return undefined;
  const day = m[1] ? Number(m[1]) : 0;
  if (day > MAX_DAY_OFFSET) return undefined;
  const frac = m[5] ? Number(m[5].padEnd(6, '0')) : 0;
  return day * US_PER_DAY + Number(m[2]) * US_PER_HOUR + Number(m[3]) * US_PER_MIN + Number(m[4] ?? 0) * US_PER_S + frac;
}

export function formatClock(us: number): string {
  const day = Math.floor(us / US_PER_DAY);
  const t = us - day * US_PER_DAY;
  const h = Math.floor(t / US_PER_HOUR);
  const m = Math.floor((t % US_PER_HOUR) / US_PER_MIN);
  const s = Math.floor((t % US_PER_MIN) / US_PER_S);
  const ms = Math.floor((t % US_PER_S) / US_PER_MS);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${day > 0 ? `D+${day} ` : ''}${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms, 3)}`;
}

export const ClockTime = z
  .string()
  .transform((v, ctx) => {
    const us = parseClock(v);
    if (us === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${v}" is not a time of day: write HH:MM or HH:MM:SS, or "D+n HH:MM" for n (at most ${MAX_DAY_OFFSET}) days after calendar.date`,
        params: { say: 'notClock', value: String(v) },
      });
      return z.NEVER;
    }
    return us;
  })
  .meta({ description: 'Time of day on the trading date, HH:MM or HH:MM:SS (China Standard Time); "D+1 09:30" is the next calendar day.' });

const MONEY_RE = /^\s*¥?\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*(?:CNY)?\s*$/;

/** Yuan as a decimal string ("1,000,000.00", "¥5", "0.10 CNY") or a YAML number (5, 10.50) → integer fen. */
export function parseMoney(input: string | number): number | undefined {
  // YAML reads `price: 10.50` as the number 10.5. Its shortest decimal form (String, the same on
  // every JS engine) is parsed as text, so no binary fraction is ever multiplied by 100.
  if (typeof input === 'number') return Number.isFinite(input) ? parseMoney(String(input)) : undefined;
  const m = MONEY_RE.exec(input);
  if (!m) return undefined;
  const fen = Number(m[2]!.replaceAll(',', '')) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return undefined;
  return m[1] === '-' ? -fen : fen;
}

export function formatMoney(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  const yuan = String(Math.floor(a / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(a % 100).padStart(2, '0')}`;
}

export const Money = z
  .union([z.number(), z.string()])
  .transform((v, ctx) => {
    const fen = parseMoney(v);
    if (fen === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an amount of yuan: write e.g. 5.00, "1,000,000.00" or a whole number`, params: { say: 'notYuan', value: String(v) } });
      return z.NEVER;
    }
    return fen;
  })
  .meta({ description: 'An amount in yuan (CNY), e.g. 5.00 or "1,000,000.00"; held as integer fen.' });

export const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'ids are lower-case letters, digits, "-", "_" or "." (e.g. counter-1)')
  .max(64, 'ids are at most 64 characters')
  .meta({ description: 'A stable id, lower-case, e.g. gw-sh-1.' });

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const IsoDate = z.string().regex(DATE_RE, 'dates are written YYYY-MM-DD').meta({ description: 'A calendar date, YYYY-MM-DD.' });
