import type { Awareness } from 'y-protocols/awareness';
import type { TransportStatus } from './transport.ts';

/**
 * Presence across a reconnect. Awareness takes a state only when its clock is newer than the
 * last one seen, and neither end bumps the clock when a socket drops: the server only deletes
 * the leaver's state, the provider only deletes the others'. So on rejoin both ends resend
 * states with clocks the other already knows and both are ignored, and the list stays empty
 * until each person's 15-second renewal. Forget the others' clocks when the socket drops, and
 * renew our own when it is back. (Found by convergence.fuzz.test.ts, seed 1.)
 */
export function keepPresenceAcrossReconnect(awareness: Awareness, status: TransportStatus): void {
  if (status === 'disconnected') {
    for (const id of [...awareness.meta.keys()]) if (id !== awareness.clientID && !awareness.states.has(id)) awareness.meta.delete(id);
  } else if (status === 'connected') {
    const own = awareness.getLocalState();
    if (own !== null) awareness.setLocalState(own);
  }
}
