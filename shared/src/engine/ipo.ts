import type { Model } from './compile.ts';
import { reject, REJECT } from './gate.ts';
import { IPO, IPO_COUNTS } from './market-state.ts';
import { openingMarketValue, quotaFor, type IpoIssueModel } from './ipo-model.ts';
import { A_CASH, A_FROZEN, account, acctAt, addAcct } from './book.ts';
import { hash3 } from './rng.ts';
import type { SimState } from './state.ts';
import { isOff, isOn, nodeConfigValue } from './node-config.ts';
import { F_FROZEN, ORD_F, ORD_I, O_ACCOUNT, O_ACCT_SLOT, O_INSTRUMENT, O_QTY } from './order-layout.ts';

/**
 * The counter on a new-share subscription day T (docs/domain.md C8): a subscription is checked
 * against the start-of-day quota file and the account's quota, only the first one of an account
 * for an issue counts, none can be cancelled, and no funds are frozen — unless the counter still
 * runs the pre-2016 rule (config ipo.freezeAtSubscription: true), which freezes the full amount
 * and refuses clients short of cash.
 */

export { IPO, IPO_COUNTS, type IpoCount } from './market-state.ts';

export interface IpoState {
  /** Accepted subscriptions as account × issues + issue, sorted: only the first counts. */
  subscribed: number[];
  /** The order slot of each, in the same order (a client may try to cancel it: engine/load.ts). */
  subscribedOrder: number[];
  /** Per issue: subscriptions sent so far (the generator's sequence, engine/load.ts). */
  seq: Float64Array;
  counts: Float64Array; // per IPO_COUNTS
  /** T+1's winners, in numbering order: the issue, the account and the shares it won. */
  wonIssue: number[];
  wonAccount: number[];
  wonShares: number[];
}

export function createIpoState(m: Model): IpoState | undefined {
  if (!m.ipo) return undefined;
  return { subscribed: [], subscribedOrder: [], seq: new Float64Array(m.ipo.issues.length), counts: new Float64Array(IPO_COUNTS.length), wonIssue: [], wonAccount: [], wonShares: [] };
}

/** The issue order o subscribes to, -1 for an ordinary order. */
export function issueOf(m: Model, s: SimState, o: number): number {
  return m.ipo === null ? -1 : m.ipo.issueOf[s.ordI[o * ORD_I + O_INSTRUMENT]!]!;
}

/** The account's quota for the issue, shares (its market value at the open, [A] for the 20-day average to T-2). */
export function quotaOf(m: Model, seed: number, issue: IpoIssueModel, acct: number): number {
  return quotaFor(issue, openingMarketValue(m.open, m.ipo!, m.instrumentPrevClose, m.instrumentMarket, seed, acct, issue.market));
}

