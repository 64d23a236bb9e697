/**
 * `npm run bench:analytics`: analytics at scale (a benchmark, not a test; `npm run bench` skips it).
 *
 * Generates an organization with 1,000,000 order lines (and a small second organization, so
 * per-organization filtering has something to filter out), runs the analytics refresh as the
 * nightly job would (every day rolled up, in as many runs as it takes), then reports:
 * - `salesMetrics` over the last year at MONTH and DAY granularity, right after the refresh and
 *   again once orders of today and two earlier days changed (their days stale, read raw, as
 *   during a working day): p50, p99 and mean over
 *   BENCH_RUNS runs (default 30) after warm-ups, through the real request path (Fastify inject →
 *   POST /graphql with a personal token: authentication, feature check, one transaction as
 *   simplycrm_app under row-level security and the tenant filter, serialization) and, for
 *   comparison, the service alone on a request-scoped EntityManager, and the raw aggregation the
 *   rollups replace (the reference, BENCH_RAW_RUNS runs, default 5) with its answer checked equal;
 * - the time to forecast 1,000 variants: `demandForecasts(first: 100)` paged 10 times through
 *   GraphQL on a cold forecast cache, the same pages again warm, and `forecastDemand` in 10
 *   batches of 100 on series the cache has not seen (history window ending a day earlier).
 *
 * Database: PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set: a fresh database
 * `simplycrm_bench_<random>` is created through the `postgres` maintenance database, migrated, and
 * dropped at the end. Otherwise embedded PGlite in memory. Data is written as the database owner
 * with set-based SQL (`insert … select … generate_series`), then VACUUM ANALYZE.
 *
 * Timings are wall-clock in this process (performance.now) around each request or service call;
 * percentiles are nearest-rank, so with 30 runs p99 is the slowest run. The "service" row times
 * what a request does without GraphQL: buildContext (token lookup), the transaction as
 * simplycrm_app, salesMetrics, commit. The first call of each series is checked (order count and
 * booked revenue against the owner's own SQL) and counts as the first warm-up.
 *
 * Environment: BENCH_ORDER_LINES (default 1,000,000), BENCH_RUNS (30), BENCH_RAW_RUNS (5), BENCH_WARMUP (2),
 * BENCH_PROPOSED_INDEXES=1 (adds the indexes on invoices.issued_at, payments.paid_at and
 * opportunities.closed_at that the rollups' raw reads of stale and edge days want, not yet in the schema),
 * BENCH_KEEP_DATABASE=1 keeps the PostgreSQL database (its URL is printed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { expect, test } from 'vitest';
import type { AppHandle } from '../../src/app.js';
import type { Granularity } from '../../src/modules/analytics/dto/metrics.dto.js';

/** The service's figures plus the lazily read top lists, as a GraphQL client selecting everything gets them. */
async function withTops(
  service: typeof import('../../src/modules/analytics/metrics.service.js'),
  m: Awaited<ReturnType<typeof import('../../src/modules/analytics/metrics.service.js')['salesMetrics']>>,
) {
  await Promise.all([service.topProducts(m), service.topAccounts(m)]);
  return m;
}

const ENABLED = process.env.BENCH_ANALYTICS === '1';

const env = process.env;
const DATABASE_URL = env.BENCH_DATABASE_URL || env.TEST_DATABASE_URL || undefined;
const ORDER_LINES = positive('BENCH_ORDER_LINES', 1_000_000);
const RUNS = positive('BENCH_RUNS', 30);
const RAW_RUNS = positive('BENCH_RAW_RUNS', 5);
const WARMUP = positive('BENCH_WARMUP', 2);
const VARIANTS = 1_000;
const PAGE = 100;
const HORIZON_DAYS = 28;

