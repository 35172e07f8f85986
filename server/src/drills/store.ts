import type { DrillResult } from '@twinlab/shared/drill/grade';
import type { PeopleStore } from '../people/store.ts';

/** A hint a participant asked for, stamped with the session's simulated time by the server. */
export interface HintRecord {
  hint: number;
  actor: string;
  at: number;
}

/** One graded attempt at a drill by a person (a person's id, or `guest:<session>` for a drill started without an account). */
export interface Attempt {
  person: string;
  drillId: string;
  sessionId: string;
  score: number;
  passed: boolean;
  gradedAt: number;
  /** µs to the last timed objective met, as graded (null: none was met). */
  timeUsed: number | null;
  /** Hints asked for before they showed by themselves. */
  hintsUsed: number;
  /** Objectives not met: where the attempt failed. */
  missed: string[];
  /** The trainee's own commands (exercise controls excluded): 0 is an empty attempt. */
  actions: number;
}

/** Who a drill session was started by: progress from it belongs to them, and only their invitation writes it. */
export interface DrillOwner {
  personId: string;
  /** The session invitation the person was given when they started it. */
  jti: string;
}

/** What an attempt adds to a result, known to the route and not to the grader. */
export interface AttemptFacts {
  actions: number;
}

export interface StartedDrill {
  drillId: string;
  text: string;
  owner?: DrillOwner;
}

export interface ScenarioVersion {
  scenarioId: string;
  version: number;
  text: string;
  author: string;
  savedAt: number;
  fromSession: string | null;
}

/**
 * What drills keep beside the sessions: hints asked for (a scoring input the document does not
 * hold), graded results, each person's attempts (their progress on the learning path) and the
 * versions leads save from the editor. Embedded: its own SQLite file beside the sessions'. Scale-out:
 * the sessions' PostgreSQL database, so every instance grades and counts the same attempts and
 * nothing lives in a pod's emptyDir. `store.contract.test.ts` runs the same cases on both.
 */
export interface DrillStore extends PeopleStore {
  /** The drill file's text a trainee's session started from: its hints and its published form outlive a later edit of the file. */
  startDrill(sessionId: string, drillId: string, text: string, owner?: DrillOwner): Promise<void>;
  startedDrill(sessionId: string): Promise<StartedDrill | undefined>;
  /** Records the hint unless the session already asked for it; returns the record that counts (the first). */
  addHint(sessionId: string, hint: HintRecord): Promise<{ record: HintRecord; added: boolean }>;
  hints(sessionId: string): Promise<HintRecord[]>;
  /** The session's latest result; with `attempt`, also one of the person's attempts on the learning path. */
  saveResult(sessionId: string, person: string, result: DrillResult, gradedAt: number, attempt: AttemptFacts | false): Promise<void>;
  result(sessionId: string): Promise<DrillResult | undefined>;
  attempts(person: string): Promise<Attempt[]>;
  saveVersion(v: Omit<ScenarioVersion, 'version'>): Promise<ScenarioVersion>;
  versions(scenarioId: string): Promise<ScenarioVersion[]>;
  close(): Promise<void>;
}

/** The columns of an attempt a result gives: its time, hints and the objectives it missed. */
export function attemptColumns(result: DrillResult): { timeUsed: number | null; hintsUsed: number; missed: string[] } {
  return { timeUsed: result.timeUsed ?? null, hintsUsed: result.hintsUsed.length, missed: result.objectives.filter((o) => o.status === 'missed').map((o) => o.id) };
}

/** Best score and whether any attempt passed, per drill: what the learning path needs. */
export function progressOf(attempts: readonly Attempt[]): Map<string, { passed: boolean; bestScore: number; attempts: number }> {
  const out = new Map<string, { passed: boolean; bestScore: number; attempts: number }>();
  for (const a of attempts) {
    const p = out.get(a.drillId) ?? { passed: false, bestScore: 0, attempts: 0 };
    out.set(a.drillId, { passed: p.passed || a.passed, bestScore: Math.max(p.bestScore, a.score), attempts: p.attempts + 1 });
  }
  return out;
}
