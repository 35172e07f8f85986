import type { ClearingRecord, DualState } from '../dualrun/shadow.ts';
import type { Command } from '../scenario/command.ts';
import type { Model } from './compile.ts';
import { A_CASH, account, addAcct, readPosition } from './book.ts';
import type { SimState } from './state.ts';
import { nodeConfigValue } from './node-config.ts';

/**
 * What a settlement file posts at clearing beyond the day's trades (docs/domain.md C5, E3 3): the
 * cash dividend (红利) records CSDC sends with the night's data. Both counters of a dual-run post
 * the same file, each with its own mapping of business types (config clearing.cashDividend: post,
 * the default, or skip). A counter whose clearing does not map the type skips those records and
 * says so in its batch log; its books then differ from the other's only after clearing, which the
 * intraday reconciliation cannot see and the post-clearing one does.
 *
 * The twin books trades in real time on both systems (fees at each fill, T+1 at initialisation);
 * the clearing adds only what the file alone carries. The shadow posts the file when the primary's
 * batch does, and a rerun posts at once ([A]: its own batch timing is not modelled).
 */

/** Does the node's clearing map cash dividends (config clearing.cashDividend, post unless set to skip)? */
export function mapsDividends(m: Model, s: SimState, node: number): boolean {
  if (node < 0) return true;
  return nodeConfigValue(m, s, node, 'clearing.cashDividend') !== 'skip';
}

/** The node whose books a primary's posting lands in: the primary system of a cutover pair, else none (the counter). */
const primaryNode = (m: Model, s: SimState) => (m.cut.legacyNode < 0 ? -1 : s.cut.primary === 'new' ? m.cut.newNode : m.cut.legacyNode);
/** The non-primary system of the dual-run: the one whose clearing `rerun_clearing node:` reruns. */
export const shadowOf = (m: Model, s: SimState) => (s.cut.primary === 'new' ? m.cut.legacyNode : m.cut.newNode);

/** The primary's batch posted settlement entry e of night k: pay its dividends (primary and shadow, each by its mapping). */
export function postSettlement(m: Model, s: SimState, e: number, k: number, t: number): void {
  const entry = m.scenario.night!.settlement[e]!;
  const list = entry.dividends;
  if (!list || list.length === 0) return;
  const A = m.accountCount;
  const amounts = new Float64Array(A);
  let records = 0;
  for (const dv of list) {
    const ins = m.ins.symbol.indexOf(dv.symbol);
    for (let a = 0; a < A; a++) {
      const qty = readPosition(m, s.book, a, ins).qty; // the holders at the record date: tonight's positions
      if (qty <= 0) continue;
      amounts[a] = amounts[a]! + Math.floor((qty * dv.per10Shares) / 10);
      records++;
    }
  }
  const credited = s.night!.credited!;
  const d = s.cut.dual;
  const p = primaryNode(m, s);
  if (mapsDividends(m, s, p)) {
    const b = s.book;
    for (let a = 0; a < A; a++) {
      const x = amounts[a]!;
      if (x === 0) continue;
      const slot = account(m, b, a);
      addAcct(b, slot, A_CASH, x);
      credited[a] = credited[a]! + x;
      if (d) d.prClr[a] = d.prClr[a]! + x;
    }
  } else log(m, s, p, e, records, t);
  if (!d) return;
  const rec: ClearingRecord = { entry: e, night: k, amounts, posted: 0 };
  d.clr.push(rec);
  if (mapsDividends(m, s, shadowOf(m, s))) postShadow(d, rec);
  else log(m, s, shadowOf(m, s), e, records, t);
}

function log(m: Model, s: SimState, node: number, e: number, records: number, t: number): void {
  const file = m.scenario.night!.settlement[e]!.file;
  s.cut.timeline.push({ at: t, kind: 'file', actor: 'batch', text: `${m.nodeIds[node]} clearing of ${file}: ${records} records of business type cash dividend (红利) not mapped, skipped` });
}

function postShadow(d: DualState, rec: ClearingRecord): void {
  for (let a = 0; a < rec.amounts.length; a++) {
    const x = rec.amounts[a]!;
    if (x === 0) continue;
    d.shFunds[a] = d.shFunds[a]! + x;
    d.shClr[a] = d.shClr[a]! + x;
  }
  rec.posted++;
}

/** rerun_clearing naming the shadow system: check it is one before the command is queued. */
export function checkShadowClearing(m: Model, c: Extract<Command, { type: 'rerun_clearing' }>): void {
  const n = m.nodeIndex.get(c.node!);
  if (n === undefined || (n !== m.cut.newNode && n !== m.cut.legacyNode) || !m.scenario.dualRun)
    throw new Error(`${c.type}: node "${c.node}" is not a system of the scenario's dual-run (${m.cut.newNode < 0 ? 'none' : `${m.nodeIds[m.cut.legacyNode]}, ${m.nodeIds[m.cut.newNode]}`})`);
}

/**
 * rerun_clearing on the shadow system: its clearing goes back to its checkpoint (the first file
 * whose records it skipped) and posts from there what its mapping now takes; from the start it
 * posts every dividend file of that night again, those it had posted too (a double posting).
 */
export function rerunShadowClearing(m: Model, s: SimState, from: 'checkpoint' | 'start', actor: string, t: number): void {
  const d = s.cut.dual!;
  const note = (kind: 'input' | 'refused', text: string) => void s.cut.timeline.push({ at: t, kind, actor, text });
  const node = shadowOf(m, s);
  const first = d.clr.findIndex((r) => r.posted === 0);
  if (first < 0) return note('refused', `rerun_clearing: ${m.nodeIds[node]} has no settlement file with skipped records to post`);
  if (!mapsDividends(m, s, node)) return note('refused', `rerun_clearing: ${m.nodeIds[node]}'s clearing still does not map cash dividends (config clearing.cashDividend)`);
  const night = d.clr[first]!.night;
  let n = 0;
  for (let i = from === 'start' ? 0 : first; i < d.clr.length; i++) {
    const r = d.clr[i]!;
    if (from === 'start' ? r.night !== night : r.posted > 0) continue;
    postShadow(d, r);
    n++;
  }
  const file = m.scenario.night!.settlement[d.clr[first]!.entry]!.file;
  note('input', `${m.nodeIds[node]} clearing rerun from ${from === 'start' ? 'the start of the night' : `its checkpoint (${file})`}: ${n} file(s) posted`);
}
