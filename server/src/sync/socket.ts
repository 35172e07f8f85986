/**
 * What a room needs from a participant's connection. The ws adapter (ws-adapter.ts) implements it
 * over a real WebSocket; unit tests implement it in memory and deliver frames by hand.
 */
export interface PeerSocket {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written to the network: a slow reader shows here. */
  readonly bufferedAmount: number;
}
