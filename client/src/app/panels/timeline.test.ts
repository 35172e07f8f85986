import { describe, expect, it } from 'vitest';
import { timelineOf } from './timeline.ts';

describe('timelineOf', () => {
  it('merges scheduled faults, who-did-what and notes in time order', () => {
    const scenario = { faults: [{ kind: 'partition', target: 'gw--sse', at: 300 }] } as never;
    const commands = [
      { seq: 1, at: 500, actor: '张伟', command: { type: 'restart_node' as const, node: 'gw' } },
      { seq: 0, at: 300, actor: 'Li Lei', command: { type: 'set_load' as const, multiplier: 2 } },
    ];
    const notes = [
      { author: '张伟', text: 'gw restarted', atSim: 600 },
      { author: 'x', text: 'no time' },
    ];
    const entries = timelineOf(scenario, commands, notes);
    expect(entries.map((e) => e.key)).toEqual(['f0', 'c0', 'c1', 'n0']);
  });
});
