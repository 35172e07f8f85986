import type { Model } from './compile.ts';
import { withdrawable } from './ledger.ts';
import { BANK } from './market-state.ts';
import { pick } from './pick.ts';
import { push } from './queue.ts';
import { nextOpen01 } from './rng.ts';
import { sampleExp } from './sample.ts';
import { EV, PRIO, type SimState } from './state.ts';
import { A_BANK_NET, A_CASH, account, addAcct } from './book.ts';
import { linkBetween } from './links.ts';
import { actual } from './wire.ts';
import { dayOf, timeOfDay, tradingAt } from './days.ts';
import { US_PER_DAY } from '../scenario/units.ts';

/**
 * Bank-securities transfers (三方存管, docs/domain.md C5): clients move cash in and out through the
 * bank node. A request is refused outside the window or on a closed day (query only), fails while
 * the bank is down or its line to the counter is cut, and moves out only withdrawable cash (sell
 * proceeds settle tonight). A Poisson stream on a stream of its own, so it shifts no other draw.
 */

const stream = (m: Model) => m.mkt.streamBank * 4;

export function scheduleBank(m: Model, s: SimState, t: number): void {
  if (m.mkt.bankGapMean <= 0) return;
  const next = t + sampleExp(s.rng, stream(m), m.mkt.bankGapMean);
  push(s.q, m.days.multi ? nextBankOpen(m, next) : next, PRIO.TRAFFIC, EV.BANK, 0);
}

/** Over days, clients ask again when the window is next open rather than all night and weekend (quiet hours). */
function nextBankOpen(m: Model, t: number): number {
  for (let d = dayOf(t); d < m.days.dates.length; d++) {
    const open = d * US_PER_DAY + m.mkt.bankStart;
    if (m.days.trading[d] === 1 && t < d * US_PER_DAY + m.mkt.bankEnd) return Math.max(t, open);
  }
  return t;
}

/** Why a transfer asked for at t cannot happen (a BANK count), or -1 when it can. */
export function transferRefusal(m: Model, s: SimState, t: number): number {
  const mk = m.mkt;
  const tod = timeOfDay(t);
  if (!tradingAt(m.days, t) || tod < mk.bankStart || tod >= mk.bankEnd) return BANK.REFUSED_WINDOW;
  const bank = actual(s, mk.bankNode); // the bank's front end failed over to its backup line: transfers go there
  if (s.nodeDown[bank]) return BANK.FAILED;
  if (mk.bankCounter >= 0) {
    if (s.nodeDown[mk.bankCounter]) return BANK.FAILED;
    const link = linkBetween(m, bank, mk.bankCounter);
    if (link >= 0 && s.linkCut[link]) return BANK.FAILED;
  }
  return -1;
}

export function onBank(m: Model, s: SimState, t: number): void {
  const o = stream(m);
  const acct = pick(m.accountPick, nextOpen01(s.rng, o));
  const out = nextOpen01(s.rng, o) < m.mkt.bankOutRatio;
  const amount = m.mkt.bankAmount;
  const counts = s.mkt.bank;
  let why = transferRefusal(m, s, t);
  if (why < 0 && out && withdrawable(m, s, acct) < amount) why = BANK.INSUFFICIENT;
  if (why >= 0) counts[why]!++;
  else {
    const signed = out ? -amount : amount;
    const x = account(m, s.book, acct);
    addAcct(s.book, x, A_CASH, signed);
    addAcct(s.book, x, A_BANK_NET, signed);
    counts[out ? BANK.OUT : BANK.IN]!++;
  }
  scheduleBank(m, s, t);
}
