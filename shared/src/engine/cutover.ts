import { FLAG_MIRRORED, FLAG_PRIMARY_ACCEPTED, FLAG_SHADOW_REJECTED, createDual, MAX_ROUNDS_KEPT, reconcile, shadowNode, type DualState } from '../dualrun/shadow.ts';
import { classifyBreaks, judgeDay } from '../dualrun/verdict.ts';
import { dirtyEvidence, notAtDayBoundary } from './cutover-evidence.ts';
import { checkRecords, foundByKind, isBookRecord, migrateAccounts, migrationCounts, validateRound } from '../migration/records.ts';
import { applyRunbookInput, isRunbookInput } from '../runbook/machine.ts';
import type { Command } from '../scenario/command.ts';
import { formatClock } from '../scenario/units.ts';
import type { Model } from './compile.ts';
import { check, cutoverView } from './cutover-checks.ts';
import { halt, note } from './cutover-state.ts';
import { push } from './queue.ts';
import { postClearingDay } from './night.ts';
import { EV, PRIO, isTerminal } from './codes.ts';
import type { SimState } from './state.ts';
import { addSellable, cashOf, densePositions, frozenOf, position } from './book.ts';
import { F_FEE_PAID, F_SHADOW_FEE, ORD_F, ORD_I, O_ACCOUNT, O_FLAGS, O_STATUS } from './order-layout.ts';

// The cutover layer's commands and events; its model and state are in cutover-state.ts, its checks
// in cutover-checks.ts.

export function onReconcile(m: Model, s: SimState, t: number): void {
  runReconcile(m, s, t, 'schedule');
  push(s.q, t + m.scenario.dualRun!.reconcileEvery, PRIO.SCHEDULE, EV.RECONCILE, 0);
}

function runReconcile(m: Model, s: SimState, t: number, actor: string): void {
  const d = s.cut.dual!;
  const postDay = postClearingDay(m, s, t);
  const r = reconcile(m, s, d, t, postDay >= 0 ? 'post_clearing' : 'intraday');
  const causes = Object.entries(r.byCause)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  d.history.push({ at: t, actor, checkpoint: r.checkpoint, total: r.total, byCause: { ...r.byCause } });
  if (d.history.length > MAX_ROUNDS_KEPT) d.history.shift();
  const at = r.checkpoint === 'post_clearing' ? ' after clearing' : '';
  note(s, t, 'recon', actor, r.total === 0 ? `reconciliation${at} clean` : `reconciliation${at}: ${r.total} mismatches (${causes})`);
  const v = judgeDay(m, d, r, t, postDay);
  const need = m.scenario.cutover?.cleanDaysRequired;
  if (v) note(s, t, 'recon', actor, `day ${v.date} ${v.breaks === 0 ? 'clean' : `has ${v.breaks} open breaks`}: ${d.days.cleanDays}${need ? ` of ${need}` : ''} consecutive clean days`);
}

export function onFile(m: Model, s: SimState, i: number, t: number): void {
  const spec = m.scenario.files[i]!;
  const f = s.cut.files[i]!;
  const resent = f.resendAt >= 0 && t >= f.resendAt;
  f.arrivedAt = t;
  f.valid = resent || !spec.corrupt;
  note(s, t, 'file', 'batch', `${spec.title ?? spec.id} ${resent ? 're-sent and ' : ''}arrived: control totals ${f.valid ? 'match' : 'DO NOT match'}`);
}

export type Effect = (c: Command, seq: number, actor: string, t: number) => void;

/** Check a cutover command's references before it is queued (the scenario sections it needs). */
export function checkCutoverCommand(m: Model, c: Command): void {
  const sc = m.scenario;
  const need = (ok: unknown, what: string) => {
    if (!ok) throw new Error(`${c.type}: scenario ${sc.id} has no ${what}`);
  };
  if (isRunbookInput(c)) need(sc.runbook, 'runbook');
  else if (c.type === 'switch_primary') need(sc.cutover, 'cutover section');
  else if (c.type === 'reconcile' || c.type === 'rerun_shadow' || c.type === 'classify_break') need(sc.dualRun, 'dual-run');
  else if (c.type === 'migrate_data' || c.type === 'validate_migration' || c.type === 'clean_migration') need(sc.migration, 'migration');
  else if (c.type === 'request_resend')
    need(
      sc.files.some((f) => f.id === c.file),
      `file "${c.file}"`,
    );
}

