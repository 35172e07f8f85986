/** One year of an exchange calendar as published: closure ranges and make-up working days. */
export interface YearCalendar {
  year: number;
  source: string;
  closures: readonly { name: string; from: string; to: string }[];
  /** Weekend days society works (调休); the exchanges stay closed on them. */
  makeupWorkdays: readonly string[];
}
