/**
 * What a fill costs, item by item, in integer fen (docs/domain.md C3, E1). Rounding rule: each item is
 * rounded half up to the fen on its own; commission under the per_order rule is max(minimum, rate ×
 * the order's cumulative amount) charged as a running difference, so partial fills never pay the
 * minimum twice; every other item is computed on the fill's amount. Integer arithmetic only, so
 * every host gets the same fen.
 */

const PPM = 1_000_000;
const PPB = 1_000_000_000;

/** amount × ppm / 10^6, rounded half up to the fen. */
export function commission(amount: number, ppm: number): number {
  return Math.floor((amount * ppm + PPM / 2) / PPM);
}

/** amount × ppb / 10^9, rounded half up to the fen. */
export function ppbOf(amount: number, ppb: number): number {
  return Math.floor((amount * ppb + PPB / 2) / PPB);
}

/** The fee rule as a counter applies it now (scenario rule and configuration overrides). */
export interface FeeView {
  ppm: number;
  minimum: number; // fen
  perFill: boolean;
  stampPpm: number;
  itemised: boolean; // institutional: handling and regulatory fees on top of commission
  transferPpb: number;
  handlingPpb: number;
  regulatoryPpb: number;
}

/** Items in the order FEE_ITEMS lists them. */
export const FEE = { COMMISSION: 0, STAMP: 1, TRANSFER: 2, HANDLING: 3, REGULATORY: 4 } as const;
export const FEE_ITEMS = ['commission', 'stampDuty', 'transferFee', 'handlingFee', 'regulatoryFee'] as const;

/** Transfer fee markets: SSE (0) and SZSE (1) since 2022-04-29; BSE (3) not modelled (unsure). */
const chargesTransferFee = (market: number) => market <= 1;

/**
 * The fees of one fill into out[FEE.*]; returns their sum. cumAmount: the order's amount including
 * this fill; paid: the commission the order paid before it.
 */
export function fillFees(fee: FeeView, sell: boolean, market: number, amount: number, cumAmount: number, paid: number, out: Float64Array): number {
  const c = fee.perFill ? Math.max(fee.minimum, commission(amount, fee.ppm)) : Math.max(fee.minimum, commission(cumAmount, fee.ppm)) - paid;
  const stamp = sell ? commission(amount, fee.stampPpm) : 0;
  const transfer = chargesTransferFee(market) ? ppbOf(amount, fee.transferPpb) : 0;
  const handling = fee.itemised ? ppbOf(amount, fee.handlingPpb) : 0;
  const regulatory = fee.itemised ? ppbOf(amount, fee.regulatoryPpb) : 0;
  out[FEE.COMMISSION] = c;
  out[FEE.STAMP] = stamp;
  out[FEE.TRANSFER] = transfer;
  out[FEE.HANDLING] = handling;
  out[FEE.REGULATORY] = regulatory;
  return c + stamp + transfer + handling + regulatory;
}

/** Every item but commission (stamp duty, transfer, itemised exchange fees) of one fill: what a dual-run shadow compares. */
export function otherFees(fee: FeeView, sell: boolean, market: number, amount: number): number {
  return (
    (sell ? commission(amount, fee.stampPpm) : 0) +
    (chargesTransferFee(market) ? ppbOf(amount, fee.transferPpb) : 0) +
    (fee.itemised ? ppbOf(amount, fee.handlingPpb) + ppbOf(amount, fee.regulatoryPpb) : 0)
  );
}

/** What a buy of `amount` must freeze for its fees, at most (a whole order filled at once). */
export function buyFeeReserve(fee: FeeView, market: number, amount: number): number {
  const transfer = chargesTransferFee(market) ? ppbOf(amount, fee.transferPpb) + 1 : 0;
  const exchange = fee.itemised ? ppbOf(amount, fee.handlingPpb) + ppbOf(amount, fee.regulatoryPpb) + 2 : 0;
  return Math.max(fee.minimum, commission(amount, fee.ppm)) + transfer + exchange;
}
