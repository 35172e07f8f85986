import type { Attempt } from '../drills/store.ts';
import type { Person } from './store.ts';
import { csv } from './csv.ts';

/** One trainee's record on one drill, as the lead's page shows it. */
export interface DrillRow {
  drill: string;
  attempts: number;
  /** Attempts with at least one action of the trainee's own (see honest.ts). */
  honest: number;
  passed: boolean;
  bestScore: number;
  /** µs to the last timed objective met, on the best attempt (null: none met). */
  bestTime: number | null;
  /** Hints asked for early, over all attempts. */
  hintsUsed: number;
  /** Objectives missed, with how many attempts missed each: where they fail. */
  failedAt: { objective: string; times: number }[];
  lastGradedAt: number;
}

export interface TraineeRow {
  id: string;
  name: string;
  createdAt: number;
  drills: DrillRow[];
}

/** The lead's page from their trainees and those trainees' counted attempts: per person, per drill. */
export function board(trainees: readonly Person[], attempts: readonly Attempt[]): TraineeRow[] {
  const by = new Map<string, Attempt[]>();
  for (const a of attempts) by.set(`${a.person}\n${a.drillId}`, [...(by.get(`${a.person}\n${a.drillId}`) ?? []), a]);
  return trainees.map((t) => {
    const drills: DrillRow[] = [];
    for (const [key, list] of by) {
      if (!key.startsWith(`${t.id}\n`)) continue;
      const best = list.reduce((b, a) => (a.score > b.score || (a.score === b.score && (a.timeUsed ?? Infinity) < (b.timeUsed ?? Infinity)) ? a : b));
      const misses = new Map<string, number>();
      for (const a of list) for (const m of a.missed) misses.set(m, (misses.get(m) ?? 0) + 1);
      drills.push({
        drill: best.drillId,
        attempts: list.length,
        honest: list.filter((a) => a.actions > 0).length,
        passed: list.some((a) => a.passed),
        bestScore: best.score,
        bestTime: best.timeUsed,
        hintsUsed: list.reduce((n, a) => n + a.hintsUsed, 0),
        failedAt: [...misses].map(([objective, times]) => ({ objective, times })).sort((a, b) => b.times - a.times || a.objective.localeCompare(b.objective)),
        lastGradedAt: Math.max(...list.map((a) => a.gradedAt)),
      });
    }
    drills.sort((a, b) => a.drill.localeCompare(b.drill));
    return { id: t.id, name: t.name, createdAt: t.createdAt, drills };
  });
}

const seconds = (us: number | null) => (us === null ? null : Math.round(us / 1_000_000));

/** Every counted attempt of the lead's trainees, one line each, for a spreadsheet. */
export function boardCsv(trainees: readonly Person[], attempts: readonly Attempt[]): string {
  const names = new Map(trainees.map((t) => [t.id, t.name]));
  const rows: (string | number | boolean | null)[][] = [['person_id', 'name', 'drill', 'session', 'graded_at', 'score', 'passed', 'time_s', 'hints', 'actions', 'missed']];
  for (const a of attempts) {
    const name = names.get(a.person);
    if (name === undefined) continue;
    rows.push([a.person, name, a.drillId, a.sessionId, new Date(a.gradedAt).toISOString(), a.score, a.passed, seconds(a.timeUsed), a.hintsUsed, a.actions, a.missed.join(' ')]);
  }
  return csv(rows);
}
