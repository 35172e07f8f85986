/**
 * Where an order's fields sit. An order's integer fields share one 16-word row of `SimState.ordI`
 * and its money and times one 8-word row of `ordF`, so an event that touches an order reads one
 * or two cache lines instead of a line in each of 23 arrays: at a real client's size the live
 * orders outgrow the caches, and those misses were most of a report's cost.
 */
export const ORD_I = 16;
export const O_COUNTER = 0; // the counter that froze funds for it, -1 none
export const O_STATE = 1; // the counter's state (codes.ts ST)
export const O_REFS = 2;
export const O_ROUTE = 3;
export const O_PBU = 4; // the PBU the order went out on, -1 before a gateway sent it
export const O_STATUS = 5; // codes.ts ORD
export const O_FLAGS = 6;
export const O_INSTRUMENT = 7;
export const O_SIDE = 8;
export const O_ACCOUNT = 9;
export const O_QTY = 10;
export const O_FILLED = 11; // at the exchange
export const O_CUM_QTY = 12; // as the counter knows it
export const O_LIVE_IDX = 13;
// Its account's and position's slots in the book (engine/book.ts), -1 until first looked up: a fill
// then posts without a lookup. Slots never move, so a snapshot carries these as they are.
export const O_ACCT_SLOT = 14;
export const O_POS_SLOT = 15;

export const ORD_F = 8;
export const F_ID = 0;
export const F_PRICE = 1;
export const F_CREATED = 2;
export const F_FROZEN = 3;
export const F_CUM_AMOUNT = 4;
export const F_FEE_PAID = 5;
export const F_SHADOW_FEE = 6; // commission the dual-run shadow charged this order so far
