/**
 * The benchmark database: created when missing, migrated with the app's own migrations, then
 * filled with set-based SQL as the database owner (`insert … select … generate_series`), the way
 * tests/bench/analytics.bench.ts generates its 1M order lines. A marker table (bench_meta.seed)
 * holds the seed version, the organizations and the bench user's personal token: a database
 * seeded with this version is reused, BENCH_RESEED=1 drops and seeds it again.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { fail, log, runChild, timed } from './util.js';

/** Bump when the generated data changes shape: an older database is then seeded again. */
export const SEED_VERSION = 3;

/** Four organizations, all on the enterprise plan, the bench user owner of each (so requests name one with x-organization). */
const ORGS = [
  {
    key: 'main',
    slug: 'bench-main',
    products: 2_000,
    warehouses: 3,
    accounts: 5_000,
    reps: 19,
    orderLines: 1_000_000,
    opportunities: 200_000,
    leads: 20_000,
    movements: 1_000_000,
    openingStock: 0,
  },
  // Where the order workload writes, so the reads' answers stay the same during a run; stock enough for millions of orders.
  {
    key: 'orders',
    slug: 'bench-orders',
    products: 200,
    warehouses: 2,
    accounts: 200,
    reps: 3,
    orderLines: 5_000,
    opportunities: 1_000,
    leads: 500,
    movements: 10_000,
    openingStock: 1_000_000_000,
  },
  {
    key: 'small-a',
    slug: 'bench-small-a',
    products: 100,
    warehouses: 2,
    accounts: 100,
    reps: 2,
    orderLines: 5_000,
    opportunities: 1_000,
    leads: 500,
    movements: 10_000,
    openingStock: 0,
  },
  {
    key: 'small-b',
    slug: 'bench-small-b',
    products: 100,
    warehouses: 2,
    accounts: 100,
    reps: 2,
    orderLines: 5_000,
    opportunities: 1_000,
    leads: 500,
    movements: 10_000,
    openingStock: 0,
  },
];

const VARIANTS_PER_PRODUCT = 4;

const hashToken = (token) => createHash('sha256').update(token, 'utf8').digest('hex');

