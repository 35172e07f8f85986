import type { FaultSpec, FlowFault } from '../scenario/faults.ts';
import type { Command } from '../scenario/command.ts';
import { LINK_FAULTS } from '../scenario/faults.ts';
import { KIND, type Model } from './compile.ts';
import { rescheduleLoad } from './load.ts';
import { push } from './queue.ts';
import { resetStation } from './station.ts';
import { EV, PRIO } from './codes.ts';
import type { FaultRecord, SimState } from './state.ts';
import { checkCutoverCommand, runCutoverCommand } from './cutover.ts';
import { note } from './cutover-state.ts';
import { calendarRowProblem } from './days.ts';
import { checkNightCommand, rerunClearing } from './night.ts';
import { checkShadowClearing, rerunShadowClearing, shadowOf } from './clearing.ts';
import { cancelBacklog, killSwitch, markInvalid, massCancel, reconnect, resync, sendBacklog, type Scope } from './desk.ts';
import { forward } from './flow.ts';
import { releaseHeld } from './gate.ts';
import { HOLD } from './market-state.ts';
import { onFailover, onRestart } from './replication.ts';

/**
 * Faults and operator commands change node and link behaviour. Derived effects (slowdown,
 * extra latency, loss, disk full, cut links) are recomputed from the active faults, so
 * overlapping faults and early clears compose without bookkeeping of their own.
 */

/** Resolve a fault's target; throws a message that names the unknown id. */
export function faultTarget(m: Model, spec: FaultSpec): { target: number; onLink: boolean } {
  if (spec.kind === 'runaway' || spec.kind === 'basket') return { target: runawayRoute(m, spec), onLink: false };
  const onLink = LINK_FAULTS.includes(spec.kind);
  const target = onLink ? m.linkIndex.get(spec.target) : m.nodeIndex.get(spec.target);
  if (target === undefined) throw new Error(`fault ${spec.kind}: unknown ${onLink ? 'link' : 'node'} "${spec.target}"`);
  return { target, onLink };
}

/** A runaway algorithm's (or a fund basket's) route, checked against its account and symbol. */
function runawayRoute(m: Model, spec: FlowFault): number {
  const k = spec.kind;
  const r = m.routes.findIndex((x) => x.id === spec.target);
  if (r < 0) throw new Error(`fault ${k}: unknown route "${spec.target}"`);
  if (spec.account >= m.accountCount) throw new Error(`fault ${k}: account ${spec.account} does not exist (accounts 0 to ${m.accountCount - 1})`);
  const ins = m.ins.symbol.indexOf(spec.symbol);
  if (ins < 0) throw new Error(`fault ${k}: symbol "${spec.symbol}" is not among the scenario's instruments`);
  if (m.routes[r]!.market !== m.instrumentMarket[ins]) throw new Error(`fault ${k}: route "${spec.target}" does not reach the market of "${spec.symbol}"`);
  return r;
}

export function newFaultRecord(m: Model, id: string, spec: FaultSpec): FaultRecord {
  const { target, onLink } = faultTarget(m, spec);
  return { id, spec, target, onLink, startedAt: -1, active: false, endsAt: -1 };
}

export function startFault(m: Model, s: SimState, index: number, t: number): void {
  const f = s.faults[index]!;
  if (f.active) return;
  f.active = true;
  f.startedAt = t;
  if (f.spec.duration !== undefined) {
    f.endsAt = t + f.spec.duration;
    push(s.q, f.endsAt, PRIO.SCHEDULE, EV.FAULT_END, index);
  }
  if (f.spec.kind === 'crash') crash(m, s, f.target, t);
  if (f.spec.kind === 'config_error') s.nodeConfig[f.target]!.push([f.spec.key, f.spec.value, f.id]);
  if (f.spec.kind === 'index_lost') s.gwIndexLost[f.target] = 1; // it does not come back when the fault ends
  if (f.spec.kind === 'runaway' || f.spec.kind === 'basket') push(s.q, t, PRIO.TRAFFIC, EV.RUNAWAY, index);
  recompute(m, s, t);
  reconnect(m, s, t);
}

