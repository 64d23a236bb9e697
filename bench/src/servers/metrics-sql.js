/**
 * salesMetrics the raw way, for the floor: the aggregations of src/modules/analytics/metrics.service.ts
 * (as of December 2026, before rollups) over the source tables, one statement after the other in
 * the request's transaction, combined as the service combines them. Its answer is what our
 * server's answer must equal, whatever our server reads (rollups or not).
 */
const period = (column) => `date_trunc($1, ${column}, 'UTC')`;

const SERIES = {
  orders: `select ${period('o.ordered_at')} as period, count(*) as n, sum(o.total_amount) as total from orders o
    where o.organization_id = $2 and o.currency = $3 and o.status not in ('draft', 'cancelled') and o.ordered_at >= $4 and o.ordered_at < $5 group by 1`,
  invoices: `select ${period('i.issued_at')} as period, sum(i.total_amount) as total from invoices i
    where i.organization_id = $2 and i.currency = $3 and i.status not in ('draft', 'void') and i.issued_at >= $4 and i.issued_at < $5 group by 1`,
  payments: `select ${period('p.paid_at')} as period, sum(p.amount) as total from payments p join invoices i on i.id = p.invoice_id
    where p.organization_id = $2 and p.currency = $3 and p.paid_at >= $4 and p.paid_at < $5 group by 1`,
  leads: `select ${period('l.created_at')} as period, count(*) as n, count(*) filter (where l.status = 'converted') as converted from leads l
    where l.organization_id = $2 and l.deleted_at is null and l.created_at >= $3 and l.created_at < $4 group by 1`,
  closed: `select ${period('o.closed_at')} as period, count(*) filter (where o.status = 'won') as won, count(*) filter (where o.status = 'lost') as lost,
      coalesce(sum(extract(epoch from o.closed_at - o.created_at) / 86400) filter (where o.status = 'won'), 0) as cycle_days
    from opportunities o
    where o.organization_id = $2 and o.amount_currency = $3 and o.deleted_at is null and o.closed_at >= $4 and o.closed_at < $5 group by 1`,
  created: `select ${period('o.created_at')} as period, sum(o.amount_amount) as total from opportunities o
    where o.organization_id = $2 and o.amount_currency = $3 and o.deleted_at is null and o.created_at >= $4 and o.created_at < $5 group by 1`,
};

const MAIN_CURRENCY = 'select currency from orders where organization_id = $1 group by currency order by count(*) desc, currency limit 1';
const PIPELINE = `select coalesce(sum(amount_amount), 0) as open, coalesce(sum((amount_amount * probability * 2 + 100) / 200), 0) as weighted
  from opportunities where organization_id = $1 and amount_currency = $2 and status = 'open' and deleted_at is null`;
const TOP_PRODUCTS = `select l.variant_id, max(l.sku) as sku, max(l.description) as description, sum(l.quantity) as units, sum(l.total_amount) as revenue
  from order_lines l join orders o on o.id = l.order_id
  where o.organization_id = $1 and o.currency = $2 and o.status not in ('draft', 'cancelled') and o.ordered_at >= $3 and o.ordered_at < $4
  group by l.variant_id order by revenue desc, l.variant_id limit 10`;
const TOP_ACCOUNTS = `select a.id as account_id, a.name, count(*) as n, sum(o.total_amount) as revenue
  from orders o join accounts a on a.id = o.account_id
  where o.organization_id = $1 and o.currency = $2 and o.status not in ('draft', 'cancelled') and o.ordered_at >= $3 and o.ordered_at < $4
  group by a.id, a.name order by revenue desc, a.id limit 10`;

const num = (v) => (v == null ? 0 : Number(v));
const ratio = (part, whole) => (whole === 0 ? null : part / whole);
/** Half-up integer division of minor units, as the service's share(). */
const divide = (amount, by) => (by === 0 ? 0 : Number((BigInt(amount) * 2n + BigInt(by)) / (2n * BigInt(by))));

