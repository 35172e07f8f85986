import { describe, expect, it } from 'vitest';
import { parseScenario } from '@twinlab/shared/scenario/parse';
import { createSimulation } from '@twinlab/shared/engine/simulation';
import { cutoverFor } from '@twinlab/shared/dualrun/view';
import { parseClock } from '@twinlab/shared/scenario/units';
import type { Command } from '@twinlab/shared/scenario/command';
import { readRepoFile } from '../../../shared/scripts/repo-files.mjs';
import { translate } from '../app/i18n/i18n.ts';
import { causeKey, checkpointKey, lastBreaks, reconRounds, shownValue } from './view.ts';

const parsed = parseScenario(readRepoFile('scenarios/drills/first-night-clearing.yaml'), 'first-night-clearing.yaml');
if (!parsed.ok) throw new Error('first-night-clearing does not load');
const sc = parsed.scenario;

/** Monday of the first-night-clearing drill to `until`, with the commands at their clocks. */
function run(until: string, ...steps: [string, Command][]) {
  const sim = createSimulation(sc, { seed: sc.seed });
  steps.forEach(([clock, command], seq) => {
    sim.runUntil(parseClock(clock)!);
    sim.apply({ seq, at: sim.now, actor: '王工', command });
  });
  sim.runUntil(parseClock(until)!);
  return sim.cutover();
}

describe('the reconciliation panel model', () => {
  const report = run('18:06', ['18:05', { type: 'reconcile' }]);
  const rounds = reconRounds(report);

  it('lists each reconciliation with its checkpoint: clean intraday, the break only after clearing', () => {
    const intraday = rounds.filter((r) => r.checkpoint === 'intraday');
    const after = rounds.filter((r) => r.checkpoint === 'post_clearing');
    expect(intraday[0]).toMatchObject({ clock: '10:00:00', actor: 'schedule' });
    expect(intraday.every((r) => r.total === 0 && r.causes.length === 0)).toBe(true);
    // Every one before the night's clearing is intraday; from its end on, each is after clearing and shows the dividend.
    expect(after.length).toBeGreaterThan(0);
    expect(rounds.slice(intraday.length)).toEqual(after);
    expect(after.every((r) => r.total === 60 && r.causes.length === 1 && r.causes[0]!.cause === 'corporate_action' && r.causes[0]!.n === 60)).toBe(true);
    expect(rounds.at(-1)).toMatchObject({ clock: '18:05:00', actor: '王工', checkpoint: 'post_clearing', total: 60, causes: [{ cause: 'corporate_action', n: 60 }] });
  });

  it("lists the last reconciliation's breaks with its checkpoint and cause, in yuan", () => {
    const rows = lastBreaks(report);
    expect(rows.length).toBe(60);
    expect(rows.every((r) => r.field === 'funds' && r.checkpoint === 'post_clearing' && r.cause === 'corporate_action' && r.legacy > r.shadow)).toBe(true);
    expect(shownValue('funds', rows[0]!.legacy)).toEqual({ n: rows[0]!.legacy / 100, digits: 2 });
    expect(shownValue('position', 300)).toEqual({ n: 300, digits: 0 });
  });

  it('keeps the checkpoints but withholds the causes from a trainee in a drill', () => {
    const trainee = cutoverFor(report, { drill: true, lead: false });
    const seen = reconRounds(trainee);
    expect(seen.map((r) => [r.checkpoint, r.total])).toEqual(rounds.map((r) => [r.checkpoint, r.total]));
    expect(seen.at(-1)!.causes).toEqual([]);
    const rows = lastBreaks(trainee);
    expect(rows.length).toBe(60);
    expect(rows.every((r) => r.cause === undefined && r.checkpoint === 'post_clearing')).toBe(true);
  });

  it('after the fix and a rerun from the checkpoint, the reconciliation after clearing is clean again', () => {
    const fixed = run(
      '18:21',
      ['18:05', { type: 'reconcile' }],
      ['18:15', { type: 'set_config', node: 'oms-new', key: 'clearing.cashDividend', value: 'post' }],
      ['18:15', { type: 'rerun_clearing', node: 'oms-new', from: 'checkpoint' }],
      ['18:20', { type: 'reconcile' }],
    );
    expect(
      reconRounds(fixed)
        .slice(-2)
        .map((r) => [r.clock, r.checkpoint, r.total]),
    ).toEqual([
      ['18:05:00', 'post_clearing', 60],
      ['18:20:00', 'post_clearing', 0],
    ]);
    expect(lastBreaks(fixed)).toEqual([]);
  });

  it('names the cause and the checkpoint in Chinese first and in English', () => {
    expect(translate('zh-CN', causeKey('corporate_action'))).toBe('公司行为');
    expect(translate('en', causeKey('corporate_action'))).toBe('corporate action');
    expect(translate('zh-CN', checkpointKey('post_clearing'))).toBe('清算后');
    expect(translate('en', checkpointKey('post_clearing'))).toBe('after clearing');
    expect(translate('zh-CN', checkpointKey('intraday'))).toBe('日间');
  });
});
