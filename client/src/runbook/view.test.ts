import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation } from '@twinlab/shared/engine/simulation';
import type { Command } from '@twinlab/shared/scenario/command';
import { commandFor, rowsFor, windowLine } from './view.ts';

const text = readFileSync(fileURLToPath(new URL('../../../scenarios/weekend-counter-upgrade.yaml', import.meta.url)), 'utf8');
const parsed = parseScenario(text);
if (!parsed.ok) throw new Error('weekend-counter-upgrade does not load');
const sc = parsed.scenario;

function session() {
  const sim = createSimulation(sc);
  let seq = 0;
  sim.runUntil(sc.runbook!.window.start);
  const send = (actor: string, command: Command) => {
    sim.apply({ seq: seq++, at: sim.now, actor, command });
    sim.runUntil(sim.now + 1_000_000);
  };
  return { sim, send };
}

const actionsOf = (rows: ReturnType<typeof rowsFor>, id: string) => rows.find((r) => r.step.id === id)!.actions.map((a) => a.kind);

describe('the runbook panel model', () => {
  it('offers each participant what they may do now, and every button submits an input the engine accepts', () => {
    const { sim, send } = session();
    let rows = rowsFor(sim.cutover(), 'Dan', 'engineer');
    expect(actionsOf(rows, 'backup')).toEqual(['claim']); // not Dan's role yet
    expect(actionsOf(rows, 'go-no-go')).toEqual([]); // gates are the lead's
    send('Dan', commandFor(rows.find((r) => r.step.id === 'backup')!.actions[0]!));
    rows = rowsFor(sim.cutover(), 'Dan', 'engineer');
    expect(rows.find((r) => r.step.id === 'backup')!.mine).toBe(true);
    expect(actionsOf(rows, 'backup')).toEqual([]); // waits for stop-legacy, after Friday's clearing
    const cindy0 = rowsFor(sim.cutover(), 'Cindy', 'engineer');
    send('Cindy', commandFor(cindy0.find((r) => r.step.id === 'stop-legacy')!.actions[0]!));
    expect(actionsOf(rowsFor(sim.cutover(), 'Cindy', 'engineer'), 'stop-legacy')).toEqual(['start']); // Friday's clearing is done: its precondition holds
    send('Cindy', commandFor({ kind: 'start', step: 'stop-legacy' }));
    send('Cindy', commandFor({ kind: 'done', step: 'stop-legacy' }));
    rows = rowsFor(sim.cutover(), 'Dan', 'engineer');
    expect(actionsOf(rows, 'backup')).toEqual(['start']);
    expect(actionsOf(rows, 'convert')).toEqual([]); // waits for the backup; Dan already holds dba
    send('Dan', commandFor({ kind: 'start', step: 'backup' }));
    send('Dan', commandFor({ kind: 'done', step: 'backup' }));
    const dan = rowsFor(sim.cutover(), 'Dan', 'engineer');
    const eve = rowsFor(sim.cutover(), 'Eve', 'engineer');
    expect(dan.find((r) => r.step.id === 'backup')!.step.status).toBe('awaiting_signoff');
    expect(actionsOf(dan, 'backup')).toEqual([]); // no signing off one's own step
    expect(actionsOf(eve, 'backup')).toEqual(['claim', 'signoff']);
    expect(rowsFor(sim.cutover(), 'Zhao', 'observer').every((r) => r.actions.length === 0)).toBe(true);
    expect(dan.find((r) => r.step.id === 'backup')!.timer).toBe('00:02'); // the clock runs until it is signed off
  });

  it('shows the window, the planned schedule and the gate decision with its reason', () => {
    const { sim, send } = session();
    const rows = rowsFor(sim.cutover(), 'Lena', 'lead');
    expect(rows.find((r) => r.step.id === 'convert')!.planned).toBe('20:35 +6:00:00'); // Friday 18:30 + stop-legacy (5m) + backup (2h); the conversion takes 6 h
    expect(rows.find((r) => r.step.id === 'totals-check')!.planned).toBe('D+1 02:35 +1:00:00'); // Saturday, after the night's conversion
    expect(windowLine(sim.cutover())).toMatchObject({ deadline: 'D+3 09:00', late: false, complete: false });
    send('Lena', { type: 'start_rollback', reason: 'drill: practise the rollback path' });
    const after = rowsFor(sim.cutover(), 'Lena', 'lead');
    expect(after.find((r) => r.step.id === 'backup')!.actions).toEqual([{ kind: 'claim', role: 'dba' }]); // forward path closed
    expect(commandFor({ kind: 'decide', gate: 'go-no-go' }, { go: false, reason: 'dirty data' })).toEqual({ type: 'gate_decision', gate: 'go-no-go', decision: 'no_go', reason: 'dirty data' });
  });
});
