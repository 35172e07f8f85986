import { describe, expect, it } from 'vitest';
import type { Model } from '../engine/compile.ts';
import type { DaysModel } from '../engine/days.ts';
import { US_PER_DAY, parseClock } from '../scenario/units.ts';
import type { DualState, ReconResult } from './shadow.ts';
import { classifyBreaks, createDays, judgeDay } from './verdict.ts';

// Friday 2026-03-06 to Tuesday 03-10: the weekend is closed.
const days = { dates: ['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'], trading: Uint8Array.from([1, 0, 0, 1, 1]) } as DaysModel;
const model = { days, sessions: [{ start: parseClock('09:15')!, end: parseClock('15:00')! }] } as unknown as Model;
const dual = () => ({ days: createDays(), last: null }) as unknown as DualState;
const recon = (at: number, fee: number, timing = 0): ReconResult => ({
  at,
  checkpoint: 'intraday',
  total: fee + timing,
  byCause: { fee_rule: fee, holiday_calendar: 0, dirty_migrated_record: 0, corporate_action: 0, timing, unexplained: 0 },
  mismatches: [
    ...(fee ? [{ account: 0, field: 'funds' as const, legacy: 100, shadow: 95, cause: 'fee_rule' as const, amount: 5, detail: '' }] : []),
    ...(timing ? [{ account: 0, field: 'funds' as const, legacy: 100, shadow: 95, cause: 'timing' as const, amount: 2, detail: '' }] : []),
  ],
});
const at = (day: number, clock: string) => day * US_PER_DAY + parseClock(clock)!;

describe('dual-run days', () => {
  it('judges each trading day once, at its first reconciliation after the close; a day with breaks resets the count', () => {
    const d = dual();
    expect(judgeDay(model, d, recon(at(0, '14:30'), 0), at(0, '14:30'))).toBeUndefined(); // intraday: not yet
    expect(judgeDay(model, d, recon(at(0, '15:00'), 0, 3), at(0, '15:00'))).toEqual({ date: '2026-03-06', breaks: 0 }); // timing only: clean
    expect(judgeDay(model, d, recon(at(0, '15:30'), 4), at(0, '15:30'))).toBeUndefined(); // Friday already judged
    expect(judgeDay(model, d, recon(at(1, '15:00'), 4), at(1, '15:00'))).toBeUndefined(); // Saturday: closed, no verdict, no reset
    expect(d.days.cleanDays).toBe(1);
    judgeDay(model, d, recon(at(3, '15:00'), 0), at(3, '15:00'));
    expect(d.days.cleanDays).toBe(2);
    judgeDay(model, d, recon(at(4, '15:00'), 2), at(4, '15:00'));
    expect(d.days.cleanDays).toBe(0);
    expect(d.days.verdicts.map((v) => [v.date, v.breaks])).toEqual([
      ['2026-03-06', 0],
      ['2026-03-09', 0],
      ['2026-03-10', 2],
    ]);
  });

  it('grades a break against the cause of its largest part, and refuses when nothing is listed', () => {
    const d = dual();
    expect(classifyBreaks(d, { as: 'fee_rule' }, 'alice', 1).ok).toBe(false);
    d.last = recon(at(0, '10:00'), 5, 2);
    expect(classifyBreaks(d, { field: 'funds', as: 'timing' }, 'alice', 2)).toEqual({ ok: true, text: '1 break(s) classified as timing' });
    expect([d.days.correct, d.days.wrong]).toEqual([0, 1]);
    classifyBreaks(d, { account: 0, as: 'fee_rule' }, 'alice', 3);
    expect([d.days.correct, d.days.wrong, d.days.classes.length]).toEqual([1, 1, 1]);
    expect(classifyBreaks(d, { account: 1, as: 'fee_rule' }, 'alice', 4)).toMatchObject({ ok: false, text: expect.stringMatching(/lists no break of account 1/) });
  });
});