/** Run a cutover command at t; `effect` runs the plain operator commands a runbook step issues. */
export function runCutoverCommand(m: Model, s: SimState, c: Command, seq: number, actor: string, t: number, effect: Effect, endAllFaults: (t: number) => string[]): void {
  const cut = s.cut;
  if (isRunbookInput(c)) {
    const rb = m.scenario.runbook!;
    const view = cutoverView(m, s);
    const r = applyRunbookInput(rb, cut.runbook!, c, actor, t, (text) => check(m, s, text, view));
    if (!r.ok) {
      note(s, t, 'refused', actor, r.error);
      return;
    }
    const wrong = c.type === 'gate_decision' && cut.runbook!.steps[rb.steps.findIndex((x) => x.id === c.gate)]!.wrong;
    note(s, t, wrong ? 'wrong_decision' : 'input', actor, r.text);
    for (const cmd of r.issue) effect(cmd, seq, actor, t);
    return;
  }
  switch (c.type) {
    case 'emergency_stop': {
      const ended = endAllFaults(t);
      for (const id of ended) note(s, t, 'fault_ended', actor, `emergency stop ends fault ${id}`);
      halt(s, t, { at: t, by: 'emergency_stop', id: actor, reason: `emergency stop by ${actor}: ${c.reason}` });
      return;
    }
    case 'switch_primary':
      switchPrimary(m, s, c.to, actor, t);
      return;
    case 'reconcile':
      runReconcile(m, s, t, actor);
      return;
    case 'rerun_shadow':
      rerunShadow(m, s, t, actor);
      return;
    case 'classify_break': {
      const r = classifyBreaks(cut.dual!, c, actor, t);
      note(s, t, r.ok ? 'input' : 'refused', actor, r.text);
      return;
    }
    case 'migrate_data': {
      const mig = cut.mig!;
      if (mig.migrated) return note(s, t, 'refused', actor, 'the data was already migrated');
      migrateAccounts(m, s, mig, t);
      const d = cut.dual;
      for (const r of mig.records) if (isBookRecord(r)) shiftShadow(m, d, r.account, r.kind, r.instrument, r.delta);
      note(s, t, 'migration', actor, `${m.accountCount} accounts migrated into ${m.nodeIds[m.cut.newNode]}`);
      return;
    }
    case 'validate_migration': {
      const mig = cut.mig!;
      if (!mig.migrated) return note(s, t, 'refused', actor, 'nothing to validate: the data has not been migrated');
      const n = c.scope ? checkRecords(mig, c.scope) : validateRound(m, s, mig);
      const k = migrationCounts(mig);
      const what =
        c.scope === 'full' ? 'full check (every account x security and every account\u2019s fields)' : c.scope === 'totals' ? 'totals check (balances and positions only)' : 'validation round';
      const cls = m.scenario.migration!.brokenClass;
      const byClass = cls && k.classBroken > 0 && k.found > 0 ? `; ${k.classBroken} of them are ${cls.class} accounts, every one of that class` : '';
      note(
        s,
        t,
        'migration',
        actor,
        `${what} ${mig.rounds} finds ${n} dirty records (${k.found} found and not cleaned${k.found > 0 ? `: ${foundByKind(mig)}` : ''}${byClass}, ${k.unfound} still unfound)`,
      );
      return;
    }
    case 'clean_migration': {
      const mig = cut.mig!;
      let n = 0;
      for (const r of mig.records) {
        if (!r.found || r.cleaned) continue;
        r.cleaned = true;
        n++;
        if (isBookRecord(r)) shiftShadow(m, cut.dual, r.account, r.kind, r.instrument, -r.delta);
        if (r.live) {
          const p = position(m, s.book, r.account, r.instrument);
          addSellable(s.book, p, -r.delta);
          r.live = false;
        }
      }
      note(s, t, 'migration', actor, `cleaning fixes ${n} records; ${migrationCounts(mig).dirty} dirty records remain`);
      return;
    }
    case 'resync_reports':
      return; // handled by the engine core (engine/effects.ts), which owns the report path
    case 'request_resend': {
      const i = m.scenario.files.findIndex((f) => f.id === c.file);
      const f = cut.files[i]!;
      f.resendAt = t + m.scenario.files[i]!.resendAfter;
      push(s.q, f.resendAt, PRIO.SCHEDULE, EV.FILE, i);
      note(s, t, 'file', actor, `${c.file}: re-send requested, due ${formatClock(f.resendAt)}`);
      return;
    }
    default:
      return;
  }
}