function findSubscribed(list: number[], key: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The order slot of the account's accepted subscription for the issue, -1 when it has none. */
export function subscriptionOf(m: Model, s: SimState, acct: number, issue: number): number {
  const list = s.ipo!.subscribed;
  const key = acct * m.ipo!.issues.length + issue;
  const i = findSubscribed(list, key);
  return i < list.length && list[i] === key ? s.ipo!.subscribedOrder[i]! : -1;
}

/**
 * Counter n's checks on subscription o (called where an ordinary buy would freeze cash). True
 * when taken: ordFrozen holds what it froze (0 today). Order of the checks: the quota file, the
 * first subscription, the quota, then cash only under the pre-2016 rule.
 */
export function subscribeAtCounter(m: Model, s: SimState, n: number, o: number, k: number): boolean {
  const ip = s.ipo!;
  const c = ip.counts;
  const issue = m.ipo!.issues[k]!;
  const acct = s.ordI[o * ORD_I + O_ACCOUNT]!;
  const qty = s.ordI[o * ORD_I + O_QTY]!;
  const duplicate = subscriptionOf(m, s, acct, k) >= 0;
  const quota = quotaOf(m, s.book.seed, issue, acct);
  const over = qty > quota || qty % issue.unit !== 0;
  const valid = !duplicate && !over;
  if (m.ipo!.quotaMissing && nodeConfigValue(m, s, n, 'sod.quotaFile') !== 'loaded') {
    c[IPO.noQuotaFile]!++;
    if (valid) c[IPO.validRejected]!++;
    return reject(s, REJECT.NO_QUOTA_FILE);
  }
  if (duplicate) {
    c[IPO.duplicate]!++;
    return reject(s, REJECT.IPO_DUPLICATE);
  }
  if (over && !isOff(nodeConfigValue(m, s, n, 'ipo.quotaCheck'))) {
    c[IPO.quota]!++;
    return reject(s, REJECT.IPO_QUOTA);
  }
  s.ordF[o * ORD_F + F_FROZEN] = 0;
  if (isOn(nodeConfigValue(m, s, n, 'ipo.freezeAtSubscription'))) {
    // The pre-2016 rule: the full amount frozen at T. Today's rule asks for no cash until T+2.
    const b = s.book;
    const x = (s.ordI[o * ORD_I + O_ACCT_SLOT] = account(m, b, acct));
    const need = qty * issue.price;
    if (acctAt(b, x, A_CASH) < need) {
      c[IPO.funds]!++;
      if (valid) c[IPO.validRejected]!++;
      return reject(s, REJECT.FUNDS);
    }
    addAcct(b, x, A_CASH, -need);
    addAcct(b, x, A_FROZEN, need);
    s.ordF[o * ORD_F + F_FROZEN] = need;
    c[IPO.frozen] = c[IPO.frozen]! + need;
  }
  const key = acct * m.ipo!.issues.length + k;
  const at = findSubscribed(ip.subscribed, key);
  ip.subscribed.splice(at, 0, key);
  ip.subscribedOrder.splice(at, 0, o);
  c[IPO.accepted]!++;
  if (!valid) c[IPO.invalidAccepted]!++;
  return true;
}

/**
 * Subscription o ended at its counter (refused after it, by risk or the exchange): it no longer
 * counts, so the account's next subscription is its first again.
 */
export function forgetSubscription(m: Model, s: SimState, o: number): void {
  const k = issueOf(m, s, o);
  if (k < 0) return;
  const ip = s.ipo!;
  const key = s.ordI[o * ORD_I + O_ACCOUNT]! * m.ipo!.issues.length + k;
  const i = findSubscribed(ip.subscribed, key);
  if (i < ip.subscribed.length && ip.subscribed[i] === key && ip.subscribedOrder[i] === o) {
    ip.subscribed.splice(i, 1);
    ip.subscribedOrder.splice(i, 1);
  }
}

const SALT_LOTTERY = 0x7500;
const TWO_POW_32 = 4294967296;

/**
 * T+1 (C8): the exchange numbers the valid subscriptions (one number per 1,000 shares SSE, per 500
 * SZSE) and draws; the counter posts the winners. An invalid subscription the counter let through
 * gets no number (the exchange voids it). Each number wins with the issue's rate, by a hash of the
 * seed, account and number: no draw from the flow's streams.
 */
export function drawLottery(m: Model, s: SimState, k: number): void {
  const ip = s.ipo!;
  const issue = m.ipo!.issues[k]!;
  const K = m.ipo!.issues.length;
  const seed = s.book.seed;
  for (let i = 0; i < ip.subscribed.length; i++) {
    const key = ip.subscribed[i]!;
    if (key % K !== k) continue;
    const acct = (key - k) / K;
    const qty = s.ordI[ip.subscribedOrder[i]! * ORD_I + O_QTY]!;
    if (qty > quotaOf(m, seed, issue, acct) || qty % issue.unit !== 0) continue;
    const numbers = qty / issue.unit;
    ip.counts[IPO.numbers] = ip.counts[IPO.numbers]! + numbers;
    let wins = 0;
    for (let j = 0; j < numbers; j++) if ((hash3(seed, key, SALT_LOTTERY + j) + 0.5) / TWO_POW_32 < issue.winRate) wins++;
    if (wins === 0) continue;
    ip.wonIssue.push(k);
    ip.wonAccount.push(acct);
    ip.wonShares.push(wins * issue.unit);
    ip.counts[IPO.winners]!++;
    ip.counts[IPO.wonShares] = ip.counts[IPO.wonShares]! + wins * issue.unit;
  }
}

/**
 * T+2 16:00 (C8): each winner must hold the payment; the counter freezes it. What the cash does not
 * cover is given up (放弃认购), in whole numbers ([A]: the unit of 1,000 or 500 shares).
 */
export function collectPayment(m: Model, s: SimState, k: number): void {
  const ip = s.ipo!;
  const issue = m.ipo!.issues[k]!;
  const b = s.book;
  const perUnit = issue.unit * issue.price;
  for (let i = 0; i < ip.wonIssue.length; i++) {
    if (ip.wonIssue[i] !== k) continue;
    const x = account(m, b, ip.wonAccount[i]!);
    const units = ip.wonShares[i]! / issue.unit;
    const cash = acctAt(b, x, A_CASH);
    const can = cash > 0 ? Math.floor(cash / perUnit) : 0;
    const paid = can < units ? can : units;
    addAcct(b, x, A_CASH, -(paid * perUnit));
    addAcct(b, x, A_FROZEN, paid * perUnit);
    ip.counts[IPO.paid] = ip.counts[IPO.paid]! + paid * perUnit;
    ip.counts[IPO.paidShares] = ip.counts[IPO.paidShares]! + paid * issue.unit;
    if (paid < units) {
      ip.counts[IPO.abandonedShares] = ip.counts[IPO.abandonedShares]! + (units - paid) * issue.unit;
      ip.counts[IPO.abandoners]!++;
    }
  }
}

/** A cancel of a subscription reaching a counter: refused (a subscription cannot be withdrawn, C8). */
export function refuseSubscriptionCancel(m: Model, s: SimState, o: number): boolean {
  if (issueOf(m, s, o) < 0) return false;
  s.ipo!.counts[IPO.cancelRefused]!++;
  return true;
}
