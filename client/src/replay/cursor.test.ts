import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { parseClock } from '@twinlab/shared/scenario/units';
import { createSimulation, restoreSimulation } from '@twinlab/shared/engine/index';
import { replaySession } from '@twinlab/shared/session/replay';
import { ReplayIndex } from '@twinlab/shared/replay/index-builder';
import type { StampedCommand } from '@twinlab/shared/scenario/command';
import { ReplayCursor } from './cursor.ts';

const parsed = parseScenario(readFileSync(fileURLToPath(new URL('../../../scenarios/drills/gateway-crash.yaml', import.meta.url)), 'utf8'));
if (!parsed.ok) throw new Error('gateway-crash does not load');
const sc = parsed.scenario;
const at = (c: string) => parseClock(c)!;
const log: StampedCommand[] = [
  { seq: 0, at: at('10:02:10'), actor: '小李', command: { type: 'restart_node', node: 'gw-sse' } },
  { seq: 1, at: at('10:03:00'), actor: '小李', command: { type: 'throttle', node: 'counter', ordersPerSecond: 900 } },
];

describe('the replay cursor', () => {
  it('plays forward, jumps back and past snapshots, always to the recorded run’s state', () => {
    const index = ReplayIndex.build(createSimulation, restoreSimulation, sc, 5, log, at('10:06'), { eventsPerSnapshot: 60_000 });
    const cursor = new ReplayCursor(index);
    // Forward in small steps (play), back (scrub), then a long jump ahead.
    for (const c of ['10:00:05', '10:02:09', '10:02:10', '10:02:11', '10:02:59.5', '10:03:00', '10:03:20', '10:01:00', '10:01:30', '10:05:59']) {
      expect(cursor.at(at(c)).stateHash(), c).toBe(replaySession(createSimulation, sc, 5, log, at(c)).stateHash());
    }
  });
});
