import type { YearCalendar } from '../year.ts';
import { CN_EXCHANGES_2026 } from './2026.ts';

/**
 * The exchange calendars the lab knows, one file per year. To add a year: write data/<year>.ts
 * from the exchanges' 休市安排 notice and list it here. A date in a year not listed is refused
 * (calendar/table.ts), never taken for a trading day.
 */
export const EXCHANGE_YEARS: readonly YearCalendar[] = [CN_EXCHANGES_2026];
