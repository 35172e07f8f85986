import type { TradingSession } from '../scenario/load.ts';
import { parseClock } from '../scenario/units.ts';

const at = (hhmm: string) => parseClock(hhmm)!;

/**
 * The A-share main-board day (docs/domain.md C1): cancels only 9:15–9:20 in the opening call, orders
 * held 9:25–9:30, closing call 14:57–15:00 without cancels.
 */
export const A_SHARE_SESSIONS: readonly TradingSession[] = [
  { phase: 'opening_call', start: at('09:15'), end: at('09:20'), acceptOrders: true, acceptCancels: true, matching: 'call' },
  { phase: 'opening_call_locked', start: at('09:20'), end: at('09:25'), acceptOrders: true, acceptCancels: false, matching: 'call' },
  { phase: 'pre_open', start: at('09:25'), end: at('09:30'), acceptOrders: true, acceptCancels: false, matching: 'none' },
  { phase: 'continuous_am', start: at('09:30'), end: at('11:30'), acceptOrders: true, acceptCancels: true, matching: 'continuous' },
  { phase: 'continuous_pm', start: at('13:00'), end: at('14:57'), acceptOrders: true, acceptCancels: true, matching: 'continuous' },
  { phase: 'closing_call', start: at('14:57'), end: at('15:00'), acceptOrders: true, acceptCancels: false, matching: 'call' },
];

/**
 * SSE/SZSE closures on weekdays in 2026, from the State Council holiday schedule as the
 * exchanges announced it (docs/domain.md C5). Weekends are always closed and are not listed.
 */
export const HOLIDAYS_2026: readonly string[] = [
  '2026-01-01', '2026-01-02', // New Year
  '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', // Spring Festival
  '2026-04-06', // Qingming
  '2026-05-01', '2026-05-04', '2026-05-05', // Labour Day
  '2026-06-19', // Dragon Boat
  '2026-09-25', // Mid-Autumn
  '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', // National Day
];

/** Make-up working days (调休) in 2026: society works, the exchanges stay closed. */
export const MAKEUP_WORKDAYS_2026: readonly string[] = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
