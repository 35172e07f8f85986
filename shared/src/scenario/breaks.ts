/**
 * The classes a trainee may give a reconciliation break (docs/domain.md C7 "typical explained
 * breaks" and drill 6's bug / data / rule / timing). The engine's own causes (dualrun/shadow.ts
 * CAUSES) are a subset; the others are real classes a team meets in a dual-run that this scenario
 * may not produce, so picking one is a wrong classification like any other.
 */
export const BREAK_CLASSES = [
  'fee_rule', // rule: fee rounding, minimum commission across partial fills (C3)
  'holiday_calendar', // rule: the new system's calendar table
  'dirty_migrated_record', // data: a conversion rule or a migrated balance
  'timing', // orders in flight at the mirror point
  't1_sellable', // rule: T+1 sellable positions
  'corporate_action', // corporate actions and new-share subscriptions
  'interest_accrual', // interest accrued on cash
  'unexplained', // no known cause: a bug, escalate before any switch
] as const;
export type BreakClass = (typeof BREAK_CLASSES)[number];

/** The fields reconciliation compares per account. */
export const BREAK_FIELDS = ['orders', 'fills', 'position', 'funds'] as const;
export type BreakField = (typeof BREAK_FIELDS)[number];