export function endFault(m: Model, s: SimState, index: number, t: number): void {
  const f = s.faults[index]!;
  if (!f.active) return;
  f.active = false;
  f.endsAt = t;
  if (f.spec.kind === 'crash') restart(m, s, f.target, t);
  if (f.spec.kind === 'config_error') s.nodeConfig[f.target] = s.nodeConfig[f.target]!.filter((e) => e[2] !== f.id);
  recompute(m, s, t);
  reconnect(m, s, t, f.spec.kind === 'crash' ? f.target : -1);
}

function crash(m: Model, s: SimState, n: number, t: number): void {
  if (s.nodeDown[n]) return;
  s.nodeDown[n] = 1;
  s.crashTimes[n]!.push(t); // what was inside when it died is lost (checked where it arrives next)
  s.nodeEpoch[n]!++;
  resetStation(m, s, n, t);
}

function restart(m: Model, s: SimState, n: number, t: number): void {
  if (!s.nodeDown[n]) return;
  s.nodeDown[n] = 0;
  resetStation(m, s, n, t);
}

function recompute(m: Model, s: SimState, t: number): void {
  s.nodeSlow.fill(1);
  s.nodeDiskFull.fill(0);
  s.linkExtraLatency.fill(0);
  s.linkLossNow.set(m.linkLoss);
  s.mkt.feedStale.fill(0);
  const cut = new Uint8Array(s.linkCut.length);
  for (const f of s.faults) {
    if (!f.active) continue;
    const spec = f.spec;
    if (spec.kind === 'slow') s.nodeSlow[f.target] = s.nodeSlow[f.target]! * spec.factor;
    else if (spec.kind === 'disk_full') s.nodeDiskFull[f.target] = 1;
    else if (spec.kind === 'latency_spike') s.linkExtraLatency[f.target] = s.linkExtraLatency[f.target]! + spec.latency;
    else if (spec.kind === 'loss') s.linkLossNow[f.target] = Math.max(s.linkLossNow[f.target]!, spec.loss);
    else if (spec.kind === 'partition') cut[f.target] = 1;
    else if (spec.kind === 'stale_feed') s.mkt.feedStale[f.target] = 1;
  }
  for (let l = 0; l < cut.length; l++) {
    if (cut[l] && !s.linkCut[l]) s.linkLastCut[l] = t;
    if (!cut[l] && s.linkCut[l]) s.linkLastHeal[l] = t;
  }
  s.linkCut.set(cut);
  // Quotes back, or a counter back up: what it holds goes out.
  if (s.mkt.held.length > 0) for (const why of [HOLD.PRE_OPEN, HOLD.QUOTES]) releaseHeld(m, s, why, t, (msg, n, at) => forward(m, s, msg, n, at));
}

/** A market-data feed failed over to (or back from) its standby: what counters held for fresh quotes goes out once they are. */
function releaseQuotes(m: Model, s: SimState, t: number): void {
  if (s.mkt.held.length > 0) releaseHeld(m, s, HOLD.QUOTES, t, (msg, n, at) => forward(m, s, msg, n, at));
}

