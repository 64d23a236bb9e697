import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/shared/clock.js';
import { daysAgo, insertSales, seeded } from '../factories/analytics.js';
import { memberOf } from '../factories/core.js';
import { caller, stockedVariant } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

/** The app's clock: tests move it instead of sleeping. */
const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

describe('schedules and threshold events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      clock,
      env: { EVENT_RELAY_INTERVAL_MS: '50', SCHEDULE_OVERDUE_INVOICES: '15 3 * * *' },
      workers: true,
    });
  }, 60_000);
  afterAll(() => t.close());

  const eventsOf = (organizationId: string, type: string) =>
    t
      .systemEm()
      .execute<{ subject_id: string; subject_type: string; data: Record<string, unknown>; changes: Record<string, unknown>; actor_kind: string }[]>(
        'select subject_id, subject_type, data, changes, actor_kind from domain_events where organization_id = ? and type = ? order by id',
        [organizationId, type],
      );

  /** Runs a schedule as its cron would, at the clock's time `offsetDays` from now, and waits for its jobs. */
  async function runSchedule(key: string, offsetDays = 0) {
    clock.offsetMs = offsetDays * DAY_MS;
    try {
      await t.jobs!.trigger(key);
      await t.jobs!.idle();
    } finally {
      clock.offsetMs = 0;
    }
  }

  it('registers every schedule with its configured cron, in UTC', async () => {
    const schedules = await t.jobs!.boss.getSchedules();
    const byName = Object.fromEntries(schedules.map((s) => [s.name, s]));
    expect(byName['schedule.overdue-invoices']).toMatchObject({ cron: '15 3 * * *', timezone: 'UTC' });
    expect(byName['schedule.anomaly-scan']).toMatchObject({ cron: '30 1 * * *', timezone: 'UTC' });
  });

  it('marks invoices past due with a balance overdue once, with one invoice.overdue each', async () => {
    const member = await memberOf(t, { plan: 'growth' });
    const other = await memberOf(t, { plan: 'growth' });
    const api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: 'Late payer' }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, member, 10, { listPrice: 1_000 });
    const invoices: string[] = [];
    for (const paid of [false, true]) {
      const { order } = await api.mutate('createOrder', { accountId, warehouseId, lines: [{ variantId: variant.id, quantity: 1 }] }, 'order { id }');
      await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
      const { invoice } = await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { id total { amount currency } }');
      if (paid) await api.mutate('recordPayment', { invoiceId: invoice.id, amount: invoice.total, method: 'BANK_TRANSFER' }, 'payment { id }');
      invoices.push(invoice.id);
    }
    // Not yet due: nothing happens.
    await runSchedule('overdue-invoices');
    expect(await eventsOf(member.organization.id, 'invoice.overdue')).toEqual([]);
    // Forty days later the unpaid one is overdue (the paid one is not), once however often the schedule runs.
    await runSchedule('overdue-invoices', 40);
    await runSchedule('overdue-invoices', 41);
    const overdue = await eventsOf(member.organization.id, 'invoice.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({
      subject_id: invoices[0],
      subject_type: 'Invoice',
      actor_kind: 'SYSTEM',
      changes: { status: { from: 'issued', to: 'overdue' } },
    });
    expect(overdue[0].data.balance).toEqual({ amount: 1_000, currency: 'USD' });
    const [row] = await t.systemEm().execute<{ overdue_at: Date | null }[]>('select overdue_at from invoices where id = ?', [invoices[0]]);
    expect(row.overdue_at).not.toBeNull();
    expect(await eventsOf(other.organization.id, 'invoice.overdue')).toEqual([]);
  }, 60_000);

  it('recomputes the daily rollups of the days changed orders made stale', async () => {
    const member = await memberOf(t);
    const api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: 'Buyer' }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, member, 10, { listPrice: 700 });
    const order = async (quantity: number) => {
      const { order } = await api.mutate('createOrder', { accountId, warehouseId, lines: [{ variantId: variant.id, quantity }] }, 'order { id }');
      await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
      return order.id as string;
    };
    const first = await order(2);
    await order(1);
    const day = new Date().toISOString().slice(0, 10);
    const stale = () =>
      t
        .systemEm()
        .execute<{ day: string }[]>('select day::text as day from analytics_stale_days where organization_id = ?', [member.organization.id]);
    const rollup = () =>
      t
        .systemEm()
        .execute<{ day: string; currency: string; order_count: number; booked_amount: number }[]>(
          'select day::text as day, currency, order_count, booked_amount::int as booked_amount from daily_sales where organization_id = ?',
          [member.organization.id],
        );
    expect(await stale()).toEqual([{ day }]);
    await runSchedule('analytics-refresh');
    expect(await stale()).toEqual([]);
    expect(await rollup()).toEqual([{ day, currency: 'USD', order_count: 2, booked_amount: 2100 }]);
    // A cancelled order makes its day stale again; the next refresh takes it out.
    await api.mutate('cancelOrder', { id: first }, 'order { id }');
    expect(await stale()).toEqual([{ day }]);
    await runSchedule('analytics-refresh');
    expect(await rollup()).toEqual([{ day, currency: 'USD', order_count: 1, booked_amount: 700 }]);
  }, 60_000);

  it('emits stock.low once per crossing of the reorder point', async () => {
    const member = await memberOf(t);
    const api = caller(t, member.token);
    const { variant, warehouseId } = await stockedVariant(t, member, 20, { listPrice: 500 });
    await api.mutate('updateProductVariant', { id: variant.id, reorderPoint: 10 }, 'productVariant { id }');
    const adjust = (quantity: number) =>
      api.data('mutation ($input: StockMovementInput!) { adjustStock(input: $input) { errors { code } } }', {
        input: { variantId: variant.id, warehouseId, quantity, reason: 'count' },
      });
    await adjust(-5); // 15: above
    expect(await eventsOf(member.organization.id, 'stock.low')).toHaveLength(0);
    await adjust(-6); // 9: crossed
    await adjust(-2); // 7: still low, no new event
    expect(await eventsOf(member.organization.id, 'stock.low')).toHaveLength(1);
    await adjust(10); // 17: back above
    await adjust(-8); // 9: crossed again
    const low = await eventsOf(member.organization.id, 'stock.low');
    expect(low).toHaveLength(2);
    expect(low[0]).toMatchObject({ subject_id: variant.id, subject_type: 'ProductVariant', actor_kind: 'USER' });
    expect(low[0].data).toMatchObject({ available: 9, reorderPoint: 10, warehouseId });
    expect(low[0].changes).toEqual({ available: { from: 15, to: 9 } });
  });

  it('announces each new HIGH or MEDIUM anomaly once, for organizations with analytics.insights', async () => {
    const member = await memberOf(t);
    const withoutInsights = await memberOf(t, { plan: 'free' });
    for (const m of [member, withoutInsights]) {
      const api = caller(t, m.token);
      const accountId = (await api.mutate('createAccount', { name: 'Buyer' }, 'account { id }')).account.id;
      const { variant } = await stockedVariant(t, m, 0, { listPrice: 1_000 });
      const random = seeded(5);
      const sales = Array.from({ length: 70 }, (_, i) => {
        const at = daysAgo(70 - i);
        const quantity = Math.round(10 * (0.9 + 0.2 * random())) * (at.getTime() === daysAgo(3).getTime() ? 8 : 1);
        return { at, quantity, unitPrice: 1_000 };
      });
      await insertSales(t, m.organization.id, accountId, variant, sales);
    }
    await runSchedule('anomaly-scan');
    const found = await eventsOf(member.organization.id, 'anomaly.detected');
    expect(found.length).toBeGreaterThan(0);
    const revenue = found.find((e) => e.data.metric === 'REVENUE');
    expect(revenue).toBeDefined();
    expect(revenue!.data).toMatchObject({ spike: true, periodStart: daysAgo(3, 0).toISOString() });
    expect(['HIGH', 'MEDIUM']).toContain(revenue!.data.severity);
    // Run again: the same anomalies are not announced twice (the next day may find new ones, never the same again).
    await runSchedule('anomaly-scan');
    expect(await eventsOf(member.organization.id, 'anomaly.detected')).toHaveLength(found.length);
    await runSchedule('anomaly-scan', 1);
    const keys = (await eventsOf(member.organization.id, 'anomaly.detected')).map((e) => e.data.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await eventsOf(withoutInsights.organization.id, 'anomaly.detected')).toEqual([]);
  }, 60_000);
});
