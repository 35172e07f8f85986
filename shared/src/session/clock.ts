import { z } from 'zod';

/**
 * The shared clock. Simulated time is integer µs since midnight of the trading date; wall time is
 * integer ms (the server's Date.now()). While running, simulated time advances `speed` times as
 * fast as the server's wall clock from the anchor pair; while paused it stays at anchorSim.
 * Only the server moves the anchors, so every participant computes the same simulated time from
 * the same map, given an estimate of the server's wall clock (see estimateServerOffset).
 */
export const MIN_SPEED = 0.01;
export const MAX_SPEED = 3600;

export const ClockState = z
  .object({
    running: z.boolean(),
    speed: z.number().min(MIN_SPEED).max(MAX_SPEED),
    anchorSim: z.int().min(0),
    anchorWall: z.int().min(0),
    endSim: z.int().min(0).meta({ description: 'Simulated time stops here: the end of the scenario window.' }),
  })
  .strict();
export type ClockState = z.infer<typeof ClockState>;

export function initialClock(startSim: number, endSim: number, wallMs: number): ClockState {
  return { running: false, speed: 1, anchorSim: startSim, anchorWall: wallMs, endSim };
}

/** Simulated time at server wall time wallMs. IEEE multiply then floor: the same on every JS engine. */
export function simTimeAt(clock: ClockState, wallMs: number): number {
  if (!clock.running) return Math.min(clock.anchorSim, clock.endSim);
  const elapsedMs = Math.max(0, wallMs - clock.anchorWall);
  return Math.min(clock.endSim, clock.anchorSim + Math.floor(elapsedMs * 1000 * clock.speed));
}

/** Re-anchor at wallMs so a change of state or speed does not make simulated time jump. */
function reanchor(clock: ClockState, wallMs: number): ClockState {
  return { ...clock, anchorSim: simTimeAt(clock, wallMs), anchorWall: wallMs };
}

export function play(clock: ClockState, wallMs: number): ClockState {
  return { ...reanchor(clock, wallMs), running: true };
}

export function pause(clock: ClockState, wallMs: number): ClockState {
  return { ...reanchor(clock, wallMs), running: false };
}

export function setSpeed(clock: ClockState, speed: number, wallMs: number): ClockState {
  return { ...reanchor(clock, wallMs), speed };
}

/** Jump forward to simulated time `to`. Never backwards: stamped commands must stay in time order. */
export function seek(clock: ClockState, to: number, wallMs: number): ClockState {
  const now = simTimeAt(clock, wallMs);
  return { ...clock, anchorSim: Math.min(Math.max(now, to), clock.endSim), anchorWall: wallMs };
}

/** A lead's request to the clock: the server turns it into anchors with its own wall time. */
export const ClockRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('play') }).strict(),
  z.object({ action: z.literal('pause') }).strict(),
  z.object({ action: z.literal('speed'), speed: z.number().min(MIN_SPEED).max(MAX_SPEED) }).strict(),
  z.object({ action: z.literal('seek'), to: z.int().min(0).meta({ description: 'Simulated µs since midnight; forward only.' }) }).strict(),
]);
export type ClockRequest = z.infer<typeof ClockRequest>;

export function applyClockRequest(clock: ClockState, request: ClockRequest, wallMs: number): ClockState {
  switch (request.action) {
    case 'play':
      return play(clock, wallMs);
    case 'pause':
      return pause(clock, wallMs);
    case 'speed':
      return setSpeed(clock, request.speed, wallMs);
    case 'seek':
      return seek(clock, request.to, wallMs);
  }
}

/**
 * Offset to add to a local wall clock to estimate the server's, from one round trip (NTP style):
 * the server read its clock at serverMs, somewhere between sentMs and receivedMs locally.
 */
export function estimateServerOffset(sentMs: number, serverMs: number, receivedMs: number): number {
  return Math.round(serverMs - (sentMs + receivedMs) / 2);
}