/** Check a command's references before it is queued, so a bad one never reaches the run. */
export function checkCommand(m: Model, s: SimState, c: Command): void {
  const node = (id: string) => {
    if (!m.nodeIndex.has(id)) throw new Error(`${c.type}: unknown node "${id}"`);
  };
  switch (c.type) {
    case 'failover':
      node(c.node);
      node(c.to);
      if (c.node === c.to) throw new Error('failover: a node cannot fail over to itself');
      return;
    case 'inject_fault':
      faultTarget(m, c.fault);
      if (c.fault.id !== undefined && s.faults.some((f) => f.id === c.fault.id && f.active)) throw new Error(`inject_fault: fault "${c.fault.id}" is already active`);
      return;
    case 'clear_fault':
    case 'set_load':
      return;
    case 'backlog':
    case 'mark_invalid':
      gateway(m, c.type, c.node);
      return;
    case 'mass_cancel':
    case 'kill_switch':
      scopeOf(m, c);
      return;
    case 'calendar_set': {
      node(c.node);
      const problem = calendarRowProblem(m.days, c.date);
      if (problem) throw new Error(`calendar_set: ${problem}`);
      return;
    }
    case 'rerun_clearing':
      checkNightCommand(m, c);
      if (c.node !== undefined) checkShadowClearing(m, c);
      return;
    default:
      if ('node' in c) node(c.node);
      else checkCutoverCommand(m, c);
  }
}

function gateway(m: Model, type: string, id: string): number {
  const n = m.nodeIndex.get(id);
  if (n === undefined) throw new Error(`${type}: unknown node "${id}"`);
  if (m.nodeKind[n] !== KIND.gateway) throw new Error(`${type}: "${id}" is not a gateway`);
  return n;
}

/** The orders a mass cancel or kill switch is for; throws a message that says what is missing or unknown. */
function scopeOf(m: Model, c: { type: string; scope: 'account' | 'pbu' | 'firm'; account?: number | undefined; pbu?: string | undefined }): Scope {
  if (c.scope === 'firm') return { scope: 'firm' };
  if (c.scope === 'account') {
    if (c.account === undefined) throw new Error(`${c.type}: scope account needs account (its number)`);
    if (c.account >= m.accountCount) throw new Error(`${c.type}: account ${c.account} does not exist (accounts 0 to ${m.accountCount - 1})`);
    return { scope: 'account', account: c.account };
  }
  if (c.pbu === undefined) throw new Error(`${c.type}: scope pbu needs pbu`);
  const p = m.pbuIds.indexOf(c.pbu);
  if (p < 0) throw new Error(`${c.type}: unknown PBU "${c.pbu}" (known: ${m.pbuIds.join(', ') || 'none'})`);
  return { scope: 'pbu', pbu: p };
}

export function runCommand(m: Model, s: SimState, index: number, t: number): void {
  const { command, seq, actor } = s.commands[index]!;
  execute(m, s, command, seq, actor, t);
}

/** End every active fault (the lead's emergency stop); returns their ids. */
function endAllFaults(m: Model, s: SimState, t: number): string[] {
  const ended: string[] = [];
  s.faults.forEach((f, i) => {
    if (!f.active) return;
    ended.push(f.id);
    endFault(m, s, i, t);
  });
  return ended;
}

