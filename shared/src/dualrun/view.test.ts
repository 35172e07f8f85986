import { describe, expect, it } from 'vitest';
import type { CutoverReport } from '../engine/cutover-report.ts';
import { cutoverFor, seesCauses } from './view.ts';

const report = (): CutoverReport => ({
  now: 1,
  halted: null,
  primary: 'legacy',
  switchedDirty: 0,
  switchable: false,
  files: [],
  resyncMissing: 0,
  timeline: [
    { at: 1, kind: 'recon', actor: 'schedule', text: 'reconciliation: 3 mismatches (fee_rule 2, timing 1)' },
    { at: 1, kind: 'input', actor: 'alice', text: '1 break(s) classified as timing' },
  ],
  recon: {
    rounds: 1,
    cleanDays: 0,
    days: [{ date: '2026-03-02', breaks: 2 }],
    classified: 1,
    misclassified: 1,
    unclassified: 1,
    classes: [{ account: 0, field: 'funds', as: 'timing', cause: 'fee_rule', at: 1, actor: 'alice' }],
    history: [
      {
        at: 1,
        actor: 'schedule',
        checkpoint: 'intraday',
        total: 3,
        byCause: { fee_rule: 2, holiday_calendar: 0, dirty_migrated_record: 0, corporate_action: 0, timing: 1, unexplained: 0 },
      },
    ],
    last: {
      at: 1,
      checkpoint: 'intraday',
      total: 3,
      byCause: { fee_rule: 2, holiday_calendar: 0, dirty_migrated_record: 0, corporate_action: 0, timing: 1, unexplained: 0 },
      mismatches: [
        { account: 0, field: 'funds', legacy: 100, shadow: 90, cause: 'fee_rule', amount: 6, detail: 'minimum commission applied per fill' },
        { account: 0, field: 'funds', legacy: 100, shadow: 90, cause: 'timing', amount: 4, detail: 'orders in flight' },
        { account: 1, field: 'orders', legacy: 5, shadow: 4, cause: 'fee_rule', amount: 1, detail: 'refused' },
      ],
    },
  },
});

describe('what a viewer sees of the reconciliation', () => {
  it('a trainee in a drill sees raw differences, one per account and field, and no cause anywhere', () => {
    const v = cutoverFor(report(), { drill: true, lead: false });
    expect(v.recon!.last!.mismatches).toEqual([
      { account: 0, field: 'funds', legacy: 100, shadow: 90 },
      { account: 1, field: 'orders', legacy: 5, shadow: 4 },
    ]);
    expect(v.recon!.last!.byCause).toBeUndefined();
    expect(v.recon!.misclassified).toBeUndefined(); // whether a classification was right is the judge's, after the grade
    expect(v.recon!.classes).toEqual([{ account: 0, field: 'funds', as: 'timing', at: 1, actor: 'alice' }]);
    expect(v.timeline[0]!.text).toBe('reconciliation: 3 mismatches');
    expect(v.recon!.history).toEqual([{ at: 1, actor: 'schedule', checkpoint: 'intraday', total: 3 }]); // each round, its checkpoint, no causes
    const text = JSON.stringify(v);
    for (const word of ['fee_rule', 'minimum commission', 'in flight', '"cause"']) expect(text).not.toContain(word);
    expect(v.recon).toMatchObject({ rounds: 1, cleanDays: 0, classified: 1, unclassified: 1 });
  });

  it('the lead, and anyone outside a drill, sees the engine\u2019s explanation unchanged', () => {
    const r = report();
    expect(cutoverFor(r, { drill: true, lead: true })).toBe(r);
    expect(cutoverFor(r, { drill: false, lead: false })).toBe(r);
    expect([seesCauses({ drill: true, lead: false }), seesCauses({ drill: true, lead: true }), seesCauses({ drill: false, lead: false })]).toEqual([false, true, true]);
  });

  it('withholding leaves the engine\u2019s report as it was (the worker reuses it for the checks)', () => {
    const r = report();
    cutoverFor(r, { drill: true, lead: false });
    expect(r.recon!.last!.mismatches[0]!.cause).toBe('fee_rule');
    expect(r.recon!.misclassified).toBe(1);
    expect(r.timeline[0]!.text).toMatch(/fee_rule 2/);
  });
});
