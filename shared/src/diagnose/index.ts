export * from './finding.ts';
export { diagnoseScenario, diagnoseSession, type SessionEvidence } from './diagnose.ts';
export { diffHolidays, publishedTradingDay, publishedYears } from './calendar.ts';
