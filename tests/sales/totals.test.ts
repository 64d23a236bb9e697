import { describe, expect, it } from 'vitest';
import { allocate, billNow, percentOf, priceOrder, prorated } from '../../src/shared/totals.js';

describe('order arithmetic', () => {
  it('rounds percentages half up, exactly, even for amounts beyond 2^53 / 10000', () => {
    expect(percentOf(1_005, 1_000)).toBe(101); // 100.5 → 101
    expect(percentOf(1_004, 1_000)).toBe(100); // 100.4 → 100
    expect(percentOf(0, 2_000)).toBe(0);
    expect(percentOf(9_000_000_000_000_000 - 1, 10_000)).toBe(9_000_000_000_000_000 - 1);
  });

  it('allocates a discount by largest remainder, summing exactly', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [50, 30, 20])).toEqual([5, 3, 2]);
    expect(allocate(7, [0, 0])).toEqual([0, 0]);
    const parts = allocate(999, [333, 1, 7, 1000, 12]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(999);
  });

  it('prices an order to the cent: line discounts, an order discount spread by net, tax per line', () => {
    const priced = priceOrder(
      [
        { quantity: 3, unitPrice: 1_999, discountBps: 1_000, taxRateBps: 2_000 }, // 59.97, −6.00 (5.997), net 53.97
        { quantity: 1, unitPrice: 4_999, discountBps: 0, taxRateBps: 700 }, // 49.99
      ],
      1_000, // 10.00 spread over 53.97 and 49.99
    );
    // shares: 1000 × 5397/10396 = 519.14 → 519; 1000 × 4999/10396 = 480.86 → 481
    expect(priced.lines.map((l) => [l.subtotal, l.lineDiscount, l.orderDiscount, l.tax, l.total])).toEqual([
      [5_997, 600, 519, 976, 5_854], // net 4878 × 20% = 975.6 → 976
      [4_999, 0, 481, 316, 4_834], // net 4518 × 7% = 316.26 → 316
    ]);
    expect(priced).toMatchObject({ subtotal: 10_996, discountTotal: 1_600, taxTotal: 1_292, total: 10_688 });
    expect(priced.subtotal - priced.discountTotal + priced.taxTotal).toBe(priced.total);
  });

  it('splits a line over several invoices so the parts add up to the line exactly', () => {
    const line = { quantity: 7, unitPrice: 333, discountBps: 1_250, taxRateBps: 1_900 };
    const whole = priceOrder([line], 101).lines[0];
    const cuts = [0, 2, 3, 7];
    const stored = { quantity: line.quantity, unitPrice: line.unitPrice, discount: whole.discount, tax: whole.tax };
    const parts = cuts.slice(1).map((to, i) => billNow(stored, to, prorated(stored, cuts[i])));
    for (const key of ['subtotal', 'discount', 'tax', 'total'] as const) expect(parts.reduce((sum, p) => sum + p[key], 0)).toBe(whole[key]);
  });
});
