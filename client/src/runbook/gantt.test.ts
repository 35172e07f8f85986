import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation } from '@twinlab/shared/engine/simulation';
import type { StepView } from '@twinlab/shared/engine/cutover-report';
import { criticalPath, ganttFor, ganttTicks } from './gantt.ts';
import { parseClock } from '@twinlab/shared/scenario/units';

const text = readFileSync(fileURLToPath(new URL('../../../scenarios/weekend-counter-upgrade.yaml', import.meta.url)), 'utf8');
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('weekend-counter-upgrade does not load');
const sc = parsed.scenario;

const step = (id: string, plannedStart: number, expected: number, after: string[] = []): StepView => ({ id, path: 'forward', plannedStart, expected, after }) as unknown as StepView;

describe('the runbook timeline', () => {
  it('follows the predecessor that finishes last back from the step that finishes last', () => {
    // a → b (long) → d, a → c (short) → d, e stands alone and ends early.
    const steps = [step('a', 0, 10, []), step('b', 10, 50, ['a']), step('c', 10, 5, ['a']), step('d', 60, 10, ['b', 'c']), step('e', 0, 3)];
    expect(criticalPath(steps)).toEqual(['a', 'b', 'd']);
  });

  it('draws a started step with a planned and an actual bar, and its overrun past the expected time', () => {
    const sim = createSimulation(sc);
    let seq = 0;
    const first = sc.runbook!.steps.find((s) => s.path === 'forward' && s.after.length === 0 && s.kind === 'step')!;
    sim.runUntil(sc.runbook!.window.start);
    sim.apply({ seq: seq++, at: sim.now, actor: 'Dan', command: { type: 'claim_role', role: first.owner } });
    sim.runUntil(sim.now + 1_000_000);
    sim.apply({ seq: seq++, at: sim.now, actor: 'Dan', command: { type: 'step_start', step: first.id } });
    const started = sim.now;
    sim.runUntil(started + first.expected + 60_000_000); // a minute over
    const g = ganttFor(sim.cutover())!;
    const row = g.rows.find((r) => r.step.id === first.id)!;
    expect(row.planned.end - row.planned.start).toBe(first.expected);
    expect(row.actual).toEqual({ start: started, end: sim.now });
    expect(row.overrun).toEqual({ start: started + first.expected, end: sim.now });
    // Not started: no actual bar. Rollback steps come after every forward one.
    expect(g.rows.filter((r) => r.step.id !== first.id).every((r) => r.actual === null)).toBe(true);
    const paths = g.rows.map((r) => r.step.path);
    expect(paths.indexOf('rollback')).toBeGreaterThan(paths.lastIndexOf('forward'));
    expect(g.critical.length).toBeGreaterThan(1);
    expect(
      g.rows
        .filter((r) => r.critical)
        .map((r) => r.step.id)
        .sort(),
    ).toEqual([...g.critical].sort());
    expect(g.from).toBe(sc.runbook!.window.start);
    expect(g.to).toBeGreaterThanOrEqual(sc.runbook!.window.deadline);
  });

  it('labels the hour lines of a weekend window with their day, not a clock cut to its first characters', () => {
    const clock = (c: string) => parseClock(c)!;
    const weekend = ganttTicks(clock('18:00'), clock('D+3 09:45'));
    expect(weekend.map((t) => t.label).slice(0, 6)).toEqual(['18:00', 'D+1 00:00', '06:00', '12:00', '18:00', 'D+2 00:00']);
    expect(weekend.at(-1)).toEqual({ at: clock('D+3 06:00'), label: '06:00' });
    // A window that starts on a later day names its day on its first line.
    expect(ganttTicks(clock('D+1 08:00'), clock('D+1 10:00')).map((t) => t.label)).toEqual(['D+1 08:00', '08:30', '09:00', '09:30', '10:00']);
    expect(ganttTicks(clock('09:00'), clock('10:00')).map((t) => t.label)).toEqual(['09:00', '09:15', '09:30', '09:45', '10:00']);
  });
});
