import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { Money, currencyHint, isCurrencyCode } from '../../shared/money.js';
import { Granularity, type MetricsPeriod, type SalesMetrics, type TopAccount, type TopProduct } from './dto/metrics.dto.js';
import { badArgument, checkRange, periodKey, periodSql, periodsOf } from './periods.js';
import { share } from '../../shared/totals.js';

export type MetricsArgs = { range: { from: Date; to: Date }; granularity: Granularity; ownerId?: string | null; currency?: string | null };

type Row = Record<string, string | number | Date | null>;
const num = (value: unknown) => (value == null ? 0 : Number(value));
const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
/** Half-up integer division of minor units (exact, as order totals are computed). */
const divide = (amount: number, by: number) => (by === 0 ? 0 : share(amount, 1, by));

/**
 * An open deal's weighted amount in SQL: amount × probability %, rounded half up per deal, as
 * `Opportunity.weightedAmount` computes it (integer arithmetic on minor units).
 */
export const weightedAmountSql = (table: string) => `(${table}.amount_amount * ${table}.probability * 2 + 100) / 200`;

/** Per request (its EntityManager): several analytics fields of one operation need the same answer. */
const mainCurrencies = new WeakMap<EntityManager, Map<string, Promise<string>>>();

/** The currency most of the organization's orders are in (USD without orders); read once per request. */
export function mainCurrency(em: EntityManager, organizationId: string): Promise<string> {
  const known = mainCurrencies.get(em) ?? new Map<string, Promise<string>>();
  mainCurrencies.set(em, known);
  let currency = known.get(organizationId);
  if (!currency) {
    currency = em
      .execute<{ currency: string }[]>(
        'select currency from orders where organization_id = ? group by currency order by count(*) desc, currency limit 1',
        [organizationId],
      )
      .then(([row]) => row?.currency ?? 'USD');
    // A failed read is not remembered.
    currency.catch(() => known.delete(organizationId));
    known.set(organizationId, currency);
  }
  return currency;
}

/**
 * All aggregations run in SQL, grouped by period (`date_trunc` in UTC), scoped to the organization
 * by name as well as by row-level security. An owner narrows orders, invoices and payments to
 * accounts they own, leads and opportunities to their own.
 */
export async function salesMetrics(em: EntityManager, organizationId: string, args: MetricsArgs): Promise<SalesMetrics> {
  checkRange(args.range);
  if (args.ownerId != null && !isUuid(args.ownerId)) throw badArgument('ownerId', `ownerId "${args.ownerId}" is not an ID`);
  if (args.currency != null && !isCurrencyCode(args.currency)) throw badArgument('currency', `currency ${currencyHint}`);
  const currency = args.currency ?? (await mainCurrency(em, organizationId));
  const periods = periodsOf(args.range.from, args.range.to, args.granularity);
  const q = { em, organizationId, currency, from: args.range.from, to: args.range.to, unit: args.granularity, owner: args.ownerId ?? null };
  const [orders, invoices, payments, leads, closed, created, pipeline] = await Promise.all([
    byPeriod(q, ORDERS_SQL),
    byPeriod(q, INVOICES_SQL),
    byPeriod(q, PAYMENTS_SQL),
    byPeriod(q, LEADS_SQL, false),
    byPeriod(q, CLOSED_SQL),
    byPeriod(q, CREATED_SQL),
    pipelineNow(q),
  ]);
  const money = (amount: number) => Money.of(amount, currency);
  const series: MetricsPeriod[] = periods.map((start) => {
    const key = periodKey(start);
    const o = orders.get(key);
    const l = leads.get(key);
    const c = closed.get(key);
    const booked = num(o?.total);
    return {
      periodStart: start,
      bookedRevenue: money(booked),
      invoicedRevenue: money(num(invoices.get(key)?.total)),
      collectedRevenue: money(num(payments.get(key)?.total)),
      orderCount: num(o?.n),
      averageOrderValue: money(divide(booked, num(o?.n))),
      newLeads: num(l?.n),
      convertedLeads: num(l?.converted),
      leadConversionRate: ratio(num(l?.converted), num(l?.n)),
      wonDeals: num(c?.won),
      lostDeals: num(c?.lost),
      winRate: ratio(num(c?.won), num(c?.won) + num(c?.lost)),
      pipelineCreated: money(num(created.get(key)?.total)),
      // Drivers return counts as strings: '0' is truthy, so compare the number.
      averageSalesCycleDays: num(c?.won) > 0 ? num(c?.cycle_days) / num(c?.won) : null,
    };
  });
  const sum = (pick: (p: MetricsPeriod) => number) => series.reduce((total, p) => total + pick(p), 0);
  const booked = sum((p) => p.bookedRevenue.amount);
  const orderCount = sum((p) => p.orderCount);
  const won = sum((p) => p.wonDeals);
  const newLeads = sum((p) => p.newLeads);
  const cycleDays = [...closed.values()].reduce((total, c) => total + num(c.cycle_days), 0);
  return {
    from: args.range.from,
    to: args.range.to,
    granularity: args.granularity,
    currency,
    bookedRevenue: money(booked),
    invoicedRevenue: money(sum((p) => p.invoicedRevenue.amount)),
    collectedRevenue: money(sum((p) => p.collectedRevenue.amount)),
    orderCount,
    averageOrderValue: money(divide(booked, orderCount)),
    newLeads,
    leadConversionRate: ratio(
      sum((p) => p.convertedLeads),
      newLeads,
    ),
    winRate: ratio(won, won + sum((p) => p.lostDeals)),
    openPipeline: money(pipeline.open),
    weightedPipeline: money(pipeline.weighted),
    averageSalesCycleDays: won ? cycleDays / won : null,
    scope: q,
    series,
  };
}

