/**
 * Order arithmetic in integer minor units. Rates are basis points (1/100 of a percent); every
 * rounding is half up, done once per line, so totals are the sums of their lines to the cent.
 */

/** amount × bps / 10000, rounded half up (amount ≥ 0). BigInt keeps large amounts exact. */
export function percentOf(amount: number, bps: number): number {
  return Number((BigInt(amount) * BigInt(bps) * 2n + 10000n) / 20000n);
}

/** amount × numerator / denominator, rounded half up (all ≥ 0, denominator > 0). */
export function share(amount: number, numerator: number, denominator: number): number {
  return Number((BigInt(amount) * BigInt(numerator) * 2n + BigInt(denominator)) / (2n * BigInt(denominator)));
}

/**
 * Splits `total` over `weights` in proportion, by largest remainder: the parts are whole numbers
 * that add up to `total` exactly; ties go to the earlier weight.
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (BigInt(total) * BigInt(w)) / BigInt(sum));
  const remainders = weights.map((w, i) => ({ i, rest: (BigInt(total) * BigInt(w)) % BigInt(sum) }));
  let left = total - exact.reduce((a, b) => a + Number(b), 0);
  remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  const parts = exact.map(Number);
  for (const { i } of remainders) {
    if (left === 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}

export type LinePricing = { quantity: number; unitPrice: number; discountBps: number; taxRateBps: number };
export type LineAmounts = { subtotal: number; lineDiscount: number; orderDiscount: number; discount: number; tax: number; total: number };

/** Net of a line before the order-level discount. */
const netBeforeOrderDiscount = (line: LinePricing) => {
  const subtotal = line.quantity * line.unitPrice;
  return subtotal - percentOf(subtotal, line.discountBps);
};

/** The lines' amounts and the order totals, with the order discount spread by the lines' net amounts. */
export function priceOrder(lines: LinePricing[], orderDiscount: number) {
  const nets = lines.map(netBeforeOrderDiscount);
  const shares = allocate(orderDiscount, nets);
  const amounts = lines.map((line, i) => lineAmounts(line, shares[i]));
  const sum = (key: keyof LineAmounts) => amounts.reduce((a, l) => a + l[key], 0);
  return {
    lines: amounts,
    subtotal: sum('subtotal'),
    discountTotal: sum('discount'),
    taxTotal: sum('tax'),
    total: sum('total'),
    maxDiscount: nets.reduce((a, b) => a + b, 0),
  };
}

/** A whole line's amounts: one half-up rounding each for its discount and tax. */
function lineAmounts(line: LinePricing, orderDiscount: number): LineAmounts {
  const subtotal = line.quantity * line.unitPrice;
  const lineDiscount = percentOf(subtotal, line.discountBps);
  const net = subtotal - lineDiscount - orderDiscount;
  const tax = percentOf(net, line.taxRateBps);
  return { subtotal, lineDiscount, orderDiscount, discount: lineDiscount + orderDiscount, tax, total: net + tax };
}

/** What an order line stores: its quantity, unit price and its whole discount and tax. */
export type LineTotals = { quantity: number; unitPrice: number; discount: number; tax: number };
export type Billed = { subtotal: number; discount: number; tax: number; total: number };

/**
 * The first `n` units of a line, prorated from the line's stored discount and tax. Each component
 * only grows with `n` (so consecutive parts are never negative, and the discount never exceeds the
 * subtotal) and equals the line's own amounts at `n = quantity`.
 */
export function prorated(line: LineTotals, n: number): Billed {
  const subtotal = n * line.unitPrice;
  const discount = line.quantity === 0 ? 0 : share(line.discount, n, line.quantity);
  const tax = line.quantity === 0 ? 0 : share(line.tax, n, line.quantity);
  return { subtotal, discount, tax, total: subtotal - discount + tax };
}

/**
 * What to bill for a line now: its prorated amounts up to `upTo` units minus what its live
 * invoices already bill. Without voided invoices the parts of a line add up to it exactly; after a
 * void, re-billed units take the amounts the voided invoice had. Rounding after a void can leave a
 * component a unit off in either direction; it is clamped so no invoice line goes negative.
 */
export function billNow(line: LineTotals, upTo: number, alreadyBilled: Omit<Billed, 'total'>): Billed {
  const target = prorated(line, upTo);
  const subtotal = target.subtotal - alreadyBilled.subtotal;
  const discount = Math.min(Math.max(target.discount - alreadyBilled.discount, 0), subtotal);
  const tax = Math.max(target.tax - alreadyBilled.tax, 0);
  return { subtotal, discount, tax, total: subtotal - discount + tax };
}
