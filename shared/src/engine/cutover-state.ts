import { createDual, type DualState } from '../dualrun/shadow.ts';
import { createMigration, type MigrationState } from '../migration/records.ts';
import type { Predicate } from '../predicate/parse.ts';
import { initialRunbook, plannedStarts, type RunbookState } from '../runbook/machine.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Model } from './compile.ts';
import { push } from './queue.ts';
import { EV, PRIO } from './codes.ts';
import type { SimState } from './state.ts';

/**
 * The cutover layer of the engine, its model and state (this file), its checks (cutover-checks.ts)
 * and its commands and events (cutover.ts): runbook, dual-run, migration, guardrails, batch files
 * and report resync. Its state lives in SimState.cut (plain data: hashed and snapshotted with the
 * rest); its work happens on rare events (inputs, checkpoints, checks), never per order, except
 * the dual-run hooks that run only when a scenario has a dual-run.
 */

export interface CutoverModel {
  legacyNode: number; // -1 without a cutover section
  newNode: number;
  mirrorFrom: number;
  planned: number[];
  predicates: Map<string, Predicate>;
}

export function compileCutover(sc: Scenario, nodeIndex: Map<string, number>): CutoverModel {
  const c = sc.cutover;
  return {
    legacyNode: c ? nodeIndex.get(c.legacy)! : -1,
    newNode: c ? nodeIndex.get(c.new)! : -1,
    mirrorFrom: sc.dualRun?.from ?? 0,
    planned: sc.runbook ? plannedStarts(sc.runbook) : [],
    predicates: new Map(),
  };
}

export interface TimelineEntry {
  at: number;
  kind: 'input' | 'refused' | 'wrong_decision' | 'halt' | 'emergency_stop' | 'fault_ended' | 'switch' | 'recon' | 'migration' | 'file' | 'resync';
  actor: string;
  text: string;
}

export interface Halt {
  at: number;
  by: 'stop_condition' | 'emergency_stop';
  id: string; // stop condition id, or the actor of the emergency stop
  reason: string;
}

export interface FileState {
  arrivedAt: number;
  valid: boolean;
  resendAt: number; // -1 none requested
}

/** An exchange report lost on its way back; the order slot is kept until it is resynced. */
export interface HeldReport {
  order: number;
  gateway: number; // route position of the gateway (node index before failover)
  hop: number;
  flags: number;
  qty: number;
  amount: number;
  index: number;
  count: number;
}

export interface CutoverState {
  seed: number;
  halted: Halt | null;
  stopSince: number[];
  timeline: TimelineEntry[];
  runbook: RunbookState | null;
  primary: 'legacy' | 'new';
  switchedDirty: number;
  dual: DualState | null;
  mig: MigrationState | null;
  files: FileState[];
  held: HeldReport[];
}

export function createCutoverState(m: Model, seed: number): CutoverState {
  const sc = m.scenario;
  return {
    seed,
    halted: null,
    stopSince: sc.stopConditions.map(() => -1),
    timeline: [],
    runbook: sc.runbook ? initialRunbook(sc.runbook) : null,
    primary: 'legacy',
    switchedDirty: 0,
    dual: sc.dualRun ? createDual(m, seed) : null,
    mig: sc.migration ? createMigration() : null,
    files: sc.files.map(() => ({ arrivedAt: -1, valid: false, resendAt: -1 })),
    held: [],
  };
}

/** Put the cutover's own events on the list: stop-condition checks, reconciliations, file arrivals. */
export function scheduleCutover(m: Model, s: SimState): void {
  const sc = m.scenario;
  const t0 = m.windowStart;
  if (sc.stopConditions.length > 0) push(s.q, t0 + sc.guardCheckEvery, PRIO.SCHEDULE, EV.GUARD_CHECK, 0);
  if (sc.dualRun) push(s.q, Math.max(t0, m.cut.mirrorFrom) + sc.dualRun.reconcileEvery, PRIO.SCHEDULE, EV.RECONCILE, 0);
  sc.files.forEach((f, i) => push(s.q, Math.max(t0, f.arrives), PRIO.SCHEDULE, EV.FILE, i));
}

export function note(s: SimState, at: number, kind: TimelineEntry['kind'], actor: string, text: string): void {
  s.cut.timeline.push({ at, kind, actor, text });
}

/** Stop the run where it is (engine/simulation.ts stops processing events). */
export function halt(s: SimState, t: number, h: Halt): void {
  s.cut.halted = h;
  note(s, t, h.by === 'emergency_stop' ? 'emergency_stop' : 'halt', h.by === 'emergency_stop' ? h.id : 'guardrail', h.reason);
}
