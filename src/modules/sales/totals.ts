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
  const amounts = lines.map((line, i) => amountsAt(line, shares[i], line.quantity));
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

/**
 * A line's amounts for its first `quantity` units, given its share of the order discount. Invoices
 * bill the difference between two such points, so the invoices of a line add up to the line exactly.
 */
export function amountsAt(line: LinePricing, orderDiscountShare: number, quantity: number): LineAmounts {
  const subtotal = quantity * line.unitPrice;
  const lineDiscount = percentOf(subtotal, line.discountBps);
  const orderDiscount = line.quantity === 0 ? 0 : share(orderDiscountShare, quantity, line.quantity);
  const net = subtotal - lineDiscount - orderDiscount;
  const tax = percentOf(net, line.taxRateBps);
  return { subtotal, lineDiscount, orderDiscount, discount: lineDiscount + orderDiscount, tax, total: net + tax };
}

/** Amounts for units `from + 1 … to` of a line. */
export function amountsBetween(line: LinePricing, orderDiscountShare: number, from: number, to: number): LineAmounts {
  const a = amountsAt(line, orderDiscountShare, from);
  const b = amountsAt(line, orderDiscountShare, to);
  return {
    subtotal: b.subtotal - a.subtotal,
    lineDiscount: b.lineDiscount - a.lineDiscount,
    orderDiscount: b.orderDiscount - a.orderDiscount,
    discount: b.discount - a.discount,
    tax: b.tax - a.tax,
    total: b.total - a.total,
  };
}