function positive(name: string, fallback: number): number {
  const raw = env[name]?.replaceAll('_', '');
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

test.runIf(ENABLED)('analytics benchmark: salesMetrics and demand forecasts at 1M order lines', { timeout: 6 * 3_600_000 }, async () => {
  await runBenchmark();
});
test.skipIf(ENABLED)('analytics benchmark (1M order lines): run it with `npm run bench:analytics`', () => undefined);

// ---------------------------------------------------------------------------------------------
// Owner connection used to generate data (a pg client, or PGlite itself).

type Owner = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

type Step = { label: string; rows: number; ms: number };
const SETUP = '(setup, staging)';
const VACUUM = '(vacuum analyze, checkpoint)';

const fmt = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;
const log = (message: string) => console.info(message);

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

type Summary = { runs: number; p50: number; p99: number; mean: number; min: number; max: number };
function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

// ---------------------------------------------------------------------------------------------
// Data generation: one organization at a time, as the owner, set-based.

type OrgSpec = {
  label: string;
  slug: string;
  variants: number;
  accounts: number;
  reps: number;
  orderLines: number;
  leads: number;
  opportunities: number;
};

type GeneratedOrg = { id: string; slug: string; token: string; ownerId: string };

/**
 * Timestamps are spread over the year before `now`: 70% uniformly, 30% weighted toward recent
 * days (growth), with 60% of weekend orders moved to the Thursday/Friday before (weekly
 * seasonality). Variants: 90% of lines go to the first 90% of variants with a power-law skew,
 * 10% uniformly to the last 10% (slow movers).
 */
async function generateOrganization(db: Owner, spec: OrgSpec, now: Date, steps: Step[]): Promise<GeneratedOrg> {
  const org = randomUUID();
  const ownerId = randomUUID();
  const repIds = Array.from({ length: spec.reps }, () => randomUUID());
  const users = [ownerId, ...repIds];
  const reps = `'{${repIds.join(',')}}'::uuid[]`;
  const nowSql = `'${now.toISOString()}'::timestamptz`;
  const start = `(${nowSql} - interval '365 days')`;
  const { generateToken } = await import('../../src/modules/core/token.js');
  const token = generateToken();
  const fast = Math.max(1, Math.floor(spec.variants * 0.9));
  const ordersPlanned = Math.ceil((spec.orderLines / 3.5) * 1.15) + 10;

  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const { result, ms } = await timed(() => db.query<{ n: number }>(sql, params));
    const rows = result.length === 1 && result[0] && 'n' in result[0] ? Number(result[0].n) : result.length;
    steps.push({ label: `${spec.label}: ${label}`, rows, ms });
    return rows;
  };
  const count = async (table: string, sql: string) => step(table, `with ins as (${sql} returning 1) select count(*)::int as n from ins`, []);
  /** Statements that are not a table's rows (tenant and people, staging tables), timed together. */
  const setup = async (sql: string, params: unknown[] = []) => {
    const { ms } = await timed(() => db.query(sql, params));
    steps.push({ label: `${spec.label}: ${SETUP}`, rows: 0, ms });
  };

  // Tenant, plan, people and the token the requests present.
  await setup(`insert into organizations (id, created_at, updated_at, name, slug) values ($1, ${start} - interval '1 year', ${nowSql}, $2, $3)`, [
    org,
    `Bench ${spec.label}`,
    spec.slug,
  ]);
  await setup(
    `insert into subscriptions (id, created_at, updated_at, organization_id, plan_id, status, current_period_start, current_period_end, seats)
     select gen_random_uuid(), now(), now(), $1, p.id, 'active', now() - interval '1 day', now() + interval '30 days', 25
     from subscription_plans p where p.code = 'enterprise'`,
    [org],
  );
  await setup(
    `insert into users (id, created_at, updated_at, username, email, password_hash, is_superuser, is_active)
     select u.id, now(), now(), $2 || '-' || u.ord, $2 || '-' || u.ord || '@bench.example', 'not-a-password-hash', false, true
     from unnest($1::uuid[]) with ordinality as u(id, ord)`,
    [`{${users.join(',')}}`, spec.slug],
  );
  await setup(
    `insert into memberships (id, created_at, updated_at, organization_id, user_id, role)
     select gen_random_uuid(), now(), now(), $1, u.id, case when u.ord = 1 then 'owner'::membership_role else 'member'::membership_role end
     from unnest($2::uuid[]) with ordinality as u(id, ord)`,
    [org, `{${users.join(',')}}`],
  );
  await setup(
    `insert into personal_tokens (id, created_at, updated_at, user_id, token_hash, prefix, expires_at)
     values (gen_random_uuid(), now(), now(), $1, $2, $3, now() + interval '7 days')`,
    [ownerId, token.hash, token.displayPrefix],
  );

  // Catalog: suppliers, products (4 variants each), warehouses, stock.
  await count(
    'suppliers',
    `insert into suppliers (id, created_at, updated_at, organization_id, name, lead_time_days, notes, active)
     select gen_random_uuid(), ${start}, ${start}, '${org}', 'Supplier ' || i, 3 + 2 * i, '', true from generate_series(0, 9) i`,
  );
  await count(
    'warehouses',
    `insert into warehouses (id, created_at, updated_at, organization_id, name, code, active)
     select gen_random_uuid(), ${start}, ${start}, '${org}', 'Warehouse ' || i, 'WH' || i, true from generate_series(1, 2) i`,
  );
  await setup(
    `create table bench_products as select i as idx, gen_random_uuid() as id from generate_series(0, ${Math.ceil(spec.variants / 4) - 1}) i`,
  );
  await count(
    'products',
    `insert into products (id, created_at, updated_at, organization_id, name, description, category, brand, status, default_supplier_id, tags)
     select p.id, ${start}, ${start}, '${org}', 'Bench product ' || p.idx, '', (array['Hardware', 'Software', 'Services', 'Supplies'])[1 + p.idx % 4],
       'Bench', 'active', (select s.id from suppliers s where s.organization_id = '${org}' order by s.lead_time_days offset p.idx % 10 limit 1), '{}'
     from bench_products p`,
  );
  await setup(`select setseed(${spec.label === 'main' ? 0.42 : 0.17})`);
  await setup(
    `create table bench_variants as
     select i as idx, gen_random_uuid() as id, i / 4 as product_idx, '${spec.slug.toUpperCase()}-' || lpad(i::text, 5, '0') as sku,
       (500 + round(49500 * random() ^ 2))::bigint as price
     from generate_series(0, ${spec.variants - 1}) i`,
  );
  await setup(`alter table bench_variants add primary key (idx)`);
  // The price-history trigger writes each variant's first list price and unit cost, dated a year back.
  await setup(`select set_config('app.price_effective_at', (${start} - interval '1 day')::text, false)`);
  await count(
    'product_variants',
    `insert into product_variants (id, created_at, updated_at, organization_id, product_id, sku, name, attributes, unit_of_measure,
       list_price_amount, list_price_currency, unit_cost_amount, unit_cost_currency, active, low_stock_threshold, reorder_point, reorder_quantity)
     select v.id, ${start}, ${start}, '${org}', p.id, v.sku, 'Bench product ' || v.product_idx || ' / ' || (v.idx % 4),
       jsonb_build_object('size', (array['S', 'M', 'L', 'XL'])[1 + v.idx % 4]), 'each',
       v.price, 'USD', round(v.price * (0.4 + 0.3 * random()))::bigint, 'USD', true, 5, 10 + v.idx % 40, 50 + 10 * (v.idx % 10)
     from bench_variants v join bench_products p on p.idx = v.product_idx`,
  );
  await setup(`select set_config('app.price_effective_at', '', false)`);
  await count(
    'stock_levels',
    `insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
     select gen_random_uuid(), ${nowSql}, ${nowSql}, '${org}', v.id, w.id, floor(random() * 400)::int, 0
     from bench_variants v cross join (select id from warehouses where organization_id = '${org}' and code = 'WH1') w`,
  );
  await count(
    'stock_movements',
    `insert into stock_movements (id, created_at, updated_at, organization_id, variant_id, warehouse_id, type, on_hand_delta, reserved_delta, reason)
     select gen_random_uuid(), ${nowSql}, ${nowSql}, '${org}', s.variant_id, s.warehouse_id, 'receipt', s.on_hand, 0, 'bench stock'
     from stock_levels s where s.organization_id = '${org}' and s.on_hand > 0`,
  );

  // Accounts, owned by the reps.
  await setup(
    `create table bench_accounts as select i as idx, gen_random_uuid() as id, (${reps})[1 + i % ${spec.reps}] as owner_id
     from generate_series(0, ${spec.accounts - 1}) i`,
  );
  await setup(`alter table bench_accounts add primary key (idx)`);
  await count(
    'accounts',
    `insert into accounts (id, created_at, updated_at, organization_id, name, domain, industry, size, owner_id, tags)
     select a.id, ${start} - interval '1 year', ${start}, '${org}', 'Account ' || a.idx, 'account' || a.idx || '.example',
       (array['Retail', 'Manufacturing', 'Finance', 'Health', 'Education'])[1 + a.idx % 5],
       (array['micro', 'small', 'medium', 'large', 'enterprise'])[1 + a.idx % 5]::account_size, a.owner_id, '{}'
     from bench_accounts a`,
  );

  // Orders: 1–6 lines each (3.5 on average), cut so the lines add up to exactly spec.orderLines.
  await setup(
    `create table bench_orders as
     select k, gen_random_uuid() as id, least(n, ${spec.orderLines} - first_line)::int as n,
       floor(${spec.accounts} * random() ^ 1.5)::int as account_idx,
       case when extract(isodow from t) >= 6 and random() < 0.6 then greatest(t - interval '2 days', ${start}) else t end as ordered_at,
       (case when r < 0.05 then 'draft' when r < 0.10 then 'cancelled' when r < 0.15 then 'partially_fulfilled'
             when r < 0.40 then 'confirmed' else 'fulfilled' end)::order_status as status,
       case when random() < 0.02 then 'EUR' else 'USD' end as currency
     from (
       select k, n, first_line, random() as r,
         ${start} + (case when random() < 0.3 then sqrt(random()) else random() end) * interval '365 days' as t
       from (select k, n, sum(n) over (order by k) - n as first_line
             from (select k, 1 + floor(random() * 6)::int as n from generate_series(1, ${ordersPlanned}) k) s) c
       where first_line < ${spec.orderLines}
     ) x`,
  );
  await setup(`alter table bench_orders add primary key (k)`);
  // Lines (staged so each order's totals are written once): 10% discounted, 10% tax.
  await setup(
    `create table bench_lines as
     select l.order_id, l.ordered_at, l.status, l.currency, l.pos, v.id as variant_id, v.sku, 'Bench product ' || v.product_idx || ' / ' || (v.idx % 4) as description,
       l.quantity, v.price, l.discount_bps, l.quantity * v.price as subtotal, l.quantity * v.price * l.discount_bps / 10000 as discount
     from (
       select o.id as order_id, o.ordered_at, o.status, o.currency, g.pos,
         (case when random() < 0.1 then ${fast} + floor(random() * ${spec.variants - fast}) else floor(${fast} * random() ^ 2) end)::int as variant_idx,
         1 + floor(random() ^ 2 * 8)::int as quantity,
         case when random() < 0.1 then 500 * (1 + floor(random() * 3)::int) else 0 end as discount_bps
       from bench_orders o cross join lateral generate_series(0, o.n - 1) g(pos)
     ) l join bench_variants v on v.idx = least(l.variant_idx, ${spec.variants - 1})`,
  );
  await count(
    'orders',
    `insert into orders (id, created_at, updated_at, organization_id, number, account_id, warehouse_id, currency, status, discount_amount, tax_rate_bps,
       subtotal_amount, discount_total_amount, tax_total_amount, total_amount, notes, ordered_at, confirmed_at, fulfilled_at, cancelled_at, created_by_id)
     select o.id, o.ordered_at, o.ordered_at, '${org}', 'SO-' || lpad(o.k::text, 7, '0'), a.id, w.id, o.currency, o.status, 0, 1000,
       t.subtotal, t.discount, t.tax, t.subtotal - t.discount + t.tax, '', o.ordered_at,
       case when o.status not in ('draft', 'cancelled') then o.ordered_at + interval '1 hour' end,
       case when o.status = 'fulfilled' then least(o.ordered_at + interval '2 days', ${nowSql}) end,
       case when o.status = 'cancelled' then least(o.ordered_at + interval '1 day', ${nowSql}) end,
       '${ownerId}'
     from bench_orders o
     join (select order_id, sum(subtotal) as subtotal, sum(discount) as discount, sum((subtotal - discount) / 10) as tax from bench_lines group by order_id) t
       on t.order_id = o.id
     join bench_accounts a on a.idx = o.account_idx
     cross join (select id from warehouses where organization_id = '${org}' and code = 'WH1') w
     order by o.ordered_at`,
  );
  await count(
    'order_lines',
    `insert into order_lines (id, created_at, updated_at, organization_id, order_id, position, variant_id, sku, description, quantity, currency,
       unit_price_amount, list_price_amount, discount_bps, tax_rate_bps, tax_rate_from_order, subtotal_amount, order_discount_amount, discount_amount,
       tax_amount, total_amount, quantity_shipped, quantity_invoiced)
     select gen_random_uuid(), l.ordered_at, l.ordered_at, '${org}', l.order_id, l.pos, l.variant_id, l.sku, l.description, l.quantity, l.currency,
       l.price, l.price, l.discount_bps, 1000, true, l.subtotal, 0, l.discount, (l.subtotal - l.discount) / 10, l.subtotal - l.discount + (l.subtotal - l.discount) / 10,
       case l.status when 'fulfilled' then l.quantity when 'partially_fulfilled' then l.quantity / 2 else 0 end, 0
     from bench_lines l order by l.ordered_at, l.order_id, l.pos`,
  );

  // Invoices for 75% of confirmed/fulfilled orders older than two days, issued 1–4 days after the
  // order (inserted in their final state: the issued-invoice guard only checks updates), and
  // payments of the paid ones within 40 days, those due after now still unpaid. Rows are written in
  // time order, as a year of use leaves them (a day's rows on neighbouring pages).
  await setup(
    `create table bench_invoices as
     select gen_random_uuid() as id, o.id as order_id, o.number, o.account_id, o.currency, o.subtotal_amount, o.discount_total_amount, o.tax_total_amount,
       o.total_amount, i.issued_at, (i.issued_at + interval '30 days')::date as due_date,
       case when i.r < 0.03 then 'void' when i.r < 0.63 and i.paid_at < ${nowSql} then 'paid' when i.r < 0.73 and i.paid_at < ${nowSql} then 'partially_paid'
            when i.issued_at + interval '30 days' < ${nowSql} then 'overdue' else 'issued' end::invoice_status as status,
       i.paid_at
     from orders o
     cross join lateral (select random() as r, o.ordered_at + (1 + random() * 3) * interval '1 day' as issued_at) d
     cross join lateral (select d.r, d.issued_at, d.issued_at + random() * interval '40 days' as paid_at) i
     where o.organization_id = '${org}' and o.status in ('confirmed', 'partially_fulfilled', 'fulfilled')
       and o.ordered_at < ${nowSql} - interval '2 days' and d.issued_at < ${nowSql} and random() < 0.75`,
  );
  await count(
    'invoices',
    `insert into invoices (id, created_at, updated_at, organization_id, number, order_id, account_id, currency, status, issued_at, due_date,
       subtotal_amount, discount_total_amount, tax_total_amount, total_amount, amount_paid, paid_at, voided_at, void_reason, notes, created_by_id)
     select i.id, i.issued_at, i.issued_at, '${org}', replace(i.number, 'SO-', 'INV-'), i.order_id, i.account_id, i.currency, i.status, i.issued_at, i.due_date,
       i.subtotal_amount, i.discount_total_amount, i.tax_total_amount, i.total_amount,
       case i.status when 'paid' then i.total_amount when 'partially_paid' then i.total_amount / 2 else 0 end,
       case when i.status = 'paid' then i.paid_at end,
       case when i.status = 'void' then i.issued_at + interval '1 hour' end,
       case when i.status = 'void' then 'bench' end, '', '${ownerId}'
     from bench_invoices i order by i.issued_at`,
  );
  await count(
    'payments',
    `insert into payments (id, created_at, updated_at, organization_id, invoice_id, amount, currency, method, paid_at, reference, recorded_by_id)
     select gen_random_uuid(), i.paid_at, i.paid_at, '${org}', i.id, case i.status when 'paid' then i.total_amount else i.total_amount / 2 end,
       i.currency, (array['cash', 'card', 'bank_transfer', 'check', 'other'])[1 + floor(random() * 5)::int]::payment_method, i.paid_at, null, '${ownerId}'
     from bench_invoices i where i.status in ('paid', 'partially_paid') order by i.paid_at`,
  );

  // Leads created over the year, 15% converted.
  await count(
    'leads',
    `insert into leads (id, created_at, updated_at, organization_id, first_name, last_name, company, email, source, status, score, owner_id, notes, converted_at)
     select gen_random_uuid(), t, t, '${org}', 'Lead', i::text, 'Company ' || i, 'lead' || i || '@bench.example',
       (array['web', 'referral', 'event', 'outbound'])[1 + i % 4],
       (case when r < 0.15 then 'converted' when r < 0.35 then 'qualified' when r < 0.55 then 'contacted' when r < 0.70 then 'disqualified' else 'new' end)::lead_status,
       floor(random() * 101)::int, (${reps})[1 + i % ${spec.reps}], '',
       case when r < 0.15 then least(t + random() * interval '20 days', ${nowSql}) end
     from (select i, random() as r, ${start} + random() * interval '365 days' as t from generate_series(1, ${spec.leads}) i) x`,
  );
  // Opportunities in the default pipeline: 35% won, 25% lost, the rest open at stages 0–3.
  await count(
    'opportunities',
    `insert into opportunities (id, created_at, updated_at, organization_id, name, account_id, amount_amount, amount_currency, pipeline_id, stage_id,
       status, probability, expected_close_date, closed_at, owner_id)
     select gen_random_uuid(), x.created, x.created, '${org}', 'Deal ' || x.i, a.id, x.amount, 'USD', st.pipeline_id, st.id,
       x.status::opportunity_status, st.probability, case when x.status = 'open' then (${nowSql} + random() * interval '90 days')::date end,
       case when x.status <> 'open' then least(x.created + (5 + random() * 85) * interval '1 day', ${nowSql} - interval '1 hour') end, a.owner_id
     from (select i, created, amount, status, case status when 'won' then 4 when 'lost' then 5 else floor(random() * 4)::int end as pos,
             floor(random() * ${spec.accounts})::int as account_idx
           from (select i, ${start} - interval '60 days' + random() * interval '425 days' as created, (100000 + floor(random() * 9900000))::bigint as amount,
                   case when r < 0.35 then 'won' when r < 0.60 then 'lost' else 'open' end as status
                 from (select i, random() as r from generate_series(1, ${spec.opportunities}) i) r) y) x
     join bench_accounts a on a.idx = x.account_idx
     join pipelines p on p.organization_id = '${org}' and p.is_default
     join pipeline_stages st on st.pipeline_id = p.id and st.position = x.pos`,
  );

  for (const table of ['bench_invoices', 'bench_lines', 'bench_orders', 'bench_accounts', 'bench_variants', 'bench_products']) {
    await setup(`drop table ${table}`);
  }
  return { id: org, slug: spec.slug, token: token.token, ownerId };
}