/**
 * Top 10 variants by booked revenue in the metrics' range. Read only when the field is asked for:
 * it is the costliest aggregation (every order line of the range).
 */
export async function topProducts(metrics: SalesMetrics): Promise<TopProduct[]> {
  const money = (amount: number) => Money.of(amount, metrics.currency);
  return (await top(metrics.scope, TOP_PRODUCTS_SQL)).map((r) => ({
    variantId: String(r.variant_id),
    sku: String(r.sku),
    description: String(r.description),
    units: num(r.units),
    revenue: money(num(r.revenue)),
  })) as TopProduct[];
}

/** Top 10 accounts by booked revenue in the metrics' range, read only when asked for. */
export async function topAccounts(metrics: SalesMetrics): Promise<TopAccount[]> {
  const money = (amount: number) => Money.of(amount, metrics.currency);
  return (await top(metrics.scope, TOP_ACCOUNTS_SQL)).map((r) => ({
    accountId: String(r.account_id),
    name: String(r.name),
    orders: num(r.n),
    revenue: money(num(r.revenue)),
  })) as TopAccount[];
}

/** What a SalesMetrics was computed for: enough to read its lazy fields later in the same request. */
export type MetricsScope = {
  em: EntityManager;
  organizationId: string;
  currency: string;
  from: Date;
  to: Date;
  unit: Granularity;
  owner: string | null;
};

/** `$OWNER` placeholders: the owner condition, and the accounts join marked as "account", are dropped without an owner. */
function withOwner(sql: string, q: MetricsScope, params: unknown[]): [string, unknown[]] {
  if (q.owner)
    return [sql.replaceAll('/*owner*/', '').replaceAll('$OWNER', '?'), [...params, ...Array(sql.split('$OWNER').length - 1).fill(q.owner)]];
  // Without an owner the accounts join (there only for the owner) goes too: it costs a hash join per query.
  return [sql.replace(/\/\*owner\*\/[^\n]*\n/g, '\n').replace(/ \/\*account\*\/ join accounts a on a\.id = [a-z]\.account_id/g, ''), params];
}

async function byPeriod(q: MetricsScope, sql: string, withCurrency = true): Promise<Map<string, Row>> {
  const params = [q.unit, q.organizationId, ...(withCurrency ? [q.currency] : []), q.from, q.to];
  const [text, all] = withOwner(sql, q, params);
  const rows = await q.em.execute<Row[]>(text, all);
  return new Map(rows.map((r) => [periodKey(r.period as Date), r]));
}

async function top(q: MetricsScope, sql: string): Promise<Row[]> {
  const [text, all] = withOwner(sql, q, [q.organizationId, q.currency, q.from, q.to]);
  return q.em.execute<Row[]>(text, all);
}

