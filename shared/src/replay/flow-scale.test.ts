import { describe, expect, it } from 'vitest';
import { flowScale, niceCeil, ratesByPhase } from './flow-scale.ts';

describe('a chart scale that keeps the flow readable across an uncross', () => {
  // Before 09:25 nothing fills, the opening call uncrosses the book in one sample, then 300/s.
  const series = [...Array<number>(60).fill(0), 200_000, ...Array.from({ length: 300 }, (_, i) => 280 + (i % 40))];

  it('sets the top near the continuous flow, within 10x, and marks the uncross as a burst', () => {
    const s = flowScale(series);
    expect(s.flow).toBeGreaterThan(280);
    expect(s.max).toBeLessThanOrEqual(10 * s.flow);
    expect(s.max).toBeGreaterThanOrEqual(319);
    expect(s.bursts).toEqual([60]);
  });

  it('scales to the data when nothing stands out, and to 1 when there is no data', () => {
    expect(flowScale([100, 120, 90, 110, 130, 95])).toEqual({ max: 200, bursts: [], flow: 110 });
    expect(flowScale([0, 0, null])).toEqual({ max: 1, bursts: [], flow: 0 });
  });

  it('ends the axis on a round number', () => {
    expect([0.3, 1, 3, 7, 12, 950, 1001].map(niceCeil)).toEqual([0.5, 1, 5, 10, 20, 1000, 2000]);
  });

  it('gives the mean and peak per trading phase', () => {
    expect(ratesByPhase([0, 0, 9000, 300, 310], ['pre_open', 'pre_open', 'continuous_am', 'continuous_am', 'continuous_am'])).toEqual([
      { phase: 'pre_open', mean: 0, peak: 0, samples: 2 },
      { phase: 'continuous_am', mean: 3203.3333333333335, peak: 9000, samples: 3 },
    ]);
  });
});
