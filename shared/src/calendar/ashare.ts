import type { TradingSession } from '../scenario/load.ts';
import { parseClock } from '../scenario/units.ts';
import { EXCHANGE_TABLE } from './table.ts';

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

/** SSE/SZSE closures on weekdays in 2026 (calendar/data/2026.ts); weekends are always closed and not listed. */
export const HOLIDAYS_2026: readonly string[] = EXCHANGE_TABLE.holidays.filter((d) => d.startsWith('2026-'));

/** Make-up working days (调休) in 2026: society works, the exchanges stay closed. */
export const MAKEUP_WORKDAYS_2026: readonly string[] = EXCHANGE_TABLE.makeupWorkdays.filter((d) => d.startsWith('2026-'));