function execute(m: Model, s: SimState, c: Command, seq: number, actor: string, t: number): void {
  switch (c.type) {
    case 'restart_node': {
      const n = m.nodeIndex.get(c.node)!;
      s.faults.forEach((f, i) => f.active && f.spec.kind === 'crash' && f.target === n && endFault(m, s, i, t));
      restart(m, s, n, t);
      if (s.dr !== undefined) onRestart(m, s, n, t);
      reconnect(m, s, t, n);
      return;
    }
    case 'failover':
      if (s.dr !== undefined) onFailover(m, s, m.nodeIndex.get(c.node)!, m.nodeIndex.get(c.to)!, t); // before the flow moves: the books become the standby's
      s.nodeSubst[m.nodeIndex.get(c.node)!] = m.nodeIndex.get(c.to)!;
      reconnect(m, s, t, m.nodeIndex.get(c.to)!); // a standby counter taking over gets what its primary missed
      releaseQuotes(m, s, t);
      return;
    case 'failback':
      s.nodeSubst[m.nodeIndex.get(c.node)!] = -1;
      reconnect(m, s, t);
      releaseQuotes(m, s, t);
      return;
    case 'drain_node':
      s.nodeDrained[m.nodeIndex.get(c.node)!] = 1;
      return;
    case 'resume_node':
      s.nodeDrained[m.nodeIndex.get(c.node)!] = 0;
      return;
    case 'throttle': {
      const n = m.nodeIndex.get(c.node)!;
      s.nodeThrottle[n] = c.ordersPerSecond;
      s.nodeTokens[n] = c.ordersPerSecond;
      s.nodeTokensAt[n] = t;
      return;
    }
    case 'set_config': {
      const n = m.nodeIndex.get(c.node)!;
      s.nodeConfig[n] = [...s.nodeConfig[n]!.filter((e) => !(e[0] === c.key && e[2] === '')), [c.key, c.value, '']];
      return;
    }
    case 'inject_fault': {
      if (c.fault.id !== undefined && s.faults.some((f) => f.id === c.fault.id && f.active)) return;
      s.faults.push(newFaultRecord(m, c.fault.id ?? `live-${seq}`, c.fault));
      startFault(m, s, s.faults.length - 1, t);
      return;
    }
    case 'clear_fault':
      s.faults.forEach((f, i) => f.active && f.id === c.faultId && endFault(m, s, i, t));
      return;
    case 'set_load':
      s.loadMultiplier = c.multiplier;
      rescheduleLoad(m, s, t);
      return;
    case 'resync_reports': {
      const line = resync(m, s, m.nodeIndex.get(c.node)!, true, t);
      if (line !== null) note(s, t, 'resync', actor, line);
      return;
    }
    case 'backlog': {
      const gw = m.nodeIndex.get(c.node)!;
      const n = c.action === 'send' ? sendBacklog(m, s, t) : cancelBacklog(m, s, gw);
      note(s, t, 'resync', actor, c.action === 'send' ? `held orders: ${n} sent` : `${n} held orders for ${c.node} cancelled at the counter`);
      return;
    }
    case 'mark_invalid': {
      const n = markInvalid(m, s, m.nodeIndex.get(c.node)!);
      note(s, t, 'resync', actor, `${n} in-doubt orders on ${c.node} marked 废单`);
      return;
    }
    case 'mass_cancel': {
      const [held, sent] = massCancel(m, s, scopeOf(m, c), t);
      note(s, t, 'resync', actor, `mass cancel (${describeScope(c)}): ${held} held orders cancelled, ${sent} cancels sent`);
      return;
    }
    case 'kill_switch': {
      const [held, sent] = killSwitch(m, s, scopeOf(m, c), c.on, t);
      note(s, t, 'resync', actor, c.on ? `kill switch on (${describeScope(c)}): new orders refused; ${held} held orders cancelled, ${sent} cancels sent` : `kill switch off (${describeScope(c)})`);
      return;
    }
    case 'calendar_set':
      // A row of the node's own table (engine/days.ts), kept where config overrides are kept.
      s.nodeConfig[m.nodeIndex.get(c.node)!]!.push([`calendar.${c.date}`, c.trading, '']);
      note(s, t, 'input', actor, `${c.node} calendar: ${c.date} set to ${c.trading ? 'trading day' : 'closed'}`);
      return;
    case 'rerun_clearing':
      // The shadow's own clearing when the command names the non-primary system, else the primary's batch.
      if (c.node !== undefined && m.nodeIndex.get(c.node) === shadowOf(m, s)) rerunShadowClearing(m, s, c.from, actor, t);
      else rerunClearing(m, s, c.from, actor, t);
      return;
    default:
      runCutoverCommand(
        m,
        s,
        c,
        seq,
        actor,
        t,
        (cmd, sq, who, at) => execute(m, s, cmd, sq, who, at),
        (at) => endAllFaults(m, s, at),
      );
  }
}

function describeScope(c: { scope: string; account?: number | undefined; pbu?: string | undefined }): string {
  return c.scope === 'firm' ? 'whole firm' : c.scope === 'account' ? `account ${c.account}` : `PBU ${c.pbu}`;
}
