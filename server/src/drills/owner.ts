import type { SolutionStep } from '@twinlab/shared/drill/solution';
import type { Invitation } from '../auth/tokens.ts';
import { mayShowSolution } from '../people/honest.ts';
import type { DrillStore, StartedDrill } from './store.ts';

/** Whose progress a drill session writes, and whether the one asking is them. */
export interface Owner {
  /** A person's id, or `guest:<session>`: a drill started without an account keeps its progress in its own session. */
  key: string;
  personId: string | null;
  /** The request comes with the invitation the session was started with (or, for a guest session, from its lead). */
  self: boolean;
}

export function ownerOf(inv: Invitation, started: StartedDrill | undefined): Owner {
  if (started?.owner) return { key: started.owner.personId, personId: started.owner.personId, self: inv.jti === started.owner.jti };
  return { key: `guest:${inv.sessionId}`, personId: null, self: inv.role === 'lead' };
}

/**
 * The model answer for a session's counted attempt, or null: shown after a pass or after
 * SOLUTION_AFTER_HONEST honest attempts at the drill by its owner, never to an empty attempt
 * (people/honest.ts), and never to a session whose attempt did not count (an edited drill,
 * changed exercise controls).
 */
export async function solutionFor(store: DrillStore, sessionId: string, owner: Owner, drillId: string, solution: SolutionStep[] | undefined): Promise<SolutionStep[] | null> {
  if (!solution) return null;
  const attempts = (await store.attempts(owner.key)).filter((a) => a.drillId === drillId);
  const mine = attempts.find((a) => a.sessionId === sessionId);
  if (!mine) return null;
  return mayShowSolution(mine, attempts.filter((a) => a.actions > 0).length) ? solution : null;
}
