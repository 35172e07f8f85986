import type { Evidence, EvidenceKey, FindingKey, FindingKind, Params } from './finding.ts';

/** One row of a system's calendar table as calendar_set sets it. */
export interface CalendarRow {
  date: string;
  trading: boolean;
}

/** A finding before it is placed in the file: the field path instead of line and column. */
export interface Raw {
  kind: FindingKind;
  severity: 'error' | 'warning';
  key: FindingKey;
  params: Params;
  message: string;
  fix: string;
  path: (string | number)[];
  evidence: Evidence[];
  /** What identifies the wrong value, so a session's commands can be matched to it: node and config key. */
  node?: string;
  configKey?: string;
  /** For a system's calendar: the calendar_set rows on `node` that correct it, all of them needed. */
  rows?: CalendarRow[];
}

export const ev = (key: EvidenceKey, params: Params, text: string): Evidence => ({ key, params, text });
export const list = (xs: readonly string[]) => xs.join(', ');

/** A calendar_set command as the lab writes it in a fix or in evidence. */
export const calendarSetText = (node: string, row: CalendarRow) => `calendar_set {node: ${node}, date: ${row.date}, trading: ${row.trading}}`;