function shiftShadow(m: Model, d: DualState | null, account: number, kind: 'cash' | 'position', instrument: number, delta: number): void {
  if (!d) return;
  if (kind === 'cash') {
    d.shFunds[account] = d.shFunds[account]! + delta;
    d.migFunds[account] = d.migFunds[account]! + delta;
  } else {
    const cell = account * m.instrumentCount + instrument;
    d.shPos[cell] = d.shPos[cell]! + delta;
    d.migPos[cell] = d.migPos[cell]! + delta;
  }
}

function switchPrimary(m: Model, s: SimState, to: 'legacy' | 'new', actor: string, t: number): void {
  const cut = s.cut;
  if (cut.primary === to) return note(s, t, 'refused', actor, `the ${to} system is already primary`);
  // With a multi-day gate, a counter or OMS switches only at a day boundary (docs/domain.md E2).
  const busy = m.scenario.cutover?.cleanDaysRequired === undefined ? '' : notAtDayBoundary(m, s, t);
  if (busy) return note(s, t, 'refused', actor, `switch_primary refused: ${busy}; switch at a day boundary (after clearing, before the next day's open)`);
  const legacy = m.cut.legacyNode;
  const next = m.cut.newNode;
  cut.primary = to;
  s.nodeSubst[legacy] = to === 'new' ? next : -1;
  let dirty = '';
  if (to === 'new') {
    dirty = dirtyEvidence(m, s);
    if (dirty) cut.switchedDirty++;
  }
  // Wrong sellable quantities in the migrated data bite once the new system serves clients.
  for (const r of cut.mig?.records ?? []) {
    if (r.kind !== 'position' || r.cleaned || r.live === (to === 'new')) continue;
    const p = position(m, s.book, r.account, r.instrument);
    addSellable(s.book, p, to === 'new' ? r.delta : -r.delta);
    r.live = to === 'new';
  }
  note(s, t, dirty ? 'wrong_decision' : 'switch', actor, `primary switched to ${m.nodeIds[to === 'new' ? next : legacy]} (${to})${dirty ? ` WITH DIRTY EVIDENCE: ${dirty}` : ''}`);
}

/** After a fix: the shadow's books restart from the primary's, keeping the migrated errors not yet cleaned. */
function rerunShadow(m: Model, s: SimState, t: number, actor: string): void {
  const d = s.cut.dual!;
  const fresh = createDual(m, s.book.seed);
  for (let a = 0; a < m.accountCount; a++) {
    fresh.shFunds[a] = cashOf(m, s.book, a) + frozenOf(s.book, a);
    fresh.shOrders[a] = d.prOrders[a]!;
    fresh.prOrders[a] = d.prOrders[a]!;
    fresh.shFills[a] = d.prFills[a]! + d.tmFills[a]!;
    fresh.prFills[a] = d.prFills[a]! + d.tmFills[a]!;
  }
  fresh.shPos.set(densePositions(m, s.book));
  for (let o = 0; o < s.ordPool.capacity; o++) s.ordF[o * ORD_F + F_SHADOW_FEE] = s.ordF[o * ORD_F + F_FEE_PAID]!; // orders still live were re-run too: their fees so far match
  // …and the fixed system takes the orders it had refused; those still on their way count as in flight.
  for (let o = 0; o < s.ordPool.capacity; o++) {
    const f = s.ordI[o * ORD_I + O_FLAGS]!;
    if (!(f & FLAG_MIRRORED)) continue;
    s.ordI[o * ORD_I + O_FLAGS] = f & ~FLAG_SHADOW_REJECTED;
    if (!(f & FLAG_PRIMARY_ACCEPTED) && !isTerminal(s.ordI[o * ORD_I + O_STATUS]!)) {
      fresh.shOrders[s.ordI[o * ORD_I + O_ACCOUNT]!]!++;
      fresh.pending[s.ordI[o * ORD_I + O_ACCOUNT]!]!++;
    }
  }
  // The primary's clearing postings are now the shadow's too: nothing of tonight's files is left skipped.
  fresh.prClr.set(d.prClr);
  fresh.shClr.set(d.prClr);
  fresh.clr = d.clr.map((r) => ({ ...r, posted: Math.max(1, r.posted) }));
  fresh.rounds = d.rounds;
  fresh.last = d.last;
  fresh.days = d.days; // the days already judged stay judged: a re-run does not make yesterday clean
  s.cut.dual = fresh;
  for (const r of s.cut.mig?.records ?? []) if (!r.cleaned && s.cut.mig!.migrated && isBookRecord(r)) shiftShadow(m, fresh, r.account, r.kind, r.instrument, r.delta);
  note(s, t, 'recon', actor, `day re-run through ${m.nodeIds[shadowNode(m, s)]}: its books restart from the primary's`);
}
