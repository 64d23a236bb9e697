import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { Granularity } from '../../src/modules/analytics/dto/metrics.dto.js';
import { assemble, type MetricsArgs, mainCurrency } from '../../src/modules/analytics/metrics.service.js';
import { type MetricsScope, num, pipelineNow, rawSeries, rawTop } from '../../src/modules/analytics/metrics.raw.js';
import { periodsOf } from '../../src/modules/analytics/periods.js';
import { DAY_MS } from '../../src/shared/clock.js';
import type { TestApp } from '../helpers/harness.js';

/**
 * Random sales data for the rollup tests, written as the database owner with SQL (so only the
 * triggers mark days stale), around a base day so that ranges cross days, weeks and months. Times
 * favour the edges of days (midnight, the last microsecond before it) where off-by-one errors live.
 */
export const BASE = Date.UTC(2026, 2, 1);

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** An instant as SQL text with microseconds: around midnight often, anywhere in the day otherwise. */
export function instant(random: Random, fromDay = -40, toDay = 70): string {
  const day = BASE + int(random, fromDay, toDay) * DAY_MS;
  const r = random();
  const micros = r < 0.15 ? 0 : r < 0.3 ? 86_400_000_000 - 1 : r < 0.4 ? 1 : Math.floor(random() * 86_400_000_000);
  const at = new Date(day + Math.floor(micros / 1000));
  return `${at.toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, '0')}Z`;
}

export type World = {
  organizationId: string;
  ownerIds: string[];
  accounts: string[];
  variants: { id: string; sku: string }[];
  stages: { pipelineId: string; stageId: string; probability: number }[];
  orders: { id: string; hasInvoice: boolean }[];
  invoices: { id: string; currency: string; paid: boolean; status: string }[];
  leads: string[];
  opportunities: string[];
};

/** One statement per table (the triggers see the rows together, as with any bulk write); omitted columns take their defaults. */
async function insert(em: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).join(', ');
  await em.execute(`insert into ${table} (${columns}) select ${columns} from json_populate_recordset(null::${table}, ?::json)`, [
    JSON.stringify(rows),
  ]);
}

