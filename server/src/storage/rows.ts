import type { InvitationRecord, SessionRecord, SessionSummary } from './types.ts';

/** Rows as both SQL stores return them (snake_case columns, times in ms), and their records. */
export interface SessionRow {
  id: string;
  title: string;
  scenario_id: string;
  created_at: number;
  created_by: string;
  updated_at: number;
}
export interface InvitationRow {
  jti: string;
  session_id: string;
  role: InvitationRecord['role'];
  name: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export const toRecord = (r: SessionRow): SessionRecord => ({ id: r.id, title: r.title, scenarioId: r.scenario_id, createdAt: r.created_at, createdBy: r.created_by });
export const toSummary = (r: SessionRow & { update_count: number }): SessionSummary => ({ ...toRecord(r), updatedAt: r.updated_at, updateCount: r.update_count });
export const toInvitation = (r: InvitationRow): InvitationRecord => ({
  jti: r.jti,
  sessionId: r.session_id,
  role: r.role,
  name: r.name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});