async function pipelineNow(q: MetricsScope): Promise<{ open: number; weighted: number }> {
  const [text, all] = withOwner(
    `select coalesce(sum(amount_amount), 0) as open, coalesce(sum(${weightedAmountSql('opportunities')}), 0) as weighted
     from opportunities where organization_id = ? and amount_currency = ? and status = 'open' and deleted_at is null
     /*owner*/ and owner_id = $OWNER
    `,
    q,
    [q.organizationId, q.currency],
  );
  const [row] = await q.em.execute<Row[]>(text, all);
  return { open: num(row?.open), weighted: num(row?.weighted) };
}

const ORDERS_SQL = `
  select ${periodSql('o.ordered_at')} as period, count(*) as n, sum(o.total_amount) as total
  from orders o /*account*/ join accounts a on a.id = o.account_id
  where o.organization_id = ? and o.currency = ? and o.status not in ('draft', 'cancelled') and o.ordered_at >= ? and o.ordered_at < ?
  /*owner*/ and a.owner_id = $OWNER
  group by 1`;

const INVOICES_SQL = `
  select ${periodSql('i.issued_at')} as period, sum(i.total_amount) as total
  from invoices i /*account*/ join accounts a on a.id = i.account_id
  where i.organization_id = ? and i.currency = ? and i.status not in ('draft', 'void') and i.issued_at >= ? and i.issued_at < ?
  /*owner*/ and a.owner_id = $OWNER
  group by 1`;

const PAYMENTS_SQL = `
  select ${periodSql('p.paid_at')} as period, sum(p.amount) as total
  from payments p join invoices i on i.id = p.invoice_id /*account*/ join accounts a on a.id = i.account_id
  where p.organization_id = ? and p.currency = ? and p.paid_at >= ? and p.paid_at < ?
  /*owner*/ and a.owner_id = $OWNER
  group by 1`;

const LEADS_SQL = `
  select ${periodSql('l.created_at')} as period, count(*) as n, count(*) filter (where l.status = 'converted') as converted
  from leads l
  where l.organization_id = ? and l.deleted_at is null and l.created_at >= ? and l.created_at < ?
  /*owner*/ and l.owner_id = $OWNER
  group by 1`;

const CLOSED_SQL = `
  select ${periodSql('o.closed_at')} as period,
    count(*) filter (where o.status = 'won') as won, count(*) filter (where o.status = 'lost') as lost,
    coalesce(sum(extract(epoch from o.closed_at - o.created_at) / 86400) filter (where o.status = 'won'), 0) as cycle_days
  from opportunities o
  where o.organization_id = ? and o.amount_currency = ? and o.deleted_at is null and o.closed_at >= ? and o.closed_at < ?
  /*owner*/ and o.owner_id = $OWNER
  group by 1`;

const CREATED_SQL = `
  select ${periodSql('o.created_at')} as period, sum(o.amount_amount) as total
  from opportunities o
  where o.organization_id = ? and o.amount_currency = ? and o.deleted_at is null and o.created_at >= ? and o.created_at < ?
  /*owner*/ and o.owner_id = $OWNER
  group by 1`;

const TOP_PRODUCTS_SQL = `
  select l.variant_id, max(l.sku) as sku, max(l.description) as description, sum(l.quantity) as units, sum(l.total_amount) as revenue
  from order_lines l join orders o on o.id = l.order_id /*account*/ join accounts a on a.id = o.account_id
  where o.organization_id = ? and o.currency = ? and o.status not in ('draft', 'cancelled') and o.ordered_at >= ? and o.ordered_at < ?
  /*owner*/ and a.owner_id = $OWNER
  group by l.variant_id order by revenue desc, l.variant_id limit 10`;

const TOP_ACCOUNTS_SQL = `
  select a.id as account_id, a.name, count(*) as n, sum(o.total_amount) as revenue
  from orders o join accounts a on a.id = o.account_id
  where o.organization_id = ? and o.currency = ? and o.status not in ('draft', 'cancelled') and o.ordered_at >= ? and o.ordered_at < ?
  /*owner*/ and a.owner_id = $OWNER
  group by a.id, a.name order by revenue desc, a.id limit 10`;
