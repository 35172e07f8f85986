/**
 * What `diagnose` reports: a configuration error or a likely cause, with the evidence that points
 * at it and the place to fix it. Messages are in English for the CLI and logs; `key` and `params`
 * let the lab say the same in the reader's language (client i18n `diagnose.<key>`).
 */

/** The kinds of error diagnose knows, in the words of the people who fix them. */
export const FINDING_KINDS = ['calendar', 'fee_rule', 'price_limits', 'route', 'pbu', 'dirty_migration', 'market_data', 'clearing', 'ipo'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Message keys of findings and evidence (each has a zh and an en text in the client). */
export const FINDING_KEYS = [
  'calendarOmits',
  'calendarExtra',
  'calendarMakeupWeekday',
  'calendarTradingOnClosed',
  'calendarClosedOnTrading',
  'feePerFill',
  'sodMissing',
  'standbyMissingLink',
  'routeSkipsRisk',
  'pbuTwoMarkets',
  'pbuStandbyDiffers',
  'dirtyMigration',
  'staleFeedRejects',
  'dividendSkipped',
  'corporateActionBreaks',
  'ipoFreezeAtT',
  'ipoQuotaMissing',
  'ipoQuotaCheckOff',
] as const;
export type FindingKey = (typeof FINDING_KEYS)[number];

export const EVIDENCE_KEYS = [
  'published',
  'publishedDay',
  'configured',
  'reconBreaks',
  'rejects',
  'commission',
  'unfoundRecords',
  'cancelsWrongPbu',
  'fixedBy',
  'introducedBy',
  'routeNeeds',
  'dividendFile',
  'postClearingBreaks',
  'noPostClearing',
] as const;
export type EvidenceKey = (typeof EVIDENCE_KEYS)[number];

export type Params = Record<string, string | number>;

export interface Evidence {
  key: EvidenceKey;
  params: Params;
  /** In English. */
  text: string;
}

/** file:line:column of the field to change (1-based), as the scenario parser places its errors. */
export interface FixAt {
  file: string;
  line: number;
  column: number;
  /** The field, e.g. "cutover.newCalendar.holidays[4]". */
  path: string;
}

export interface Finding {
  kind: FindingKind;
  /** error: wrong against the exchanges' or the firm's rules; warning: worth a look, may be intended. */
  severity: 'error' | 'warning';
  key: FindingKey;
  params: Params;
  /** In English: what is wrong. */
  message: string;
  /** In English: what to change. */
  fix: string;
  at: FixAt;
  evidence: Evidence[];
  /** For a session: open, or fixed by a command the session already holds. */
  status: 'open' | 'fixed';
}

export interface Diagnosis {
  file: string;
  findings: Finding[];
  /** The file does not load: the parser's errors, formatted, instead of findings. */
  errors: string[];
}

/** `file:line:col  [kind] message` then the evidence and the fix, indented: the CLI's text. */
export function formatFinding(f: Finding): string {
  const head = `${f.at.file}:${f.at.line}:${f.at.column}  ${f.severity} [${f.kind}]${f.status === 'fixed' ? ' (fixed in the session)' : ''} ${f.message}`;
  return [head, ...f.evidence.map((e) => `    evidence: ${e.text}`), `    fix: ${f.fix}`].join('\n');
}