/** Fills the organization with `scale` orders and proportionate lines, invoices, payments, leads and deals. */
export async function generate(t: TestApp, world: World, random: Random, scale: number): Promise<void> {
  const em = t.systemEm();
  const org = world.organizationId;
  const now = new Date().toISOString();
  const base = (extra: Record<string, unknown>): Record<string, unknown> => ({
    id: randomUUID(),
    created_at: now,
    updated_at: now,
    organization_id: org,
    ...extra,
  });
  const orders: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const invoices: Record<string, unknown>[] = [];
  const payments: Record<string, unknown>[] = [];
  const issue: Record<string, unknown>[] = [];
  for (let i = 0; i < scale; i++) {
    const currency = random() < 0.8 ? 'USD' : 'EUR';
    const order = base({
      number: `R-${randomUUID().slice(0, 13)}`,
      account_id: pick(random, world.accounts),
      currency,
      status: pick(random, ['draft', 'confirmed', 'partially_fulfilled', 'fulfilled', 'fulfilled', 'cancelled']),
      ordered_at: instant(random),
      notes: '',
    });
    let total = 0;
    for (let p = 0; p < int(random, 1, 3); p++) {
      const variant = pick(random, world.variants);
      const quantity = int(random, 1, 9);
      const amount = quantity * int(random, 100, 5_000);
      total += amount;
      lines.push(
        base({
          order_id: order.id,
          position: p,
          variant_id: variant.id,
          // The SKU and description a line was ordered with vary: the top list shows their max().
          sku: random() < 0.2 ? `${variant.sku}-OLD` : variant.sku,
          description: pick(random, ['Widget', 'Widget (blue)', 'Gadget', 'Zed']),
          quantity,
          currency,
          unit_price_amount: Math.round(amount / quantity),
          list_price_amount: Math.round(amount / quantity),
          subtotal_amount: amount,
          total_amount: amount,
        }),
      );
    }
    Object.assign(order, { subtotal_amount: total, total_amount: total });
    orders.push(order);
    const hasInvoice = order.status !== 'draft' && random() < 0.5;
    world.orders.push({ id: order.id as string, hasInvoice });
    if (!hasInvoice) continue;
    const issued = random() < 0.85;
    const invoice = base({
      number: `RI-${randomUUID().slice(0, 12)}`,
      order_id: order.id,
      account_id: order.account_id,
      currency,
      status: 'draft',
      due_date: '2026-06-30',
      subtotal_amount: total,
      total_amount: total,
      notes: '',
    });
    invoices.push(invoice);
    const paid = issued && random() < 0.5;
    if (issued) issue.push({ id: invoice.id, issued_at: instant(random) });
    world.invoices.push({ id: invoice.id as string, currency, paid, status: issued ? 'issued' : 'draft' });
    if (paid)
      for (let k = 0; k < int(random, 1, 2); k++)
        payments.push(base({ invoice_id: invoice.id, amount: int(random, 1, total), currency, method: 'cash', paid_at: instant(random) }));
  }
  await insert(em, 'orders', orders);
  await insert(em, 'order_lines', lines);
  await insert(em, 'invoices', invoices);
  await insert(em, 'payments', payments);
  // Issued invoices pass through draft, as the service issues them (the guard allows only that).
  if (issue.length > 0)
    await em.execute(
      `update invoices i set status = 'issued', issued_at = x.issued_at from json_to_recordset(?::json) as x(id uuid, issued_at timestamptz) where i.id = x.id`,
      [JSON.stringify(issue)],
    );

  const leads = Array.from({ length: Math.ceil(scale / 3) }, () =>
    base({
      created_at: instant(random),
      first_name: 'Lead',
      last_name: '',
      status: pick(random, ['new', 'contacted', 'qualified', 'disqualified', 'converted']),
      score: 0,
      owner_id: random() < 0.7 ? pick(random, world.ownerIds) : null,
      notes: '',
      deleted_at: random() < 0.1 ? now : null,
    }),
  );
  await insert(em, 'leads', leads);
  world.leads.push(...leads.map((l) => l.id as string));

  const deals = Array.from({ length: Math.ceil(scale / 3) }, () => {
    const stage = pick(random, world.stages);
    const status = pick(random, ['open', 'won', 'won', 'lost']);
    return base({
      created_at: instant(random, -120, 60),
      name: 'Deal',
      account_id: pick(random, world.accounts),
      amount_amount: int(random, 0, 50_000),
      amount_currency: random() < 0.8 ? 'USD' : 'EUR',
      pipeline_id: stage.pipelineId,
      stage_id: stage.stageId,
      status,
      probability: stage.probability,
      // A few closed before they were created: the cycle is negative, and still exact.
      closed_at: status === 'open' ? null : instant(random),
      owner_id: random() < 0.8 ? pick(random, world.ownerIds) : null,
      deleted_at: random() < 0.1 ? now : null,
      amount_source: 'manual',
    });
  });
  await insert(em, 'opportunities', deals);
  world.opportunities.push(...deals.map((d) => d.id as string));
}

