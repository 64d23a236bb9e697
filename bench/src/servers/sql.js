/**
 * The SQL our server sends for the benchmark's workloads (captured through the counting proxy,
 * December 2026), with bind parameters instead of inlined literals: the bare Apollo server and the
 * hand-written floor send exactly these statements, so the difference to ours is what happens
 * around them. Every statement names the organization, as ours do, and runs under RLS.
 */
import { createHash } from 'node:crypto';
import { principal } from './auth.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const USER_COLUMNS = `id, created_at, updated_at, username, email, is_superuser, is_active, auth_version`;
const ACCOUNT_COLUMNS = `id, created_at, updated_at, organization_id, name, domain, industry, size, address, owner_id, tags, external_id, deleted_at`;
const STAGE_COLUMNS = `id, created_at, updated_at, organization_id, pipeline_id, name, position, probability, is_won, is_closed`;
const WAREHOUSE_COLUMNS = `id, created_at, updated_at, organization_id, name, code, address, active, deleted_at`;
export const PRODUCT_COLUMNS = `id, created_at, updated_at, organization_id, name, description, category, brand, status, default_supplier_id, tags, external_id, deleted_at`;
export const VARIANT_COLUMNS = `id, created_at, updated_at, organization_id, product_id, sku, name, attributes, barcode, unit_of_measure, weight_grams,
  list_price_amount, list_price_currency, unit_cost_amount, unit_cost_currency, active, low_stock_threshold, reorder_point, reorder_quantity, deleted_at`;

/** `alias.column` for each of `columns`; with `prefix`, each aliased `prefix__column` (a joined relation's columns, as ours reads them). */
const qualified = (alias, columns, prefix) =>
  columns
    .split(',')
    .map((c) => c.trim())
    .map((c) => `${alias}.${c}${prefix ? ` as ${prefix}__${c}` : ''}`)
    .join(', ');

/** The joined relation `prefix` of a row as its own row (null when the left join found none). */
export function joined(row, prefix) {
  if (row[`${prefix}__id`] == null) return null;
  const out = {};
  const start = `${prefix}__`;
  for (const key in row) if (key.startsWith(start)) out[key.slice(start.length)] = row[key];
  return out;
}

/**
 * Ours, statement for statement (December 2026, after the plain-record read path): a page joins the
 * selected to-one relations, a child loader joins its to-one relation, a product lookup with its
 * variants is one statement.
 */
export const SQL = {
  productWithVariants: `select ${qualified('p', PRODUCT_COLUMNS)}, ${qualified('v', VARIANT_COLUMNS, 'v')}
    from products p left join product_variants v on v.product_id = p.id and v.deleted_at is null
    where p.organization_id = $1 and p.id = $2 order by v.sku asc, v.id asc`,
  productsPage: `select ${PRODUCT_COLUMNS} from products where organization_id = $1 and deleted_at is null order by name asc, id asc limit $2`,
  variantsByProduct: `select ${VARIANT_COLUMNS} from product_variants where organization_id = $1 and product_id = any($2::uuid[]) and deleted_at is null order by sku asc, id asc`,
  stockWithWarehouseByVariant: `select s.*, ${qualified('w', WAREHOUSE_COLUMNS, 'w')} from stock_levels s left join warehouses w on w.id = s.warehouse_id
    where s.organization_id = $1 and s.variant_id = any($2::uuid[]) order by s.created_at asc, s.id asc`,
  opportunitiesPage: `select o.*, ${qualified('a', ACCOUNT_COLUMNS, 'a')}, ${qualified('u', USER_COLUMNS, 'u')}, ${qualified('s', STAGE_COLUMNS, 's')}
    from opportunities o left join accounts a on a.id = o.account_id left join users u on u.id = o.owner_id left join pipeline_stages s on s.id = o.stage_id
    where o.organization_id = $1 and o.deleted_at is null order by o.created_at desc, o.id desc limit $2`,
  linesWithVariantByOpportunity: `select l.*, ${qualified('v', VARIANT_COLUMNS, 'v')} from opportunity_lines l left join product_variants v on v.id = l.variant_id
    where l.organization_id = $1 and l.opportunity_id = any($2::uuid[]) order by l.position asc, l.id asc`,
};

/** Groups rows by a key, keeping the order they came in. */
export function groupBy(rows, key) {
  const map = new Map();
  for (const row of rows) {
    const k = row[key];
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** Principals by token for 60 s (as our AUTH_CACHE_SECONDS default); no per-request revocation check. */
const principals = new Map();
export async function cachedPrincipal(ownerPool, authorization, organization) {
  const key = createHash('sha256').update(`${authorization}\n${organization}`).digest('base64url');
  const hit = principals.get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  const value = await principal(ownerPool, authorization, organization);
  principals.set(key, { value, until: Date.now() + 60_000 });
  return value;
}

/**
 * Runs `work` in one transaction as simplycrm_app with the tenant settings our RLS policies read,
 * started and scoped in one round trip (`begin; select set_config(…)`, as one simple query: the
 * values are checked UUIDs, so inlining them is safe).
 */
export async function inTenant(pool, scope, { readOnly }, work) {
  if (!UUID.test(scope.organizationId) || !UUID.test(scope.userId)) throw new Error('bad scope');
  const client = await pool.connect();
  let ok = false;
  try {
    await client.query(
      `begin${readOnly ? ' read only' : ''}; select set_config('role', 'simplycrm_app', true), set_config('app.organization_id', '${scope.organizationId}', true),
       set_config('app.user_id', '${scope.userId}', true), set_config('app.platform_admin', '', true),
       set_config('statement_timeout', '30000', true), set_config('idle_in_transaction_session_timeout', '60000', true)`,
    );
    const result = await work(client);
    await client.query('commit');
    ok = true;
    return result;
  } finally {
    if (!ok) await client.query('rollback').catch(() => undefined);
    client.release(!ok);
  }
}

export const money = (amount, currency) => ({ amount: Number(amount), currency });
