import { KIND, type Model } from './compile.ts';
import { COUNT } from './codes.ts';
import { exchangeAdmits } from './exchange.ts';
import { freeze } from './ledger.ts';
import type { SimState } from './state.ts';
import { F_PRICE, ORD_F, ORD_I, O_ACCOUNT, O_COUNTER, O_PBU, O_QTY } from './order-layout.ts';

// What a node checks before it queues a new order (flow.ts moves orders; this decides whether a
// node takes one): drain and disk, throttles, the counter's books and kill switches, risk limits,
// the exchange's per-PBU rate limit.

const K_RISK = KIND.risk;
const K_GATEWAY = KIND.gateway;
const K_EXCHANGE = KIND.exchange;

/** Admission rules a node applies to a new order before it queues: false means reject. */
export function admit(m: Model, s: SimState, n: number, o: number, t: number): boolean {
  if (s.nodeDrained[n] || s.nodeDiskFull[n]) return false;
  const rate = s.nodeThrottle[n]!;
  if (rate > 0) {
    // Token bucket holding one second of orders: flow control at the node.
    const tokens = Math.min(rate, s.nodeTokens[n]! + ((t - s.nodeTokensAt[n]!) * rate) / 1_000_000);
    s.nodeTokensAt[n] = t;
    if (tokens < 1) {
      s.nodeTokens[n] = tokens;
      return false;
    }
    s.nodeTokens[n] = tokens - 1;
  }
  const kind = m.nodeKind[n]!;
  if (m.nodeBooks[n] && s.ordI[o * ORD_I + O_COUNTER]! < 0) {
    if (s.killsOn > 0 && (s.killFirm || s.killAccount[s.ordI[o * ORD_I + O_ACCOUNT]!])) return killed(s);
    return freeze(m, s, n, o);
  }
  if (kind === K_RISK) return riskCheck(m, s, n, o);
  if (kind === K_GATEWAY) return s.killsOn === 0 || !s.killPbu[pbuFor(m, s, n, o)] || killed(s);
  if (kind === K_EXCHANGE) {
    if (m.pbuRateAny && !rateOk(m, s, o, t)) return false;
    return exchangeAdmits(m, s, o);
  }
  return true;
}

function killed(s: SimState): false {
  s.counts[COUNT.KILL_REJECTS]!++;
  return false;
}

/** The PBU a gateway sends an account's orders on: accounts are spread over the PBUs it carries. */
export function pbuFor(m: Model, s: SimState, gateway: number, o: number): number {
  const pbus = m.gatewayPbus[gateway]!;
  return pbus[s.ordI[o * ORD_I + O_ACCOUNT]! % pbus.length]!;
}

/** The exchange's order-rate limit (流速) per PBU: a token bucket holding one second of orders. */
function rateOk(m: Model, s: SimState, o: number, t: number): boolean {
  const pbu = s.ordI[o * ORD_I + O_PBU]!;
  if (pbu < 0 || m.pbuRate[pbu]! === 0) return true;
  const rate = m.pbuRate[pbu]!;
  const tokens = Math.min(rate, s.pbuTokens[pbu]! + ((t - s.pbuTokensAt[pbu]!) * rate) / 1_000_000);
  s.pbuTokensAt[pbu] = t;
  if (tokens < 1) {
    s.pbuTokens[pbu] = tokens;
    s.counts[COUNT.RATE_REJECTS]!++;
    return false;
  }
  s.pbuTokens[pbu] = tokens - 1;
  return true;
}

function riskCheck(m: Model, s: SimState, n: number, o: number): boolean {
  let maxLots = m.riskMaxLots[n]!;
  let maxNotional = m.riskMaxNotional[n]!;
  const overrides = s.nodeConfig[n]!;
  for (let i = 0; i < overrides.length; i++) {
    const [key, value] = overrides[i]!;
    if (key === 'maxOrderLots') maxLots = Number(value);
    else if (key === 'maxOrderNotionalFen') maxNotional = Number(value);
  }
  if (maxLots > 0 && s.ordI[o * ORD_I + O_QTY]! > maxLots * 100) return false;
  if (maxNotional > 0 && s.ordI[o * ORD_I + O_QTY]! * s.ordF[o * ORD_F + F_PRICE]! > maxNotional) return false;
  return true;
}