function databaseName(url) {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

function maintenanceUrl(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const u = new URL(url);
    fail(
      `cannot connect to PostgreSQL at ${u.hostname}:${u.port || 5432} as ${u.username || 'the default user'} (${error.message}); check BENCH_DATABASE_URL`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The seed marker, or null when the database, the marker table or this version's row is missing. */
async function readMarker(url) {
  const name = databaseName(url);
  const exists = await withClient(
    maintenanceUrl(url),
    async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount > 0,
  );
  if (!exists) return { exists: false, marker: null };
  const marker = await withClient(url, async (c) => {
    const table = await c.query(`select to_regclass('bench_meta.seed') as t`);
    if (!table.rows[0].t) return null;
    const { rows } = await c.query(
      'select version, seeded_at, token, organizations, migrations from bench_meta.seed order by seeded_at desc limit 1',
    );
    return rows[0] ?? null;
  });
  return { exists: true, marker };
}

async function migrate(root, url, node) {
  const { code, output } = await runChild(node, ['dist/src/scripts/migrate.js'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
  });
  if (code !== 0) fail(`the app's migrations failed on ${databaseName(url)} (exit ${code}):\n${output}`);
  return output.trim();
}

/**
 * Makes sure BENCH_DATABASE_URL holds this version's data; returns what the harness needs
 * (organizations by key with ids, slugs, warehouse ids, and the Bearer token).
 */
export async function ensureSeeded({ root, url, node, reseed }) {
  const name = databaseName(url);
  const { exists, marker } = await readMarker(url);
  if (exists && marker && marker.version === SEED_VERSION && !reseed) {
    const out = await migrate(root, url, node);
    if (!/No pending migrations/.test(out)) {
      log(
        `[seed] migrations applied to the seeded database since it was seeded (${out}); the data was generated before them: BENCH_RESEED=1 regenerates it`,
      );
    }
    log(`[seed] reusing ${name} (seed version ${marker.version}, seeded ${marker.seeded_at.toISOString()}); BENCH_RESEED=1 seeds it again`);
    await withClient(url, (client) => refreshRollups(client));
    return { token: marker.token, organizations: marker.organizations, reused: true };
  }
  if (exists) {
    log(
      `[seed] ${reseed ? 'BENCH_RESEED=1: dropping' : marker ? `seed version ${marker.version} is not ${SEED_VERSION}: dropping` : 'no seed marker: dropping'} ${name}`,
    );
    await withClient(maintenanceUrl(url), (c) => c.query(`drop database "${name.replaceAll('"', '""')}" with (force)`));
  }
  await withClient(maintenanceUrl(url), (c) => c.query(`create database "${name.replaceAll('"', '""')}"`));
  log(`[seed] created ${name}; applying the app's migrations`);
  log(`[seed] ${await migrate(root, url, node)}`);
  const started = performance.now();
  const result = await withClient(url, (client) => seed(client));
  log(`[seed] seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await withClient(url, (client) => refreshRollups(client));
  return { ...result, reused: false };
}

/**
 * What the worker's nightly analytics refresh does (src/modules/analytics/refresh.schedule.ts), for
 * every organization: the rollups of the days writes marked stale are recomputed and the marks
 * cleared, so salesMetrics is measured as it answers on a running installation (the bench starts
 * our server without workers). The seed's set-based inserts mark every day they touch.
 */
async function refreshRollups(client) {
  const started = performance.now();
  let days = 0;
  for (;;) {
    await client.query('begin');
    const claimed = await client.query(
      `with claimed as (
         delete from analytics_stale_days where id in (select id from analytics_stale_days order by organization_id, day limit 400 for update skip locked)
         returning organization_id, day
       ) select organization_id, array_agg(day::text) as days from claimed group by organization_id`,
    );
    for (const row of claimed.rows) {
      await client.query('select simplycrm_refresh_analytics($1, $2::date[])', [row.organization_id, row.days]);
      days += row.days.length;
    }
    await client.query('commit');
    if (claimed.rows.length === 0) break;
  }
  // As autovacuum would soon after: statistics and the visibility map of the rewritten rollups.
  if (days > 0)
    await client.query(
      'vacuum (analyze) daily_sales, daily_leads, daily_variant_sales, daily_account_sales, monthly_variant_sales, monthly_account_sales',
    );
  if (days > 0)
    log(
      `[seed] analytics rollups refreshed for ${days} stale days (as the nightly job does), ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
}

async function seed(client) {
  const q = (sql, params) => client.query(sql, params);
  const now = new Date();
  const token = `scrm_pat_${randomBytes(32).toString('base64url')}`;
  const benchUser = (await q('select gen_random_uuid() as id')).rows[0].id;
  await q(`select setseed(0.42)`);
  await q(
    `insert into users (id, created_at, updated_at, username, email, password_hash, is_superuser, is_active)
     values ($1, now(), now(), 'bench', 'bench@bench.example', 'not-a-password-hash', false, true)`,
    [benchUser],
  );
  await q(
    `insert into personal_tokens (id, created_at, updated_at, user_id, token_hash, prefix, expires_at, name)
     values (gen_random_uuid(), now(), now(), $1, $2, $3, now() + interval '10 years', 'bench:api')`,
    [benchUser, hashToken(token), token.slice(0, 15)],
  );
  const organizations = {};
  for (const spec of ORGS) {
    const { result, ms } = await timed(() => generateOrganization(q, spec, benchUser, now));
    organizations[spec.key] = result;
    log(`[seed] organization ${spec.slug}: ${Math.round(ms / 1000)} s`);
  }
  log('[seed] vacuum analyze');
  await q('vacuum analyze');
  await q('checkpoint');
  const migrations = (await q('select name from mikro_orm_migrations order by id')).rows.map((r) => r.name);
  await q('create schema bench_meta');
  await q(`create table bench_meta.seed (version int not null, seeded_at timestamptz not null, token text not null,
    organizations jsonb not null, migrations text[] not null)`);
  await q('insert into bench_meta.seed values ($1, now(), $2, $3, $4)', [SEED_VERSION, token, JSON.stringify(organizations), migrations]);
  return { token, organizations };
}

/** One organization, set-based, as the owner (RLS: the owner's `system_access` policy). */
async function generateOrganization(q, spec, benchUser, now) {
  const org = (await q('select gen_random_uuid() as id')).rows[0].id;
  const variants = spec.products * VARIANTS_PER_PRODUCT;
  const nowSql = `'${now.toISOString()}'::timestamptz`;
  const start = `(${nowSql} - interval '365 days')`;
  const step = async (label, sql, params) => {
    const { result, ms } = await timed(() => q(sql, params));
    if (ms > 2000) log(`[seed]   ${spec.slug} ${label}: ${result.rowCount ?? ''} rows, ${(ms / 1000).toFixed(1)} s`);
    return result;
  };

  await step(
    'organization',
    `insert into organizations (id, created_at, updated_at, name, slug) values ($1, ${start} - interval '1 year', ${nowSql}, $2, $3)`,
    [org, `Bench ${spec.key}`, spec.slug],
  );
  await step(
    'subscription',
    `insert into subscriptions (id, created_at, updated_at, organization_id, plan_id, status, current_period_start, current_period_end, seats)
     select gen_random_uuid(), now(), now(), $1, p.id, 'active', now() - interval '1 day', now() + interval '10 years', 100
     from subscription_plans p where p.code = 'enterprise'`,
    [org],
  );
  // The bench user owns every organization; the reps are members of this one.
  await step('reps', `create temp table bench_reps as select i as idx, gen_random_uuid() as id from generate_series(0, ${spec.reps - 1}) i`);
  await step(
    'users',
    `insert into users (id, created_at, updated_at, username, email, password_hash, is_superuser, is_active)
     select r.id, now(), now(), $1 || '-rep-' || r.idx, $1 || '-rep-' || r.idx || '@bench.example', 'not-a-password-hash', false, true from bench_reps r`,
    [spec.slug],
  );
  await step(
    'memberships',
    `insert into memberships (id, created_at, updated_at, organization_id, user_id, role)
     select gen_random_uuid(), now(), now(), $1::uuid, $2::uuid, 'owner'::membership_role
     union all select gen_random_uuid(), now(), now(), $1::uuid, r.id, 'member'::membership_role from bench_reps r`,
    [org, benchUser],
  );

  // Catalog: suppliers, warehouses, products with four variants each.
  await step(
    'suppliers',
    `insert into suppliers (id, created_at, updated_at, organization_id, name, lead_time_days, notes, active)
     select gen_random_uuid(), ${start}, ${start}, '${org}', 'Supplier ' || i, 3 + 2 * i, '', true from generate_series(0, 9) i`,
  );
  await step(
    'warehouses',
    `insert into warehouses (id, created_at, updated_at, organization_id, name, code, active)
     select gen_random_uuid(), ${start}, ${start}, '${org}', 'Warehouse ' || i, 'WH' || i, true from generate_series(1, ${spec.warehouses}) i`,
  );
  await step(
    'staging products',
    `create temp table bench_products as select i as idx, gen_random_uuid() as id from generate_series(0, ${spec.products - 1}) i`,
  );
  await step(
    'products',
    `insert into products (id, created_at, updated_at, organization_id, name, description, category, brand, status, default_supplier_id, tags)
     select p.id, ${start} + p.idx * interval '1 minute', ${start} + p.idx * interval '1 minute', '${org}', 'Product ' || lpad(p.idx::text, 5, '0'),
       'Bench product number ' || p.idx, (array['Hardware', 'Software', 'Services', 'Supplies'])[1 + p.idx % 4], 'Bench', 'active',
       (select s.id from suppliers s where s.organization_id = '${org}' order by s.lead_time_days offset p.idx % 10 limit 1), '{}'
     from bench_products p`,
  );
  await step(
    'staging variants',
    `create temp table bench_variants as
     select i as idx, gen_random_uuid() as id, i / ${VARIANTS_PER_PRODUCT} as product_idx,
       '${spec.slug.toUpperCase()}-' || lpad(i::text, 6, '0') as sku, (500 + round(49500 * random() ^ 2))::bigint as price
     from generate_series(0, ${variants - 1}) i`,
  );
  await step('index', 'alter table bench_variants add primary key (idx)');
  // The price-history trigger writes each variant's first prices, dated a year back.
  await step('price date', `select set_config('app.price_effective_at', (${start} - interval '1 day')::text, false)`);
  await step(
    'product_variants',
    `insert into product_variants (id, created_at, updated_at, organization_id, product_id, sku, name, attributes, unit_of_measure,
       list_price_amount, list_price_currency, unit_cost_amount, unit_cost_currency, active, low_stock_threshold, reorder_point, reorder_quantity)
     select v.id, ${start}, ${start}, '${org}', p.id, v.sku, 'Product ' || lpad(v.product_idx::text, 5, '0') || ' / ' || (array['S', 'M', 'L', 'XL'])[1 + v.idx % 4],
       jsonb_build_object('size', (array['S', 'M', 'L', 'XL'])[1 + v.idx % 4]), 'each',
       v.price, 'USD', round(v.price * (0.4 + 0.3 * random()))::bigint, 'USD', true, 5, 10 + v.idx % 40, 50 + 10 * (v.idx % 10)
     from bench_variants v join bench_products p on p.idx = v.product_idx`,
  );
  await step('price date', `select set_config('app.price_effective_at', '', false)`);

  // Stock: every variant in every warehouse; the levels are the sums of the movements.
  await step(
    'staging levels',
    `create temp table bench_levels as
     select row_number() over (order by v.idx, w.code) - 1 as idx, gen_random_uuid() as id, v.id as variant_id, w.id as warehouse_id
     from bench_variants v cross join warehouses w where w.organization_id = '${org}'`,
  );
  await step('index', 'alter table bench_levels add primary key (idx)');
  const levels = variants * spec.warehouses;
  const opening = spec.openingStock > 0 ? levels : 0;
  await step(
    'stock_movements',
    `insert into stock_movements (id, created_at, updated_at, organization_id, variant_id, warehouse_id, type, on_hand_delta, reserved_delta, reason, reference)
     select gen_random_uuid(), m.at, m.at, '${org}', l.variant_id, l.warehouse_id, m.type::stock_movement_type, m.delta, 0, m.reason, null
     from (
       select g, ${start} + (g::float8 / ${spec.movements}) * interval '365 days' as at,
         case when g < ${opening} then 'receipt' when r < 0.6 then 'receipt' when r < 0.9 then 'shipment' else 'adjustment' end as type,
         case when g < ${opening} then ${spec.openingStock} when r < 0.6 then 10 + floor(random() * 50)::int
              when r < 0.9 then -(1 + floor(random() * 10)::int) else floor(random() * 7)::int - 3 end as delta,
         case when g < ${opening} then 'opening stock' when r < 0.6 then 'supplier delivery' when r < 0.9 then 'shipped' else 'stock count' end as reason
       from (select g, random() as r from generate_series(0, ${spec.movements + opening - 1}) g) x
     ) m join bench_levels l on l.idx = m.g % ${levels}`,
  );
  await step(
    'stock_levels',
    `insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
     select l.id, ${start}, ${nowSql}, '${org}', l.variant_id, l.warehouse_id, greatest(coalesce(s.total, 0), 0), 0
     from bench_levels l
     left join (select variant_id, warehouse_id, sum(on_hand_delta) as total from stock_movements where organization_id = '${org}' group by 1, 2) s
       on s.variant_id = l.variant_id and s.warehouse_id = l.warehouse_id`,
  );

  // Accounts, owned by the reps.
  await step(
    'staging accounts',
    `create temp table bench_accounts as
     select i as idx, gen_random_uuid() as id, (select id from bench_reps where idx = i % ${spec.reps}) as owner_id from generate_series(0, ${spec.accounts - 1}) i`,
  );
  await step('index', 'alter table bench_accounts add primary key (idx)');
  await step(
    'accounts',
    `insert into accounts (id, created_at, updated_at, organization_id, name, domain, industry, size, owner_id, tags)
     select a.id, ${start} - interval '1 year', ${start}, '${org}', 'Account ' || lpad(a.idx::text, 5, '0'), 'account' || a.idx || '.example',
       (array['Retail', 'Manufacturing', 'Finance', 'Health', 'Education'])[1 + a.idx % 5],
       (array['micro', 'small', 'medium', 'large', 'enterprise'])[1 + a.idx % 5]::account_size, a.owner_id, '{}'
     from bench_accounts a`,
  );

  await generateOrders(step, spec, org, benchUser, nowSql, start, variants);
  await generatePipeline(step, spec, org, nowSql, start, variants);

  const { rows: warehouses } = await q(`select id, code from warehouses where organization_id = $1 order by code`, [org]);
  for (const table of ['bench_reps', 'bench_products', 'bench_variants', 'bench_levels', 'bench_accounts']) await q(`drop table ${table}`);
  return { id: org, slug: spec.slug, warehouses: warehouses.map((w) => w.id) };
}

/** Orders of 1–6 lines (3.5 on average) over the last year, cut to exactly spec.orderLines; invoices and payments for most. */
async function generateOrders(step, spec, org, benchUser, nowSql, start, variants) {
  const planned = Math.ceil((spec.orderLines / 3.5) * 1.15) + 10;
  const fast = Math.max(1, Math.floor(variants * 0.9));
  await step(
    'staging orders',
    `create temp table bench_orders as
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
             from (select k, 1 + floor(random() * 6)::int as n from generate_series(1, ${planned}) k) s) c
       where first_line < ${spec.orderLines}
     ) x`,
  );
  await step('index', 'alter table bench_orders add primary key (k)');
  await step(
    'staging lines',
    `create temp table bench_lines as
     select l.order_id, l.ordered_at, l.status, l.currency, l.pos, v.id as variant_id, v.sku,
       'Product ' || lpad(v.product_idx::text, 5, '0') || ' / ' || (array['S', 'M', 'L', 'XL'])[1 + v.idx % 4] as description,
       l.quantity, v.price, l.discount_bps, l.quantity * v.price as subtotal, l.quantity * v.price * l.discount_bps / 10000 as discount
     from (
       select o.id as order_id, o.ordered_at, o.status, o.currency, g.pos,
         (case when random() < 0.1 then ${fast} + floor(random() * ${Math.max(1, variants - fast)}) else floor(${fast} * random() ^ 2) end)::int as variant_idx,
         1 + floor(random() ^ 2 * 8)::int as quantity,
         case when random() < 0.1 then 500 * (1 + floor(random() * 3)::int) else 0 end as discount_bps
       from bench_orders o cross join lateral generate_series(0, o.n - 1) g(pos)
     ) l join bench_variants v on v.idx = least(l.variant_idx, ${variants - 1})`,
  );
  // The trigger marking each order's day stale for the rollups upserts one row per order (285k upserts of 365
  // rows in one statement, minutes): off for the bulk insert, and its marks written set-based after it.
  const { rows: staleTrigger } = await step(
    'trigger',
    `select 1 from pg_trigger where tgrelid = 'orders'::regclass and tgname = 'orders_mark_days_stale' and not tgisinternal`,
  );
  if (staleTrigger.length) await step('trigger off', 'alter table orders disable trigger orders_mark_days_stale');
  await step(
    'orders',
    `insert into orders (id, created_at, updated_at, organization_id, number, account_id, warehouse_id, currency, status, discount_amount, tax_rate_bps,
       subtotal_amount, discount_total_amount, tax_total_amount, total_amount, notes, ordered_at, confirmed_at, fulfilled_at, cancelled_at, created_by_id)
     select o.id, o.ordered_at, o.ordered_at, '${org}', 'SB-' || lpad(o.k::text, 7, '0'), a.id, w.id, o.currency, o.status, 0, 1000,
       t.subtotal, t.discount, t.tax, t.subtotal - t.discount + t.tax, '', o.ordered_at,
       case when o.status not in ('draft', 'cancelled') then o.ordered_at + interval '1 hour' end,
       case when o.status = 'fulfilled' then least(o.ordered_at + interval '2 days', ${nowSql}) end,
       case when o.status = 'cancelled' then least(o.ordered_at + interval '1 day', ${nowSql}) end,
       '${benchUser}'
     from bench_orders o
     join (select order_id, sum(subtotal) as subtotal, sum(discount) as discount, sum((subtotal - discount) / 10) as tax from bench_lines group by order_id) t
       on t.order_id = o.id
     join bench_accounts a on a.idx = o.account_idx
     cross join (select id from warehouses where organization_id = '${org}' and code = 'WH1') w`,
  );
  await step(
    'order_lines',
    `insert into order_lines (id, created_at, updated_at, organization_id, order_id, position, variant_id, sku, description, quantity, currency,
       unit_price_amount, list_price_amount, discount_bps, tax_rate_bps, tax_rate_from_order, subtotal_amount, order_discount_amount, discount_amount,
       tax_amount, total_amount, quantity_shipped, quantity_invoiced)
     select gen_random_uuid(), l.ordered_at, l.ordered_at, '${org}', l.order_id, l.pos, l.variant_id, l.sku, l.description, l.quantity, l.currency,
       l.price, l.price, l.discount_bps, 1000, true, l.subtotal, 0, l.discount, (l.subtotal - l.discount) / 10, l.subtotal - l.discount + (l.subtotal - l.discount) / 10,
       case l.status when 'fulfilled' then l.quantity when 'partially_fulfilled' then l.quantity / 2 else 0 end, 0
     from bench_lines l`,
  );
  if (staleTrigger.length) await step('trigger on', 'alter table orders enable trigger orders_mark_days_stale');
  // The state the nightly refresh leaves (src/modules/analytics/refresh.schedule.ts): every day's rollup computed, no day stale.
  const { rows: rollups } = await step('rollups', `select to_regclass('daily_sales') as t`);
  if (rollups[0].t) {
    await step(
      'daily_sales',
      `insert into daily_sales (id, created_at, updated_at, organization_id, day, currency, order_count, booked_amount)
       select gen_random_uuid(), now(), now(), organization_id, (ordered_at at time zone 'UTC')::date, currency, count(*), sum(total_amount)
         from orders where organization_id = '${org}' and status not in ('draft', 'cancelled') group by organization_id, 5, currency`,
    );
  }
  // Numbering continues after the generated orders (createOrder takes the next number of this year).
  await step(
    'document_sequences',
    `insert into document_sequences (id, created_at, updated_at, organization_id, kind, year, last_value)
     values (gen_random_uuid(), now(), now(), '${org}', 'order', extract(year from ${nowSql})::int, 0)
     on conflict do nothing`,
  );
  await step(
    'staging invoices',
    `create temp table bench_invoices as
     select gen_random_uuid() as id, o.id as order_id, o.number, o.account_id, o.currency, o.subtotal_amount, o.discount_total_amount, o.tax_total_amount,
       o.total_amount, i.issued_at, (i.issued_at + interval '30 days')::date as due_date,
       case when i.r < 0.03 then 'void' when i.r < 0.63 then 'paid' when i.r < 0.73 then 'partially_paid'
            when i.issued_at + interval '30 days' < ${nowSql} then 'overdue' else 'issued' end::invoice_status as status,
       least(i.issued_at + random() * interval '40 days', ${nowSql} - interval '1 minute') as paid_at
     from orders o
     cross join lateral (select random() as r, least(o.ordered_at + (1 + random() * 3) * interval '1 day', ${nowSql} - interval '1 hour') as issued_at) i
     where o.organization_id = '${org}' and o.status in ('confirmed', 'partially_fulfilled', 'fulfilled')
       and o.ordered_at < ${nowSql} - interval '2 days' and random() < 0.75`,
  );
  await step(
    'invoices',
    `insert into invoices (id, created_at, updated_at, organization_id, number, order_id, account_id, currency, status, issued_at, due_date,
       subtotal_amount, discount_total_amount, tax_total_amount, total_amount, amount_paid, paid_at, voided_at, void_reason, notes, created_by_id)
     select i.id, i.issued_at, i.issued_at, '${org}', replace(i.number, 'SB-', 'IB-'), i.order_id, i.account_id, i.currency, i.status, i.issued_at, i.due_date,
       i.subtotal_amount, i.discount_total_amount, i.tax_total_amount, i.total_amount,
       case i.status when 'paid' then i.total_amount when 'partially_paid' then i.total_amount / 2 else 0 end,
       case when i.status = 'paid' then i.paid_at end,
       case when i.status = 'void' then i.issued_at + interval '1 hour' end,
       case when i.status = 'void' then 'bench' end, '', '${benchUser}'
     from bench_invoices i`,
  );
  await step(
    'payments',
    `insert into payments (id, created_at, updated_at, organization_id, invoice_id, amount, currency, method, paid_at, reference, recorded_by_id)
     select gen_random_uuid(), i.paid_at, i.paid_at, '${org}', i.id, case i.status when 'paid' then i.total_amount else i.total_amount / 2 end,
       i.currency, (array['cash', 'card', 'bank_transfer', 'check', 'other'])[1 + floor(random() * 5)::int]::payment_method, i.paid_at, null, '${benchUser}'
     from bench_invoices i where i.status in ('paid', 'partially_paid')`,
  );
  for (const table of ['bench_invoices', 'bench_lines', 'bench_orders']) await step('drop', `drop table ${table}`);
}

/** Leads over the year (15% converted), and opportunities in the default pipeline with 1–4 lines each. */
async function generatePipeline(step, spec, org, nowSql, start, variants) {
  await step(
    'leads',
    `insert into leads (id, created_at, updated_at, organization_id, first_name, last_name, company, email, source, status, score, owner_id, notes, converted_at)
     select gen_random_uuid(), t, t, '${org}', 'Lead', i::text, 'Company ' || i, 'lead' || i || '@bench.example',
       (array['web', 'referral', 'event', 'outbound'])[1 + i % 4],
       (case when r < 0.15 then 'converted' when r < 0.35 then 'qualified' when r < 0.55 then 'contacted' when r < 0.70 then 'disqualified' else 'new' end)::lead_status,
       floor(random() * 101)::int, (select id from bench_reps where idx = i % ${spec.reps}), '',
       case when r < 0.15 then least(t + random() * interval '20 days', ${nowSql}) end
     from (select i, random() as r, ${start} + random() * interval '365 days' as t from generate_series(1, ${spec.leads}) i) x`,
  );
  // Distinct creation times (one per opportunity, newest last), so "newest first" has one answer in every system.
  await step(
    'staging opportunities',
    `create temp table bench_opportunities as
     select i, gen_random_uuid() as id, ${start} - interval '60 days' + (i::float8 / ${spec.opportunities}) * interval '425 days' as created,
       (100000 + floor(random() * 9900000))::bigint as amount, floor(random() * ${spec.accounts})::int as account_idx,
       case when r < 0.35 then 'won' when r < 0.60 then 'lost' else 'open' end as status, 1 + floor(random() * 4)::int as n_lines
     from (select i, random() as r from generate_series(1, ${spec.opportunities}) i) x`,
  );
  await step(
    'opportunities',
    `insert into opportunities (id, created_at, updated_at, organization_id, name, account_id, amount_amount, amount_currency, pipeline_id, stage_id,
       status, probability, expected_close_date, closed_at, owner_id)
     select x.id, x.created, x.created, '${org}', 'Deal ' || lpad(x.i::text, 6, '0'), a.id, x.amount, 'USD', st.pipeline_id, st.id,
       x.status::opportunity_status, st.probability, case when x.status = 'open' then (${nowSql} + random() * interval '90 days')::date end,
       case when x.status <> 'open' then least(x.created + (5 + random() * 85) * interval '1 day', ${nowSql} - interval '1 hour') end, a.owner_id
     from (select *, case status when 'won' then 4 when 'lost' then 5 else floor(random() * 4)::int end as pos from bench_opportunities) x
     join bench_accounts a on a.idx = x.account_idx
     join pipelines p on p.organization_id = '${org}' and p.is_default
     join pipeline_stages st on st.pipeline_id = p.id and st.position = x.pos`,
  );
  await step(
    'opportunity_lines',
    `insert into opportunity_lines (id, created_at, updated_at, organization_id, opportunity_id, variant_id, position, quantity, unit_price_amount, unit_price_currency)
     select gen_random_uuid(), o.created, o.created, '${org}', o.id, v.id, g.pos, 1 + floor(random() * 20)::int, v.price, 'USD'
     from bench_opportunities o cross join lateral generate_series(0, o.n_lines - 1) g(pos)
     join bench_variants v on v.idx = (o.i * 7 + g.pos * 131) % ${variants}`,
  );
  await step('drop', 'drop table bench_opportunities');
}
