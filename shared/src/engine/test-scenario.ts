import { Scenario, type ScenarioInput } from '../scenario/schema.ts';

/**
 * A small broker used by the engine's tests: terminals → counter (with a DR standby) → risk →
 * one gateway per market → SSE / SZSE. Tests change one thing at a time through `patch`.
 */
export function brokerInput(): ScenarioInput {
  return {
    schemaVersion: 2,
    id: 'test-broker',
    title: 'Test broker',
    window: { start: '09:10', end: '15:05' },
    regions: [{ id: 'dc' }, { id: 'dr', kind: 'dr_site' }, { id: 'colo', kind: 'colocation' }],
    nodes: [
      { id: 'terminals', kind: 'terminal', region: 'dc', servers: 8, serviceTime: { dist: 'exp', mean: '50us' } },
      { id: 'counter', kind: 'counter', region: 'dc', servers: 2, serviceTime: { dist: 'exp', mean: '1ms' }, reportServiceTime: { dist: 'exp', mean: '200us' } },
      { id: 'counter-dr', kind: 'counter', region: 'dr', servers: 2, standbyFor: 'counter', serviceTime: { dist: 'exp', mean: '1ms' } },
      { id: 'risk', kind: 'risk', region: 'dc', serviceTime: { dist: 'exp', mean: '100us' }, config: { maxOrderLots: 8 } },
      { id: 'gw-sh', kind: 'gateway', region: 'colo', serviceTime: { dist: 'exp', mean: '100us' } },
      { id: 'gw-sz', kind: 'gateway', region: 'colo', serviceTime: { dist: 'exp', mean: '100us' } },
      { id: 'sse', kind: 'exchange', market: 'SSE', region: 'colo', serviceTime: { dist: 'exp', mean: '500us' } },
      { id: 'szse', kind: 'exchange', market: 'SZSE', region: 'colo', serviceTime: { dist: 'exp', mean: '300us' } },
    ],
    links: [
      { from: 'terminals', to: 'counter', latency: '2ms', jitter: '500us' },
      { from: 'terminals', to: 'counter-dr', latency: '8ms', jitter: '1ms' },
      { from: 'counter', to: 'risk', latency: '50us' },
      { from: 'counter-dr', to: 'risk', latency: '6ms' },
      { from: 'risk', to: 'gw-sh', latency: '50us' },
      { from: 'risk', to: 'gw-sz', latency: '50us' },
      { from: 'gw-sh', to: 'sse', latency: '300us', loss: 0.0005 },
      { from: 'gw-sz', to: 'szse', latency: '300us' },
    ],
    routes: [
      { id: 'sh', path: ['terminals', 'counter', 'risk', 'gw-sh', 'sse'] },
      { id: 'sz', path: ['terminals', 'counter', 'risk', 'gw-sz', 'szse'] },
    ],
    accounts: { count: 200, cash: '2,000,000.00', positionLots: 200 },
    instruments: [
      { symbol: '600000', market: 'SSE', price: '10.50' },
      { generate: 5, market: 'SSE', price: '23.10' },
      { symbol: '000001', market: 'SZSE', price: '11.20' },
      { generate: 5, market: 'SZSE', price: '8.88' },
    ],
    load: { ordersPerSecond: 60, profile: { opening_call: 0.5, opening_call_locked: 0.5, pre_open: 0.2 }, bursts: [{ at: '09:30', duration: '1m', multiplier: 3 }] },
  };
}

export function broker(patch: (s: ScenarioInput) => void = () => {}): Scenario {
  const input = brokerInput();
  patch(input);
  return Scenario.parse(input);
}

export const clock = (hhmm: string) => {
  const [h, m, sec] = hhmm.split(':').map(Number) as [number, number, number?];
  return ((h * 60 + m) * 60 + (sec ?? 0)) * 1_000_000;
};
