import type { EntityManager } from '@mikro-orm/sql';
import { LRUCache } from 'lru-cache';
import { isUuid } from '../../shared/ids.js';
import { Money, currencyHint, isCurrencyCode } from '../../shared/money.js';
import { share } from '../../shared/totals.js';
import type { MetricsPeriod, SalesMetrics, TopAccount, TopProduct } from './dto/metrics.dto.js';
import { type MetricsScope, type PeriodSums, num, pipelineNow, rawSeries, rawTop } from './metrics.raw.js';
import { rolledSeries, rolledTop } from './metrics.rollup.js';
import { badArgument, checkRange, periodKey, periodsOf } from './periods.js';

export type { MetricsScope } from './metrics.raw.js';
export { weightedAmountSql } from './metrics.raw.js';

export type MetricsArgs = {
  range: { from: Date; to: Date };
  granularity: MetricsScope['unit'];
  ownerId?: string | null;
  currency?: string | null;
};

const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);
/** Half-up integer division of minor units (exact, as order totals are computed). */
const divide = (amount: number, by: number) => (by === 0 ? 0 : share(amount, 1, by));
const MICROSECONDS_PER_DAY = 86_400_000_000;
const cycleDays = (microseconds: bigint, won: number) => (won > 0 ? Number(microseconds) / MICROSECONDS_PER_DAY / won : null);

/**
 * Main currencies by organization (the key: never shared across organizations), for five minutes: it
 * is a scan of every order, and changes only when an organization's mix of currencies does. An
 * organization without orders is not remembered (its first orders decide).
 */
const mainCurrencies = new LRUCache<string, Promise<string | null>>({ max: 10_000, ttl: 5 * 60_000 });

/** The currency most of the organization's orders are in (USD without orders). */
export async function mainCurrency(em: EntityManager, organizationId: string): Promise<string> {
  const known = mainCurrencies.get(organizationId);
  // Another request's read that failed (its transaction, not this one) is read again here.
  const found = known && (await known.catch(() => undefined));
  if (found !== undefined) return found ?? 'USD';
  const read = em
    .execute<{ currency: string }[]>(
      'select currency from orders where organization_id = ? group by currency order by count(*) desc, currency limit 1',
      [organizationId],
    )
    .then(([row]) => row?.currency ?? null);
  mainCurrencies.set(organizationId, read);
  // A failed read, or an organization without orders yet, is not remembered.
  read.then(
    (currency) => currency ?? mainCurrencies.delete(organizationId),
    () => mainCurrencies.delete(organizationId),
  );
  return (await read) ?? 'USD';
}

/**
 * The KPIs over a range, grouped by period (UTC days, ISO weeks, months), scoped to the organization
 * by name as well as by row-level security. For the whole organization they come from the rollups
 * (metrics.rollup.ts: rollup rows of days not stale, raw rows for edge and stale days, one statement);
 * an owner narrows orders, invoices and payments to accounts they own, leads and opportunities to
 * their own, aggregated from the raw tables (metrics.raw.ts, the rollups' definition).
 */
export async function salesMetrics(em: EntityManager, organizationId: string, args: MetricsArgs): Promise<SalesMetrics> {
  checkRange(args.range);
  if (args.ownerId != null && !isUuid(args.ownerId)) throw badArgument('ownerId', `ownerId "${args.ownerId}" is not an ID`);
  if (args.currency != null && !isCurrencyCode(args.currency)) throw badArgument('currency', `currency ${currencyHint}`);
  const currency = args.currency ?? (await mainCurrency(em, organizationId));
  const periods = periodsOf(args.range.from, args.range.to, args.granularity);
  const q: MetricsScope = {
    em,
    organizationId,
    currency,
    from: args.range.from,
    to: args.range.to,
    unit: args.granularity,
    owner: args.ownerId ?? null,
  };
  const [sums, pipeline] = await Promise.all([q.owner ? rawSeries(q) : rolledSeries(q), pipelineNow(q)]);
  return assemble(q, periods, sums, pipeline);
}