// ---------------------------------------------------------------------------------------------

const METRICS_QUERY = `query Dashboard($range: DateRangeInput!, $granularity: Granularity!) {
  salesMetrics(range: $range, granularity: $granularity) {
    from to granularity currency
    bookedRevenue { amount currency } invoicedRevenue { amount } collectedRevenue { amount } orderCount averageOrderValue { amount }
    newLeads leadConversionRate winRate openPipeline { amount } weightedPipeline { amount } averageSalesCycleDays
    topProducts { variantId sku description units revenue { amount } }
    topAccounts { accountId name orders revenue { amount } }
    series {
      periodStart bookedRevenue { amount } invoicedRevenue { amount } collectedRevenue { amount } orderCount averageOrderValue { amount }
      newLeads convertedLeads leadConversionRate wonDeals lostDeals winRate pipelineCreated { amount } averageSalesCycleDays
    }
  }
}`;

const FORECASTS_QUERY = `query Forecasts($first: Int!, $after: String, $horizonDays: Int!) {
  demandForecasts(first: $first, after: $after, horizonDays: $horizonDays, granularity: DAY) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { variantId method mase baselineMase intermittent totalExpected points { periodStart expected lower upper }
      reorder { reorderNow quantity available leadTimeDays daysOfCover } } }
  }
}`;

