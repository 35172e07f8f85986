import type { Model } from './compile.ts';
import type { FeeView } from './fees.ts';
import type { SimState } from './state.ts';

// A leaf of the engine: the books (ledger.ts) and the shadow system (dualrun/shadow.ts) both price
// fills with it, so it imports neither.

const view: FeeView = { ppm: 0, minimum: 0, perFill: false, stampPpm: 0, itemised: false, transferPpb: 0, handlingPpb: 0, regulatoryPpb: 0 };

/** The fee rule as the counter holds it now: the scenario's, overridden by configuration. Valid until the next call. */
export function feeView(m: Model, s: SimState, counter: number): FeeView {
  const rule = m.nodeFees[counter]!;
  const overrides = s.nodeConfig[counter]!;
  view.ppm = rule.commissionPpm;
  view.minimum = rule.minimumCommission;
  view.perFill = rule.minimumApplies === 'per_fill';
  view.stampPpm = rule.stampDutySellPpm;
  view.itemised = rule.accountClass === 'institutional';
  view.transferPpb = rule.transferFeePpb;
  view.handlingPpb = rule.handlingFeePpb;
  view.regulatoryPpb = rule.regulatoryFeePpb;
  for (let i = 0; i < overrides.length; i++) {
    const [key, value] = overrides[i]!;
    if (key === 'fees.commissionPpm' && typeof value === 'number') view.ppm = value;
    else if (key === 'fees.minimumCommissionFen' && typeof value === 'number') view.minimum = value;
    else if (key === 'fees.minimumApplies') view.perFill = value === 'per_fill';
    else if (key === 'fees.transferFeePpb' && typeof value === 'number') view.transferPpb = value;
    else if (key === 'fees.accountClass') view.itemised = value === 'institutional';
  }
  return view;
}
