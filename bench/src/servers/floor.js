/**
 * The hand-written floor: node:http + pg, no GraphQL. The same SQL as our server (sql.js) in one
 * transaction per request with the same tenant context, answered as JSON in the shape our GraphQL
 * responses have (so one comparison covers ours, the bare Apollo server and this).
 *
 * Routes (POST, JSON body): /product {id}, /products {first}, /opportunities {first},
 * /orders {accountId, warehouseId, lines: [{variantId, quantity}]} (create + confirm in one
 * transaction), /sales-metrics {from, to, granularity} (the raw aggregations in sequence).
 *
 * Env: DATABASE_URL, PORT, POOL_MAX.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { salesMetrics } from './metrics-sql.js';
import { cachedPrincipal, groupBy, inTenant, joined, money, SQL } from './sql.js';

const { DATABASE_URL, PORT = '4103', POOL_MAX = '10' } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_MAX) });
const ownerPool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_MAX) });

const byId = (rows) => new Map(rows.map((r) => [r.id, r]));
const variantJson = (v) => ({ id: v.id, sku: v.sku, listPrice: money(v.list_price_amount, v.list_price_currency) });

/** Products as our answers have them; `variants` given (the lookup joined them) or read by product, stock levels with their warehouse joined. */
async function productsWithVariants(db, org, products, withStock, variants) {
  variants ??= (await db.query(SQL.variantsByProduct, [org, products.map((p) => p.id)])).rows;
  let stock = new Map();
  if (withStock) {
    const { rows: levels } = await db.query(SQL.stockWithWarehouseByVariant, [org, variants.map((v) => v.id)]);
    stock = groupBy(levels, 'variant_id');
  }
  const grouped = groupBy(variants, 'product_id');
  return products.map((p) => ({
    id: p.id,
    name: p.name,
    ...(withStock ? {} : { status: p.status.toUpperCase(), category: p.category }),
    variants: (grouped.get(p.id) ?? []).map((v) => ({
      ...variantJson(v),
      ...(withStock
        ? {
            stockLevels: (stock.get(v.id) ?? []).map((s) => {
              const w = joined(s, 'w');
              return { id: s.id, onHand: s.on_hand, reserved: s.reserved, warehouse: { id: w.id, code: w.code, name: w.name } };
            }),
          }
        : {}),
    })),
  }));
}

const pageInfo = (rows, first) => ({ hasNextPage: rows.length > first, endCursor: null });

const routes = {
  async '/product'(db, org, { id }) {
    const { rows } = await db.query(SQL.productWithVariants, [org, id]);
    if (!rows[0]) throw Object.assign(new Error('not found'), { status: 404 });
    const variants = rows.map((r) => joined(r, 'v')).filter(Boolean);
    const [product] = await productsWithVariants(db, org, rows.slice(0, 1), false, variants);
    return { data: { product } };
  },
  async '/products'(db, org, { first }) {
    const { rows } = await db.query(SQL.productsPage, [org, first + 1]);
    const nodes = await productsWithVariants(db, org, rows.slice(0, first), true);
    return { data: { products: { edges: nodes.map((node) => ({ node })), pageInfo: pageInfo(rows, first) } } };
  },
  async '/opportunities'(db, org, { first }) {
    const { rows: all } = await db.query(SQL.opportunitiesPage, [org, first + 1]);
    const rows = all.slice(0, first);
    const { rows: lines } = await db.query(SQL.linesWithVariantByOpportunity, [org, rows.map((r) => r.id)]);
    const l = groupBy(lines, 'opportunity_id');
    const edges = rows.map((o) => {
      const owner = joined(o, 'u');
      const account = joined(o, 'a');
      const stage = joined(o, 's');
      return {
        node: {
          id: o.id,
          name: o.name,
          status: o.status.toUpperCase(),
          amount: money(o.amount_amount, o.amount_currency),
          account: { id: account.id, name: account.name },
          owner: owner ? { id: owner.id, username: owner.username } : null,
          stage: { id: stage.id, name: stage.name, probability: stage.probability },
          lines: (l.get(o.id) ?? []).map((line) => {
            const variant = joined(line, 'v');
            return {
              id: line.id,
              position: line.position,
              quantity: line.quantity,
              unitPrice: money(line.unit_price_amount, line.unit_price_currency),
              variant: variant ? { id: variant.id, sku: variant.sku } : null,
            };
          }),
        },
      };
    });
    return { data: { opportunities: { edges, pageInfo: pageInfo(all, first) } } };
  },
  '/orders': createAndConfirm,
  async '/sales-metrics'(db, org, args) {
    return { data: { salesMetrics: await salesMetrics(db, org, args) } };
  },
};

/**
 * createOrder + confirmOrder as one transaction: the writes ours makes (a number from
 * document_sequences, the order, its lines, the domain events order.created / order.updated /
 * order.confirmed, a reservation per variant through simplycrm_apply_stock_movement in variant
 * order), each kind of write one statement.
 */
