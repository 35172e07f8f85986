import { describe, expect, it } from 'vitest';
import { failoverTargets } from './failover.ts';

const nodes = [
  { id: 'terminals', kind: 'terminal' },
  { id: 'counter', kind: 'counter' },
  { id: 'risk', kind: 'risk' },
  { id: 'gw-sse-1', kind: 'gateway' },
  { id: 'gw-sse-2', kind: 'gateway' },
  { id: 'counter-dr', kind: 'counter', standbyFor: 'counter' },
  { id: 'counter-uat', kind: 'counter' },
] as const;

describe('failover targets offered for the selected node', () => {
  it('offers the standby first, then nodes of the same kind, and suggests the standby', () => {
    expect(failoverTargets(nodes, 'counter')).toEqual({ likely: ['counter-dr', 'counter-uat'], other: ['terminals', 'risk', 'gw-sse-1', 'gw-sse-2'], suggested: 'counter-dr' });
  });

  it('suggests the twin gateway when there is no declared standby', () => {
    expect(failoverTargets(nodes, 'gw-sse-1').suggested).toBe('gw-sse-2');
  });

  it('suggests nothing for a node with no standby or twin, rather than the first node of the file', () => {
    const r = failoverTargets(nodes, 'risk');
    expect(r.suggested).toBeUndefined();
    expect(r.likely).toEqual([]);
    expect(r.other).toContain('terminals');
  });
});
