import { estimateServerOffset } from '@twinlab/shared/session/clock';

/**
 * Estimates the server's wall clock from round trips (GET /api/time, replies to requests). The
 * sample with the shortest round trip bounds the error best (NTP's rule), so keep that one.
 */
export class ServerClock {
  private best: { rtt: number; offset: number } | null = null;

  add(sentMs: number, serverMs: number, receivedMs: number): void {
    const rtt = receivedMs - sentMs;
    if (rtt < 0) return;
    if (!this.best || rtt <= this.best.rtt) this.best = { rtt, offset: estimateServerOffset(sentMs, serverMs, receivedMs) };
  }

  /** Add to a local Date.now() to get the server's. */
  get offsetMs(): number {
    return this.best?.offset ?? 0;
  }

  /** Half the best round trip: how far off the estimate can be. */
  get errorMs(): number | null {
    return this.best ? this.best.rtt / 2 : null;
  }
}