async function createAndConfirm(db, org, { accountId, warehouseId, lines }, scope) {
  const ids = lines.map((l) => l.variantId);
  const { rows: variants } = await db.query(
    `select v.id, v.sku, v.name, v.list_price_amount, v.list_price_currency,
       exists (select 1 from accounts a where a.organization_id = $1 and a.id = $3 and a.deleted_at is null) as account_ok,
       exists (select 1 from warehouses w where w.organization_id = $1 and w.id = $4 and w.deleted_at is null) as warehouse_ok
     from product_variants v where v.organization_id = $1 and v.id = any($2::uuid[]) and v.deleted_at is null and v.active`,
    [org, ids, accountId, warehouseId],
  );
  if (variants.length !== new Set(ids).size || !variants[0]?.account_ok || !variants[0]?.warehouse_ok) {
    return { error: 'unknown account, warehouse or variant' };
  }
  const v = byId(variants);
  const currency = variants[0].list_price_currency;
  const priced = lines.map((l, position) => {
    const variant = v.get(l.variantId);
    const subtotal = Number(variant.list_price_amount) * l.quantity;
    return { ...l, position, sku: variant.sku, description: variant.name, price: Number(variant.list_price_amount), subtotal };
  });
  const total = priced.reduce((sum, l) => sum + l.subtotal, 0);
  const {
    rows: [{ last_value: number }],
  } = await db.query(
    `insert into document_sequences (id, created_at, updated_at, organization_id, kind, year, last_value)
     values (gen_random_uuid(), now(), now(), $1, 'order', 0, 1)
     on conflict (organization_id, kind, year) do update set last_value = document_sequences.last_value + 1, updated_at = now() returning last_value`,
    [org],
  );
  const orderNumber = `SF-${String(number).padStart(6, '0')}`;
  const {
    rows: [order],
  } = await db.query(
    `insert into orders (id, created_at, updated_at, organization_id, number, account_id, warehouse_id, currency, status, discount_amount, tax_rate_bps,
       subtotal_amount, discount_total_amount, tax_total_amount, total_amount, notes, ordered_at, confirmed_at, created_by_id)
     values (gen_random_uuid(), now(), now(), $1, $2, $3, $4, $5, 'confirmed', 0, 0, $6, 0, 0, $6, '', now(), now(), $7)
     returning id, number, status, total_amount, currency`,
    [org, orderNumber, accountId, warehouseId, currency, total, scope.userId],
  );
  await db.query(
    `insert into order_lines (id, created_at, updated_at, organization_id, order_id, position, variant_id, sku, description, quantity, currency,
       unit_price_amount, list_price_amount, discount_bps, tax_rate_bps, tax_rate_from_order, subtotal_amount, order_discount_amount, discount_amount,
       tax_amount, total_amount, quantity_shipped, quantity_invoiced)
     select gen_random_uuid(), now(), now(), $1, $2, l.position, l.variant_id, l.sku, l.description, l.quantity, $3, l.price, l.price, 0, 0, true,
       l.subtotal, 0, 0, 0, l.subtotal, 0, 0
     from json_to_recordset($4::json) as l(position int, variant_id uuid, sku text, description text, quantity int, price bigint, subtotal bigint)`,
    [org, order.id, currency, JSON.stringify(priced.map((l) => ({ ...l, variant_id: l.variantId })))],
  );
  const change = JSON.stringify({ status: { from: 'draft', to: 'confirmed' } });
  await db.query(
    `insert into domain_events (id, created_at, updated_at, organization_id, type, subject_type, subject_id, changes, data, actor_kind, actor_id, depth, occurred_at)
     select gen_random_uuid(), now(), now(), $1, t.type, 'Order', $2, t.changes::jsonb, '{}', 'USER', $3, 0, now()
     from (values ('order.created', '{}'), ('order.updated', $4), ('order.confirmed', $4)) as t(type, changes)`,
    [org, order.id, scope.userId, change],
  );
  // One reservation per variant, in variant order (the lock order ours uses), in one statement.
  const quantities = new Map();
  for (const l of lines) quantities.set(l.variantId, (quantities.get(l.variantId) ?? 0) + l.quantity);
  const sorted = [...quantities].sort(([a], [b]) => (a < b ? -1 : 1));
  const { rows: reserved } = await db.query(
    `select r.variant_id, m.reserved from unnest($2::uuid[], $3::int[]) with ordinality as r(variant_id, quantity, n)
     cross join lateral simplycrm_apply_stock_movement($1, r.variant_id, $4, 'reservation', 0, r.quantity, '', $5) m order by r.n`,
    [org, sorted.map(([id]) => id), sorted.map(([, q]) => q), warehouseId, `order:${order.number}`],
  );
  if (reserved.length !== sorted.length) throw Object.assign(new Error('insufficient stock'), { status: 409 });
  return {
    data: {
      order: { id: order.id, number: order.number, status: order.status.toUpperCase(), total: money(order.total_amount, order.currency) },
    },
  };
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

const server = createServer(async (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const route = routes[req.url];
  if (!route || req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  try {
    const args = await readBody(req);
    const scope = await cachedPrincipal(ownerPool, req.headers.authorization, req.headers['x-organization']);
    const result = await inTenant(pool, scope, { readOnly: req.url !== '/orders' }, (db) => route(db, scope.organizationId, args, scope));
    res.writeHead(result.error ? 422 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  } catch (error) {
    res.writeHead(error.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error.message) }));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(PORT), '127.0.0.1');
const stop = () => server.close(() => Promise.all([pool.end(), ownerPool.end()]).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
