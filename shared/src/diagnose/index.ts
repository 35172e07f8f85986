export * from './finding.ts';
export { diagnoseScenario, diagnoseSession, type SessionEvidence } from './diagnose.ts';
export { diffHolidays, publishedTradingDay, publishedYears } from './calendar.ts';
export { diagnoseSessionExport, type DiagnoseOutcome } from './from-export.ts';