const NONE: PeriodSums = {
  orders: 0,
  booked: 0,
  invoiced: 0,
  collected: 0,
  newLeads: 0,
  convertedLeads: 0,
  won: 0,
  lost: 0,
  cycleMicroseconds: 0n,
  pipelineCreated: 0,
};

/** The SalesMetrics of per-period sums (zeros where a period has none). */
export function assemble(
  q: MetricsScope,
  periods: Date[],
  sums: Map<string, PeriodSums>,
  pipeline: { open: number; weighted: number },
): SalesMetrics {
  const money = (amount: number) => Money.of(amount, q.currency);
  const series: MetricsPeriod[] = periods.map((start) => {
    const s = sums.get(periodKey(start)) ?? NONE;
    return {
      periodStart: start,
      bookedRevenue: money(s.booked),
      invoicedRevenue: money(s.invoiced),
      collectedRevenue: money(s.collected),
      orderCount: s.orders,
      averageOrderValue: money(divide(s.booked, s.orders)),
      newLeads: s.newLeads,
      convertedLeads: s.convertedLeads,
      leadConversionRate: ratio(s.convertedLeads, s.newLeads),
      wonDeals: s.won,
      lostDeals: s.lost,
      winRate: ratio(s.won, s.won + s.lost),
      pipelineCreated: money(s.pipelineCreated),
      averageSalesCycleDays: cycleDays(s.cycleMicroseconds, s.won),
    };
  });
  const total = (pick: (s: PeriodSums) => number) => [...sums.values()].reduce((sum, s) => sum + pick(s), 0);
  const booked = total((s) => s.booked);
  const orderCount = total((s) => s.orders);
  const won = total((s) => s.won);
  const newLeads = total((s) => s.newLeads);
  return {
    from: q.from,
    to: q.to,
    granularity: q.unit,
    currency: q.currency,
    bookedRevenue: money(booked),
    invoicedRevenue: money(total((s) => s.invoiced)),
    collectedRevenue: money(total((s) => s.collected)),
    orderCount,
    averageOrderValue: money(divide(booked, orderCount)),
    newLeads,
    leadConversionRate: ratio(
      total((s) => s.convertedLeads),
      newLeads,
    ),
    winRate: ratio(won, won + total((s) => s.lost)),
    openPipeline: money(pipeline.open),
    weightedPipeline: money(pipeline.weighted),
    averageSalesCycleDays: cycleDays(
      [...sums.values()].reduce((sum, s) => sum + s.cycleMicroseconds, 0n),
      won,
    ),
    scope: q,
    series,
  };
}

/**
 * Top 10 variants by booked revenue in the metrics' range. Read only when the field is asked for:
 * raw, it is the costliest aggregation (every order line of the range).
 */
export async function topProducts(metrics: SalesMetrics): Promise<TopProduct[]> {
  const q = metrics.scope;
  const money = (amount: number) => Money.of(amount, metrics.currency);
  return (await (q.owner ? rawTop(q, 'products') : rolledTop(q, 'products'))).map((r) => ({
    variantId: String(r.variant_id),
    sku: String(r.sku),
    description: String(r.description),
    units: num(r.units),
    revenue: money(num(r.revenue)),
  })) as TopProduct[];
}

/** Top 10 accounts by booked revenue in the metrics' range, read only when asked for. */
export async function topAccounts(metrics: SalesMetrics): Promise<TopAccount[]> {
  const q = metrics.scope;
  const money = (amount: number) => Money.of(amount, metrics.currency);
  return (await (q.owner ? rawTop(q, 'accounts') : rolledTop(q, 'accounts'))).map((r) => ({
    accountId: String(r.account_id),
    name: String(r.name),
    orders: num(r.n),
    revenue: money(num(r.revenue)),
  })) as TopAccount[];
}