type GqlResponse = { status: number; body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }; bytes: number };

async function runBenchmark(): Promise<void> {
  const [{ default: pg }, { loadConfig }, { createApp }, { withAdmin }, metrics, demand, { buildContext }] = await Promise.all([
    import('pg'),
    import('../../src/config.js'),
    import('../../src/app.js'),
    import('../helpers/global-setup.js'),
    import('../../src/modules/analytics/metrics.service.js'),
    import('../../src/modules/analytics/demand.service.js'),
    import('../../src/context.js'),
  ]);
  const [{ analyticsRefreshSchedule }, rawMetrics, { periodsOf }] = await Promise.all([
    import('../../src/modules/analytics/refresh.schedule.js'),
    import('../../src/modules/analytics/metrics.raw.js'),
    import('../../src/modules/analytics/periods.js'),
  ]);
  const { Granularity: G } = await import('../../src/modules/analytics/dto/metrics.dto.js');
  const pino = (await import('pino')).default;

  const usesPostgres = Boolean(DATABASE_URL);
  const now = new Date();
  const cleanup: (() => Promise<unknown>)[] = [];
  const capture: { enabled: boolean; statements: string[] } = { enabled: false, statements: [] };
  const queryLogger = (message: string) => {
    if (capture.enabled) capture.statements.push(message);
  };

  try {
    // --- Database ------------------------------------------------------------------------------
    let owner: Owner;
    let databaseUrl: string | undefined;
    let pglite: PGlite | undefined;
    if (DATABASE_URL) {
      const url = new URL(DATABASE_URL);
      const name = `simplycrm_bench_${randomBytes(4).toString('hex')}`;
      await withAdmin(DATABASE_URL, (client) => client.query(`create database "${name}"`));
      if (env.BENCH_KEEP_DATABASE !== '1')
        cleanup.push(() => withAdmin(DATABASE_URL, (client) => client.query(`drop database if exists "${name}" with (force)`)));
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      owner = { query: async (sql, params) => (await client.query(sql, params as unknown[])).rows, close: () => client.end() };
    } else {
      const { PGlite: PGliteClass } = await import('@electric-sql/pglite');
      pglite = await PGliteClass.create();
      const db = pglite;
      owner = { query: async (sql, params) => (await db.query(sql, params as unknown[])).rows as never[], close: async () => undefined };
      cleanup.push(() => db.close());
    }
    cleanup.unshift(() => owner.close());

    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SECURE_SSL_REDIRECT: 'false',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      // Room for the slowest statements on PGlite; production keeps the 30 s default.
      DB_STATEMENT_TIMEOUT_MS: '600000',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '600000',
    });
    const migration = await timed(() =>
      createApp(config, { orm: { ...(pglite ? { pglite } : {}), queryLogger }, runMigrations: true, log: pino({ level: 'warn' }) }),
    );
    const services: AppHandle = migration.result;
    cleanup.unshift(() => services.close());
    const [version] = await owner.query<{ version: string }>('select version()');
    const settings = await owner.query<{ name: string; setting: string }>(
      `select name, current_setting(name) as setting from pg_settings
       where name in ('shared_buffers', 'work_mem', 'max_parallel_workers_per_gather', 'jit') order by name`,
    );
    const engine =
      `${usesPostgres ? (version.version.match(/^PostgreSQL [\d.]+/)?.[0] ?? version.version) : `PGlite (${version.version.match(/^PostgreSQL [\d.]+/)?.[0]})`}` +
      ` (${settings.map((s) => `${s.name}=${s.setting}`).join(', ')})`;
    log(
      `\n[analytics bench] ${engine}, Node ${process.version}; migrated in ${seconds(migration.ms)}${databaseUrl ? ` (${new URL(databaseUrl).pathname.slice(1)})` : ''}`,
    );
    if (ORDER_LINES !== 1_000_000) log(`[analytics bench] SCALED: BENCH_ORDER_LINES=${fmt(ORDER_LINES)} (the benchmark's nominal size is 1,000,000)`);

    // --- Data ----------------------------------------------------------------------------------
    const scale = ORDER_LINES / 1_000_000;
    const steps: Step[] = [];
    log(`[analytics bench] generating ${fmt(ORDER_LINES)} order lines…`);
    const generation = await timed(async () => {
      const main = await generateOrganization(
        owner,
        {
          label: 'main',
          slug: `bench-${randomBytes(3).toString('hex')}`,
          variants: VARIANTS,
          accounts: 400,
          reps: 10,
          orderLines: ORDER_LINES,
          leads: Math.max(200, Math.round(20_000 * scale)),
          opportunities: Math.max(100, Math.round(6_000 * scale)),
        },
        now,
        steps,
      );
      const other = await generateOrganization(
        owner,
        {
          label: 'other',
          slug: `bench-other-${randomBytes(3).toString('hex')}`,
          variants: 50,
          accounts: 20,
          reps: 2,
          orderLines: 5_000,
          leads: 100,
          opportunities: 50,
        },
        now,
        steps,
      );
      // Statistics and visibility map as autovacuum would leave them; a checkpoint now rather than mid-measurement.
      const analyze = await timed(async () => {
        await owner.query('vacuum analyze');
        await owner.query('checkpoint');
      });
      steps.push({ label: VACUUM, rows: 0, ms: analyze.ms });
      return { main, other };
    });
    const { main, other } = generation.result;
    const totals = new Map<string, { main: number; other: number; ms: number }>();
    for (const s of steps) {
      const [org, table] = s.label.includes(': ') ? s.label.split(': ') : ['', s.label];
      const entry = totals.get(table) ?? { main: 0, other: 0, ms: 0 };
      if (org === 'main') entry.main += s.rows;
      if (org === 'other') entry.other += s.rows;
      entry.ms += s.ms;
      totals.set(table, entry);
    }
    const totalRows = steps.reduce((sum, s) => sum + s.rows, 0);
    const generationLines = [
      `Data generated in ${seconds(generation.ms)} (${fmt(totalRows)} rows, set-based SQL as the owner, then VACUUM ANALYZE):`,
      `  ${'table'.padEnd(30)}${'bench org'.padStart(12)}${'other org'.padStart(12)}${'time'.padStart(10)}`,
      ...[...totals].map(
        ([table, t]) =>
          `  ${table.padEnd(30)}${(table.startsWith('(') ? '' : fmt(t.main)).padStart(12)}${(table.startsWith('(') ? '' : fmt(t.other)).padStart(12)}${seconds(t.ms).padStart(10)}`,
      ),
    ];
    log(generationLines.join('\n'));

    // --- App -----------------------------------------------------------------------------------
    let server: FastifyInstance | undefined;
    let schemaError: string | undefined;
    try {
      const [{ buildAppSchema }, { buildServer }] = await Promise.all([import('../../src/schema.js'), import('../../src/server.js')]);
      const schema: GraphQLSchema = await buildAppSchema();
      server = await buildServer({ services, schema });
      await server.ready();
      const app = server;
      cleanup.unshift(() => app.close());
    } catch (error) {
      schemaError = error instanceof Error ? error.message : String(error);
      log(`[analytics bench] GraphQL schema unavailable (${schemaError}): measuring the services only`);
    }
    const gql = async (token: string, query: string, variables: Record<string, unknown>): Promise<GqlResponse> => {
      if (!server) throw new Error('no server');
      const response = await server.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        payload: { query, variables },
      });
      return { status: response.statusCode, body: response.json(), bytes: response.rawPayload.length };
    };
    /** The request's EntityManager as the server builds it, inside its transaction (as tests' asRequest). */
    const asRequest = async <T>(token: string, work: (em: Parameters<typeof metrics.salesMetrics>[0], organizationId: string) => Promise<T>) => {
      const ctx = await buildContext(services, { requestId: 'bench', ip: '127.0.0.1', log: services.log, authorization: `Bearer ${token}` });
      if (!ctx.organization) throw new Error('bench token has no organization');
      await ctx.em.begin();
      try {
        const result = await work(ctx.em, ctx.organization.id);
        await ctx.em.commit();
        return result;
      } catch (error) {
        await ctx.em.rollback();
        throw error;
      }
    };

    // --- Rollups -------------------------------------------------------------------------------
    // Indexes asked of the orders and customers modules: without them the raw reads of stale and
    // edge days scan an organization's invoices, payments and closed deals.
    const proposedIndexes = env.BENCH_PROPOSED_INDEXES === '1';
    if (proposedIndexes) {
      await owner.query('create index if not exists invoices_organization_id_issued_at_index on invoices (organization_id, issued_at)');
      await owner.query('create index if not exists payments_organization_id_paid_at_index on payments (organization_id, paid_at)');
      await owner.query('create index if not exists opportunities_organization_id_closed_at_index on opportunities (organization_id, closed_at)');
      await owner.query('analyze invoices, payments, opportunities');
    }
    // The nightly refresh as its job runs it (as the organization, under row-level security, one
    // transaction per run), until nothing is stale; then a working day's writes make days stale again.
    const day = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset));
    const staleDays = async (organizationId: string) =>
      (
        await owner.query<{ day: string }>('select day::text as day from analytics_stale_days where organization_id = $1 order by day', [
          organizationId,
        ])
      ).map((r) => r.day);
    const rollupLines: string[] = [];
    for (const org of [main, other]) {
      const before = (await staleDays(org.id)).length;
      let runs = 0;
      const refresh = await timed(async () => {
        while ((await staleDays(org.id)).length > 0) {
          runs++;
          await asRequest(org.token, (em, organizationId) =>
            analyticsRefreshSchedule.run({ em, organizationId, now: new Date(), log: services.log, config }),
          );
        }
      });
      rollupLines.push(
        `  ${org === main ? 'bench' : 'other'} org: ${fmt(before)} stale days rolled up by the refresh in ${runs} run(s), ${seconds(refresh.ms)}`,
      );
    }
    await owner.query('vacuum analyze');
    rollupLines.push(
      proposedIndexes
        ? '  with the proposed indexes on invoices (issued_at), payments (paid_at), opportunities (closed_at) (BENCH_PROPOSED_INDEXES=1)'
        : '  without indexes on invoices (issued_at), payments (paid_at), opportunities (closed_at): BENCH_PROPOSED_INDEXES=1 adds them',
    );
    log(`[analytics bench] rollups:\n${rollupLines.join('\n')}`);

    // --- salesMetrics --------------------------------------------------------------------------
    const formatLoad = () =>
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ');
    const startLoad = formatLoad();
    const range = { from: day(-365), to: day(1) };
    const booked = async (organizationId: string) =>
      (
        await owner.query<{ n: number; total: string }>(
          `select count(*)::int as n, sum(total_amount)::text as total from orders
           where organization_id = $1 and currency = 'USD' and status not in ('draft', 'cancelled') and ordered_at >= $2 and ordered_at < $3`,
          [organizationId, range.from, range.to],
        )
      )[0];
    const expected = await booked(main.id);
    // Each organization sees exactly its own orders (row-level security, tenant filter, organization_id).
    const otherMetrics = await asRequest(other.token, (em, organizationId) =>
      metrics.salesMetrics(em, organizationId, { range, granularity: G.MONTH, ownerId: null, currency: null }),
    );
    expect(otherMetrics.orderCount).toBe((await booked(other.id)).n);
    const rows: { scenario: string; path: string; granularity: string; periods: number; bytes: number | null; summary: Summary }[] = [];
    const breakdown: Record<string, string[]> = {};
    /** salesMetrics a year by month and by day in one state of the rollups; the raw reference and the statements with `raw`. */
    const measure = async (scenario: string, raw: boolean) => {
      for (const granularity of [G.MONTH, G.DAY] as Granularity[]) {
        const label = granularity.toUpperCase();
        if (server) {
          const run = () =>
            gql(main.token, METRICS_QUERY, { range: { from: range.from.toISOString(), to: range.to.toISOString() }, granularity: label });
          const first = await run();
          if (first.status !== 200 || first.body.errors) throw new Error(`salesMetrics failed: ${JSON.stringify(first.body.errors ?? first.status)}`);
          const m = first.body.data.salesMetrics;
          // Only the bench organization counted, and everything of it: tenancy and sums checked once.
          expect(m.orderCount).toBe(expected.n);
          expect(String(m.bookedRevenue.amount)).toBe(expected.total);
          for (let i = 1; i < WARMUP; i++) await run();
          const samples: number[] = [];
          for (let i = 0; i < RUNS; i++) {
            const { result, ms } = await timed(run);
            if (result.body.errors) throw new Error(JSON.stringify(result.body.errors));
            samples.push(ms);
          }
          rows.push({
            scenario,
            path: 'GraphQL POST /graphql',
            granularity: label,
            periods: m.series.length,
            bytes: first.bytes,
            summary: summarize(samples),
          });
          log(`[analytics bench] salesMetrics ${label} (${scenario}) via GraphQL: p50 ${ms(summarize(samples).p50)} ms`);
        }
        const service = () =>
          asRequest(main.token, async (em, organizationId) =>
            withTops(metrics, await metrics.salesMetrics(em, organizationId, { range, granularity, ownerId: null, currency: null })),
          );
        const check = await service();
        expect(check.orderCount).toBe(expected.n);
        for (let i = 1; i < WARMUP; i++) await service();
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) samples.push((await timed(service)).ms);
        rows.push({
          scenario,
          path: 'service (request EM)',
          granularity: label,
          periods: check.series.length,
          bytes: null,
          summary: summarize(samples),
        });
        log(`[analytics bench] salesMetrics ${label} (${scenario}) via the service: p50 ${ms(summarize(samples).p50)} ms`);
        if (!raw) continue;
        // The raw aggregation the rollups replace (the reference): the same answer, checked, and its time.
        const reference = () =>
          asRequest(main.token, async (em, organizationId) => {
            const q = { em, organizationId, currency: check.currency, from: range.from, to: range.to, unit: granularity, owner: null };
            const [sums, pipeline] = await Promise.all([rawMetrics.rawSeries(q), rawMetrics.pipelineNow(q)]);
            const [products, accounts] = await Promise.all([rawMetrics.rawTop(q, 'products'), rawMetrics.rawTop(q, 'accounts')]);
            return { m: metrics.assemble(q, periodsOf(range.from, range.to, granularity), sums, pipeline), products, accounts };
          });
        const answer = await reference();
        const comparable = (m: typeof check) => JSON.parse(JSON.stringify({ ...m, scope: undefined }));
        expect(comparable(check)).toEqual(comparable(answer.m));
        const [served] = await asRequest(main.token, async (em, organizationId) => {
          const m = await metrics.salesMetrics(em, organizationId, { range, granularity, ownerId: null, currency: null });
          return [await Promise.all([metrics.topProducts(m), metrics.topAccounts(m)])];
        });
        expect(served[0].map((p) => [p.variantId, p.sku, p.description, p.units, p.revenue.amount])).toEqual(
          answer.products.map((r) => [r.variant_id, r.sku, r.description, Number(r.units), Number(r.revenue)]),
        );
        expect(served[1].map((a) => [a.accountId, a.name, a.orders, a.revenue.amount])).toEqual(
          answer.accounts.map((r) => [r.account_id, r.name, Number(r.n), Number(r.revenue)]),
        );
        const rawSamples: number[] = [];
        for (let i = 0; i < RAW_RUNS; i++) rawSamples.push((await timed(reference)).ms);
        rows.push({
          scenario,
          path: 'raw aggregation (before)',
          granularity: label,
          periods: answer.m.series.length,
          bytes: null,
          summary: summarize(rawSamples),
        });
        log(`[analytics bench] salesMetrics ${label} as the raw aggregation (answer equal): p50 ${ms(summarize(rawSamples).p50)} ms`);
        // One more run with statement timings (MikroORM's query log), to show where the time goes:
        // the stale days first, then the series and the open pipeline together (they queue on the
        // transaction's connection, so the second's "took" includes the first), then the top lists.
        capture.statements = [];
        await asRequest(main.token, async (em, organizationId) => {
          capture.enabled = true;
          try {
            return await withTops(metrics, await metrics.salesMetrics(em, organizationId, { range, granularity, ownerId: null, currency: null }));
          } finally {
            capture.enabled = false;
          }
        });
        const finished = capture.statements
          .map((s) => ({ took: Number(/took (\d+(?:\.\d+)?) ms/.exec(s)?.[1] ?? Number.NaN), sql: s.replace(/\s+/g, ' ') }))
          .filter((s) => !Number.isNaN(s.took))
          .sort((a, b) => a.took - b.took);
        breakdown[label] = finished.map(
          (s, i) =>
            `done at ${String(s.took).padStart(5)} ms (+${String(s.took - (i > 0 ? finished[i - 1].took : 0)).padStart(4)})  ${describeStatement(s.sql)}`,
        );
      }
    };
    await measure('right after the refresh', false);
    // Orders of today, yesterday and ten days ago fulfilled since the refresh (booked totals unchanged).
    for (const offset of [0, -1, -10])
      await owner.query(
        `update orders set status = 'fulfilled', fulfilled_at = now() where id in (
           select id from orders where organization_id = $1 and status = 'confirmed' and ordered_at >= $2 and ordered_at < $3 limit 3)`,
        [main.id, day(offset), day(offset + 1)],
      );
    const stale = await staleDays(main.id);
    const staleScenario = `${stale.length} days stale`;
    rollupLines.push(`  then orders changed on ${stale.join(', ')}: ${stale.length} days stale, read raw by salesMetrics until the next refresh`);
    log(`[analytics bench] ${rollupLines[rollupLines.length - 1].trim()}`);
    await measure(staleScenario, true);

    // --- Demand forecasts ----------------------------------------------------------------------
    const variantIds = (
      await owner.query<{ id: string }>(`select id from product_variants where organization_id = $1 and deleted_at is null order by sku`, [main.id])
    ).map((r) => r.id);
    const forecastLines: string[] = [];
    const methods = new Map<string, number>();
    if (server) {
      const pass = async () => {
        const pages: number[] = [];
        let after: string | null = null;
        let forecasts = 0;
        const passMethods = new Map<string, number>();
        for (;;) {
          const { result, ms } = await timed(() => gql(main.token, FORECASTS_QUERY, { first: PAGE, after, horizonDays: HORIZON_DAYS }));
          if (result.status !== 200 || result.body.errors)
            throw new Error(`demandForecasts failed: ${JSON.stringify(result.body.errors ?? result.status)}`);
          const page = result.body.data.demandForecasts;
          pages.push(ms);
          forecasts += page.edges.length;
          for (const e of page.edges) passMethods.set(e.node.method, (passMethods.get(e.node.method) ?? 0) + 1);
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        return { pages, forecasts, methods: passMethods };
      };
      const cold = await pass();
      expect(cold.forecasts).toBe(VARIANTS);
      for (const [method, n] of cold.methods) methods.set(method, n);
      const warm = await pass();
      const total = (p: number[]) => p.reduce((s, x) => s + x, 0);
      forecastLines.push(
        `  GraphQL demandForecasts(first: ${PAGE}, horizonDays: ${HORIZON_DAYS}, granularity: DAY), ${cold.pages.length} pages, cold cache: ${seconds(total(cold.pages))} total` +
          `\n    per page (ms): ${cold.pages.map(ms).join(', ')}`,
        `  the same ${warm.pages.length} pages again, warm (forecasts from the in-process cache): ${seconds(total(warm.pages))} total` +
          `\n    per page (ms): ${warm.pages.map(ms).join(', ')}`,
      );
    }
    // Service: series the cache has not seen (the history window ends a day earlier).
    const shifted = new Date(now.getTime() - 86_400_000);
    const options = { horizonDays: HORIZON_DAYS, granularity: G.DAY as typeof G.DAY, now: shifted };
    const batches: number[] = [];
    const sqlOnly: number[] = [];
    const serviceMethods = new Map<string, number>();
    const pages = Array.from({ length: Math.ceil(variantIds.length / PAGE) }, (_, i) =>
      variantIds.slice(i * PAGE, (i + 1) * PAGE).map((id) => ({ kind: 'variant' as const, id })),
    );
    for (const subjects of pages) {
      const { result, ms } = await timed(() =>
        asRequest(main.token, (em, organizationId) => demand.forecastDemand(em, organizationId, subjects, options)),
      );
      batches.push(ms);
      for (const f of result) serviceMethods.set(f.method, (serviceMethods.get(f.method) ?? 0) + 1);
    }
    // The history query alone, same batches (afterwards, so it warms nothing for the timing above).
    for (const subjects of pages) {
      sqlOnly.push((await timed(() => asRequest(main.token, (em, organizationId) => demand.demandSeries(em, organizationId, subjects, options)))).ms);
    }
    if (methods.size === 0) for (const [method, n] of serviceMethods) methods.set(method, n);
    const total = (p: number[]) => p.reduce((s, x) => s + x, 0);
    forecastLines.push(
      `  service forecastDemand, ${batches.length} batches of ${PAGE}, cold (new series): ${seconds(total(batches))} total` +
        `\n    per batch (ms): ${batches.map(ms).join(', ')}` +
        `\n    of which the history query (demandSeries alone, same batches): ${seconds(total(sqlOnly))} total, per batch ${ms(total(sqlOnly) / sqlOnly.length)} ms on average`,
      `  methods chosen: ${[...methods].map(([m, n]) => `${m} ${n}`).join(', ')}`,
    );

    // --- Report --------------------------------------------------------------------------------
    const report = [
      '',
      '================ SimplyCRM analytics benchmark ================',
      `Engine: ${engine}; Node ${process.version}; ${ORDER_LINES === 1_000_000 ? '1,000,000 order lines' : `SCALED to ${fmt(ORDER_LINES)} order lines (BENCH_ORDER_LINES)`}`,
      `Machine: ${availableParallelism()} CPUs; load average at the start of the measurements ${startLoad}, at the end ${formatLoad()} (other work on the machine skews the figures)`,
      ...generationLines,
      'Rollups:',
      ...rollupLines,
      '',
      `salesMetrics over the last year [${range.from.toISOString().slice(0, 10)}, ${range.to.toISOString().slice(0, 10)}), USD, all owners` +
        ` (${fmt(expected.n)} booked orders): ${RUNS} runs after ${WARMUP} warm-up(s), milliseconds, nearest-rank percentiles`,
      `  ${'rollups'.padEnd(25)}${'path'.padEnd(26)}${'granularity'.padEnd(13)}${'periods'.padStart(8)}${'p50'.padStart(9)}${'p99'.padStart(9)}${'mean'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}${'response'.padStart(11)}`,
      ...rows.map(
        (r) =>
          `  ${r.scenario.padEnd(25)}${r.path.padEnd(26)}${r.granularity.padEnd(13)}${String(r.periods).padStart(8)}${ms(r.summary.p50).padStart(9)}${ms(r.summary.p99).padStart(9)}${ms(r.summary.mean).padStart(9)}${ms(r.summary.min).padStart(9)}${ms(r.summary.max).padStart(9)}${(r.bytes ? `${(r.bytes / 1024).toFixed(1)} KB` : '').padStart(11)}`,
      ),
      ...(schemaError ? [`  (GraphQL path not measured: the schema did not build: ${schemaError})`] : []),
      `  statements of one service run, ${staleScenario} (MikroORM query log):`,
      ...Object.entries(breakdown).flatMap(([g, lines]) => [`    ${g}:`, ...lines.map((l) => `    ${l}`)]),
      '',
      `Demand forecasts of ${fmt(variantIds.length)} variants (daily history of 364 days, horizon ${HORIZON_DAYS} days, reorder suggestions):`,
      ...forecastLines,
      '===============================================================',
    ];
    log(report.join('\n'));
    if (env.BENCH_KEEP_DATABASE === '1' && databaseUrl) log(`[analytics bench] database kept: ${databaseUrl}`);
  } finally {
    for (const step of cleanup) await step().catch((error) => console.error('[analytics bench] cleanup failed', error));
  }
}

/** The start of a logged statement, on one line. */
function describeStatement(sql: string): string {
  const body = sql
    .replace(/^\[query\]\s*/, '')
    .replace(/\s*\[took.*$/, '')
    .replace(/\s+/g, ' ');
  return body.length > 110 ? `${body.slice(0, 110)}…` : body;
}