function periodStart(date, unit) {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (unit === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (unit === 'month') d.setUTCDate(1);
  return d;
}

function periodsOf(from, to, unit) {
  const periods = [];
  for (let p = periodStart(from, unit); p < to; ) {
    periods.push(p);
    const next = new Date(p);
    if (unit === 'day') next.setUTCDate(next.getUTCDate() + 1);
    else if (unit === 'week') next.setUTCDate(next.getUTCDate() + 7);
    else next.setUTCMonth(next.getUTCMonth() + 1);
    p = next;
  }
  return periods;
}

/** The fields the benchmark's salesMetrics query selects, as our GraphQL answer has them. */
export async function salesMetrics(db, org, { from: fromText, to: toText, granularity }) {
  const from = new Date(fromText);
  const to = new Date(toText);
  const unit = granularity.toLowerCase();
  const currency = (await db.query(MAIN_CURRENCY, [org])).rows[0]?.currency ?? 'USD';
  const run = async (sql, params) => new Map((await db.query(sql, params)).rows.map((r) => [new Date(r.period).toISOString(), r]));
  const withCurrency = [unit, org, currency, from, to];
  const orders = await run(SERIES.orders, withCurrency);
  const invoices = await run(SERIES.invoices, withCurrency);
  const payments = await run(SERIES.payments, withCurrency);
  const leads = await run(SERIES.leads, [unit, org, from, to]);
  const closed = await run(SERIES.closed, withCurrency);
  const created = await run(SERIES.created, withCurrency);
  const pipeline = (await db.query(PIPELINE, [org, currency])).rows[0];
  const topProducts = (await db.query(TOP_PRODUCTS, [org, currency, from, to])).rows;
  const topAccounts = (await db.query(TOP_ACCOUNTS, [org, currency, from, to])).rows;
  const series = periodsOf(from, to, unit).map((start) => {
    const key = start.toISOString();
    const o = orders.get(key);
    const l = leads.get(key);
    const c = closed.get(key);
    const booked = num(o?.total);
    return {
      periodStart: key,
      bookedRevenue: { amount: booked },
      invoicedRevenue: { amount: num(invoices.get(key)?.total) },
      collectedRevenue: { amount: num(payments.get(key)?.total) },
      orderCount: num(o?.n),
      averageOrderValue: { amount: divide(booked, num(o?.n)) },
      newLeads: num(l?.n),
      convertedLeads: num(l?.converted),
      leadConversionRate: ratio(num(l?.converted), num(l?.n)),
      wonDeals: num(c?.won),
      lostDeals: num(c?.lost),
      winRate: ratio(num(c?.won), num(c?.won) + num(c?.lost)),
      pipelineCreated: { amount: num(created.get(key)?.total) },
      averageSalesCycleDays: num(c?.won) > 0 ? num(c?.cycle_days) / num(c?.won) : null,
    };
  });
  const sum = (pick) => series.reduce((total, p) => total + pick(p), 0);
  const booked = sum((p) => p.bookedRevenue.amount);
  const orderCount = sum((p) => p.orderCount);
  const won = sum((p) => p.wonDeals);
  const newLeads = sum((p) => p.newLeads);
  const cycleDays = [...closed.values()].reduce((total, c) => total + num(c.cycle_days), 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    granularity: granularity.toUpperCase(),
    currency,
    bookedRevenue: { amount: booked, currency },
    invoicedRevenue: { amount: sum((p) => p.invoicedRevenue.amount) },
    collectedRevenue: { amount: sum((p) => p.collectedRevenue.amount) },
    orderCount,
    averageOrderValue: { amount: divide(booked, orderCount) },
    newLeads,
    leadConversionRate: ratio(
      sum((p) => p.convertedLeads),
      newLeads,
    ),
    winRate: ratio(won, won + sum((p) => p.lostDeals)),
    openPipeline: { amount: num(pipeline.open) },
    weightedPipeline: { amount: num(pipeline.weighted) },
    averageSalesCycleDays: won ? cycleDays / won : null,
    topProducts: topProducts.map((r) => ({
      variantId: r.variant_id,
      sku: r.sku,
      description: r.description,
      units: num(r.units),
      revenue: { amount: num(r.revenue) },
    })),
    topAccounts: topAccounts.map((r) => ({ accountId: r.account_id, name: r.name, orders: num(r.n), revenue: { amount: num(r.revenue) } })),
    series,
  };
}