/** Changes a random part of the data through every kind of write the triggers watch. */
export async function mutate(t: TestApp, world: World, random: Random, count: number): Promise<void> {
  const em = t.systemEm();
  const some = <T>(items: T[]) => items.filter(() => random() < count / Math.max(items.length, 1));
  const ids = (items: { id: string }[] | string[]) => JSON.stringify(items.map((i) => (typeof i === 'string' ? i : i.id)));
  for (const order of some(world.orders))
    await em.execute(`update orders set ordered_at = ?::timestamptz, status = ?::order_status where id = ?`, [
      instant(random),
      pick(random, ['confirmed', 'fulfilled', 'cancelled', 'draft']),
      order.id,
    ]);
  await em.execute(
    `update orders set currency = case currency when 'USD' then 'EUR' else 'USD' end where id in (select value::uuid from json_array_elements_text(?::json))`,
    [ids(some(world.orders).filter((o) => !o.hasInvoice))],
  );
  await em.execute(
    `update order_lines set quantity = quantity + 1, total_amount = total_amount + 99 where order_id in (select value::uuid from json_array_elements_text(?::json))`,
    [ids(some(world.orders))],
  );
  const gone = some(world.orders).filter((o) => !o.hasInvoice);
  await em.execute(`delete from orders where id in (select value::uuid from json_array_elements_text(?::json))`, [ids(gone)]);
  world.orders = world.orders.filter((o) => !gone.includes(o));
  // Void issued invoices nothing was paid on; pay others.
  const voided = some(world.invoices.filter((i) => i.status === 'issued' && !i.paid));
  await em.execute(`update invoices set status = 'void', voided_at = now() where id in (select value::uuid from json_array_elements_text(?::json))`, [
    ids(voided),
  ]);
  for (const invoice of voided) invoice.status = 'void';
  for (const invoice of some(world.invoices.filter((i) => i.status !== 'draft')))
    await em.execute(
      `insert into payments (id, created_at, updated_at, organization_id, invoice_id, amount, currency, method, paid_at)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, 'card', ?::timestamptz)`,
      [world.organizationId, invoice.id, int(random, 1, 1_000), invoice.currency, instant(random)],
    );
  await em.execute(
    `update leads set status = 'converted', created_at = case when random() < 0.5 then created_at else created_at + interval '3 days' end
      where id in (select value::uuid from json_array_elements_text(?::json))`,
    [ids(some(world.leads))],
  );
  await em.execute(`update leads set deleted_at = now() where id in (select value::uuid from json_array_elements_text(?::json))`, [
    ids(some(world.leads)),
  ]);
  for (const id of some(world.opportunities))
    await em.execute(`update opportunities set status = ?::opportunity_status, closed_at = ?::timestamptz, amount_amount = ? where id = ?`, [
      ...(random() < 0.3 ? ['open', null] : [pick(random, ['won', 'lost']), instant(random)]),
      int(random, 0, 50_000),
      id,
    ]);
  await em.execute(`delete from opportunities where id in (select value::uuid from json_array_elements_text(?::json))`, [
    ids(some(world.opportunities).slice(0, 2)),
  ]);
}

/** A random range [from, to) with bounds anywhere (milliseconds, as the API takes them) or at midnight. */
export function randomArgs(random: Random, owners: (string | null)[]): MetricsArgs {
  const at = (day: number) => {
    const r = random();
    const ms = r < 0.35 ? 0 : r < 0.45 ? DAY_MS - 1 : Math.floor(random() * DAY_MS);
    return new Date(BASE + day * DAY_MS + ms);
  };
  const from = at(int(random, -50, 60));
  const span = random() < 0.2 ? random() * 2 * DAY_MS : random() * 120 * DAY_MS;
  const to = new Date(Math.max(from.getTime() + 1, Math.floor(from.getTime() + span)));
  return {
    range: { from, to },
    granularity: pick(random, [Granularity.DAY, Granularity.WEEK, Granularity.MONTH]),
    ownerId: pick(random, owners),
    currency: pick(random, ['USD', 'EUR', null]),
  };
}

/** salesMetrics and its top lists as the raw aggregation computes them: the reference. */
export async function rawAnswer(em: EntityManager, organizationId: string, args: MetricsArgs) {
  const q: MetricsScope = {
    em,
    organizationId,
    currency: args.currency ?? (await mainCurrency(em, organizationId)),
    from: args.range.from,
    to: args.range.to,
    unit: args.granularity,
    owner: args.ownerId ?? null,
  };
  const metrics = assemble(q, periodsOf(q.from, q.to, q.unit), await rawSeries(q), await pipelineNow(q));
  const products = (await rawTop(q, 'products')).map((r) => ({
    variantId: String(r.variant_id),
    sku: String(r.sku),
    description: String(r.description),
    units: num(r.units),
    revenue: { amount: num(r.revenue), currency: q.currency },
  }));
  const accounts = (await rawTop(q, 'accounts')).map((r) => ({
    accountId: String(r.account_id),
    name: String(r.name),
    orders: num(r.n),
    revenue: { amount: num(r.revenue), currency: q.currency },
  }));
  return plain({ ...metrics, scope: undefined, topProducts: products, topAccounts: accounts });
}

/** Dates as strings, Money as plain objects: what a client would compare. */
export const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
