import type { YearCalendar } from '../year.ts';

/**
 * SSE/SZSE closures in 2026 as the exchanges published them from the State Council holiday
 * schedule (docs/domain.md E2, C5 [S/W]: etnet ETN351222775). Ranges are written as published, weekend
 * days inside them included. Make-up working days (调休) are weekend days society works; the
 * exchanges stay closed on them ("周末休市"), so after National Day the next trading days are
 * 10-08, 10-09 and then 10-12, not 10-10.
 */
export const CN_EXCHANGES_2026: YearCalendar = {
  year: 2026,
  source: 'SSE/SZSE 2026 休市安排 (docs/domain.md E2)',
  closures: [
    { name: '元旦 New Year', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节 Spring Festival', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节 Qingming', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节 Labour Day', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节 Dragon Boat', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节 Mid-Autumn', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节 National Day', from: '2026-10-01', to: '2026-10-07' },
  ],
  makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
