import { describe, expect, it } from 'vitest';
import { mayControlClock, mayDelete, mayInvite, maySubmit, mayWritePart } from './roles.ts';

describe('roles', () => {
  it('let an observer do nothing but read', () => {
    expect(['meta', 'scenario', 'clock', 'commands', 'runbook', 'chat'].some((p) => mayWritePart('observer', p as never))).toBe(false);
    expect(maySubmit('observer', 'restart_node')).toBe(false);
    expect(mayControlClock('observer') || mayInvite('observer')).toBe(false);
  });

  it('let an engineer run operator commands, the runbook and notes, but not drill control', () => {
    expect(maySubmit('engineer', 'failover')).toBe(true);
    expect(maySubmit('engineer', 'calendar_set') && maySubmit('engineer', 'rerun_clearing')).toBe(true); // a table fix and a clearing rerun are operators' work
    expect(maySubmit('engineer', 'inject_fault')).toBe(false);
    expect(maySubmit('engineer', 'set_load')).toBe(false);
    expect(mayWritePart('engineer', 'runbook') && mayWritePart('engineer', 'chat')).toBe(true);
    expect(mayWritePart('engineer', 'scenario') || mayWritePart('engineer', 'commands')).toBe(false);
    expect(mayDelete('engineer', 'runbook')).toBe(false);
  });

  it('let the lead control the clock, inject faults and edit the drill, but never write the log directly', () => {
    expect(maySubmit('lead', 'inject_fault') && mayControlClock('lead') && mayInvite('lead')).toBe(true);
    expect(mayWritePart('lead', 'scenario')).toBe(true);
    expect(mayWritePart('lead', 'commands') || mayWritePart('lead', 'meta') || mayWritePart('lead', 'clock')).toBe(false);
  });
});
