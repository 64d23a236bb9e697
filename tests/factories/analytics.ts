import { mulberry32 } from '../../src/shared/random.js';
import type { TestApp } from '../helpers/harness.js';

export type DayOfSales = { at: Date; quantity: number; unitPrice: number };

/**
 * Orders with one line each, written directly as the database owner (a year of history through the
 * API would take minutes): status fulfilled, totals = quantity × unit price, no discount or tax, in `currency`.
 */
export async function insertSales(
  t: TestApp,
  organizationId: string,
  accountId: string,
  variant: { id: string; sku: string },
  sales: DayOfSales[],
  prefix = 'T',
  currency = 'USD',
): Promise<void> {
  const rows = sales
    .filter((s) => s.quantity > 0)
    .map((s, i) => ({ at: s.at.toISOString(), q: s.quantity, p: s.unitPrice, n: `${prefix}-${variant.sku}-${i}` }));
  const em = t.systemEm();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = JSON.stringify(rows.slice(i, i + 500));
    await em.execute(
      `with x as (select * from json_to_recordset(?::json) as x(at timestamptz, q int, p bigint, n text)),
       o as (
         insert into orders (id, created_at, updated_at, organization_id, number, account_id, currency, status, subtotal_amount, total_amount, ordered_at)
         select gen_random_uuid(), x.at, x.at, ?, x.n, ?, ?, 'fulfilled', x.q * x.p, x.q * x.p, x.at from x
         returning id, number, subtotal_amount
       )
       insert into order_lines (id, created_at, updated_at, organization_id, order_id, position, variant_id, sku, description, quantity, currency,
         unit_price_amount, list_price_amount, subtotal_amount, total_amount, quantity_shipped)
       select gen_random_uuid(), x.at, x.at, ?, o.id, 0, ?, ?, 'bench', x.q, ?, x.p, x.p, x.q * x.p, x.q * x.p, x.q
       from o join x on x.n = o.number`,
      [chunk, organizationId, accountId, currency, organizationId, variant.id, variant.sku, currency],
    );
  }
}

/** Seeded PRNG so generated histories are the same on every run. */
export const seeded = mulberry32;

/** Midnight UTC `days` days before today, plus `hour` hours. */
export const daysAgo = (days: number, hour = 12) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days, hour));
};
