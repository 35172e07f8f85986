import type { Model } from './compile.ts';
import { COUNT } from './codes.ts';
import type { SimState } from './state.ts';

/**
 * The closing call auction (docs/domain.md C1: 14:57–15:00 at SSE and SZSE, orders yes, cancels
 * no; it uncrosses once at 15:00 and sets the closing price). An index fund rebalancing on a CSI
 * review day must have its basket in this book by 15:00: an order that reaches the exchange later
 * is refused (`rejects.not_accepting`) and the fund carries tracking error. `orders.closingCall`
 * counts the orders the exchanges accepted in the call.
 */

/** The session index (as `SimState.session`) of the closing call per model, -1 when the calendar has none. */
const closingSession = new WeakMap<Model, number>();

function closingIndex(m: Model): number {
  let i = closingSession.get(m);
  if (i === undefined) {
    i = m.sessions.findIndex((x) => x.phase === 'closing_call');
    closingSession.set(m, i);
  }
  return i;
}

/** An order the exchange has just admitted (flow.ts): counted when the closing call is on. */
export function noteExchangeAccept(m: Model, s: SimState): void {
  if (s.session >= 0 && s.session === closingIndex(m)) s.counts[COUNT.CLOSING_CALL]!++;
}
