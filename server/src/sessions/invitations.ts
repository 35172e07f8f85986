import type { Role } from '@twinlab/shared/session/roles';
import type { Services } from '../services.ts';

/** Sign an invitation and record it, so the lead can list and revoke it. */
export async function issueInvitation(services: Services, sessionId: string, role: Role, name: string, ttlSeconds: number) {
  const signed = await services.signer.sign(sessionId, role, name, ttlSeconds, services.now());
  await services.storage.saveInvitation({ ...signed.invitation, createdAt: services.now(), revokedAt: null });
  return signed;
}

/** Where a browser opens the session: the token rides in the fragment, which browsers never send to a server. */
export function invitationLink(origin: string, sessionId: string, token: string): string {
  return `${origin}/session/${encodeURIComponent(sessionId)}#token=${token}`;
}
