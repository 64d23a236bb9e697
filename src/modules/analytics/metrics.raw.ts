import type { EntityManager } from '@mikro-orm/sql';
import type { Granularity } from './dto/metrics.dto.js';
import { periodKey, periodSql } from './periods.js';

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

export type Row = Record<string, string | number | Date | null>;

/** One period's sums, whichever way they were computed (integers; the sales cycle in exact microseconds). */
export type PeriodSums = {
  orders: number;
  booked: number;
  invoiced: number;
  collected: number;
  newLeads: number;
  convertedLeads: number;
  won: number;
  lost: number;
  cycleMicroseconds: bigint;
  pipelineCreated: number;
};

export const num = (value: unknown) => (value == null ? 0 : Number(value));
/** An integral numeric from the driver ('123', or '123.000000' from numeric arithmetic) as a BigInt. */
export const exact = (value: unknown) => (value == null ? 0n : BigInt(String(value).replace(/\.0*$/, '')));

/**
 * An open deal's weighted amount in SQL: amount × probability %, rounded half up per deal, as
 * `Opportunity.weightedAmount` computes it (integer arithmetic on minor units).
 */
export const weightedAmountSql = (table: string) => `(${table}.amount_amount * ${table}.probability * 2 + 100) / 200`;

/** A won deal's sales cycle in exact microseconds (timestamps have microsecond precision). */
export const cycleMicrosecondsSql = (table: string) => `round(extract(epoch from ${table}.closed_at - ${table}.created_at) * 1000000)`;

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

/**
 * The KPI series aggregated from the raw tables: the definition the rollups must equal (tests
 * compare both on random data), and the path for one owner's metrics (their accounts, leads and
 * deals: a fraction of the organization's rows, and the rollups are not kept per owner).
 */
export async function rawSeries(q: MetricsScope): Promise<Map<string, PeriodSums>> {
  const [orders, invoices, payments, leads, closed, created] = await Promise.all([
    byPeriod(q, ORDERS_SQL),
    byPeriod(q, INVOICES_SQL),
    byPeriod(q, PAYMENTS_SQL),
    byPeriod(q, LEADS_SQL, false),
    byPeriod(q, CLOSED_SQL),
    byPeriod(q, CREATED_SQL),
  ]);
  const keys = new Set([orders, invoices, payments, leads, closed, created].flatMap((m) => [...m.keys()]));
  return new Map(
    [...keys].map((key) => {
      const [o, l, c] = [orders.get(key), leads.get(key), closed.get(key)];
      return [
        key,
        {
          orders: num(o?.n),
          booked: num(o?.total),
          invoiced: num(invoices.get(key)?.total),
          collected: num(payments.get(key)?.total),
          newLeads: num(l?.n),
          convertedLeads: num(l?.converted),
          won: num(c?.won),
          lost: num(c?.lost),
          cycleMicroseconds: exact(c?.cycle_us),
          pipelineCreated: num(created.get(key)?.total),
        },
      ];
    }),
  );
}

/** Top 10 variants or accounts by booked revenue in the range, from the raw tables (the rollups' reference, and one owner's). */
export async function rawTop(q: MetricsScope, list: 'products' | 'accounts'): Promise<Row[]> {
  const [text, all] = withOwner(list === 'products' ? TOP_PRODUCTS_SQL : TOP_ACCOUNTS_SQL, q, [q.organizationId, q.currency, q.from, q.to]);
  return q.em.execute<Row[]>(text, all);
}

/** The open pipeline now (current state, not a series): the index on (organization, status) keeps it small. */
export async function pipelineNow(q: MetricsScope): Promise<{ open: number; weighted: number }> {
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
    coalesce(sum(${cycleMicrosecondsSql('o')}) filter (where o.status = 'won'), 0) as cycle_us
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
