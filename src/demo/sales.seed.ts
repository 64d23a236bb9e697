import type { EntityManager } from '@mikro-orm/sql';
import { planInvoices, writeInvoices, writeSequences } from './billing.seed.js';
import { accountRows, type PlannedAccount, planAccounts, tagAccounts } from './customers.seed.js';
import { type OrderPlan, orderRows, planOrders } from './orders.seed.js';
import { type PipelineRows, planActivities, planOpportunities, recordSubjects, type Stage } from './pipeline.seed.js';
import { DAY, type DemoVariant, insertRows, type Row, rng, type SeedContext } from './seed-kit.js';
import { movementRows, planStockMovements, recomputeStockLevels } from './stock.seed.js';
import { leadRows, type PlannedLead, planLeads } from './leads.seed.js';

/**
 * A year of sales for the demo organization, on top of the demo catalog: ~200 accounts with ~500
 * contacts, 300 leads, 250 opportunities with stage history, a few hundred activities, ~3,000
 * orders with shipments, invoices and payments, and the stock ledger of all of it. Everything is
 * planned in memory from a seeded PRNG (the same data for the same `now`, apart from UUIDs), then
 * written with multi-row INSERTs as the database owner, in the caller's transaction.
 */
export async function seedDemoSales(
  em: EntityManager,
  organizationId: string,
  ownerUserId: string,
  now: Date,
  progress: (area: string) => void = () => undefined,
): Promise<void> {
  progress('sales: planning a year of accounts, leads, deals and orders');
  const end = now.getTime();
  const ctx: SeedContext = {
    em,
    organizationId,
    userId: ownerUserId,
    now: end,
    start: end - 365 * DAY,
    r: rng(20261125),
    variants: await loadVariants(em, organizationId),
    warehouseId: await mainWarehouse(em, organizationId),
  };
  const companies = new Set<string>();
  const emails = new Set<string>();
  const accounts = planAccounts(ctx, companies, emails);
  const leads = planLeads(ctx, accounts, companies, emails);
  const pipeline = planOpportunities(ctx, await loadStages(em, organizationId), accounts, leads);
  const activities = planActivities(ctx, [...recordSubjects(ctx, accounts, leads), ...pipeline.subjects]);
  const orders = planOrders(
    ctx,
    accounts.map((a) => a.customer),
    pipeline.wonDeals,
  );
  // Invoices before the order rows: billing sets the lines' invoiced quantities.
  const invoices = planInvoices(ctx, orders);
  const movements = planStockMovements(ctx, orders, await openingStock(ctx));
  tagAccounts(ctx.r, accounts, ordersByAccount(orders));

  progress('sales: accounts, contacts, leads, opportunities, activities');
  await writeCustomers(ctx, accounts, leads, pipeline, activities);
  progress('sales: orders, shipments, invoices and payments');
  const rows = orderRows(ctx, orders);
  await insertRows(em, 'orders', organizationId, rows.orders);
  await insertRows(em, 'order_lines', organizationId, rows.lines);
  await insertRows(em, 'shipments', organizationId, rows.shipments);
  await insertRows(em, 'shipment_lines', organizationId, rows.shipmentLines);
  await writeInvoices(ctx, invoices);
  progress('sales: stock ledger and levels');
  await insertRows(em, 'stock_movements', organizationId, movementRows(ctx, movements));
  await recomputeStockLevels(ctx);
  await writeSequences(ctx, orders, invoices);
}

async function writeCustomers(ctx: SeedContext, accounts: PlannedAccount[], leads: PlannedLead[], pipeline: PipelineRows, activities: Row[]) {
  const { em, organizationId } = ctx;
  const customers = accountRows(ctx, accounts);
  const leadData = leadRows(ctx, leads);
  await insertRows(em, 'accounts', organizationId, customers.accounts);
  await insertRows(em, 'contacts', organizationId, customers.contacts);
  await insertRows(em, 'opportunities', organizationId, pipeline.opportunities);
  await insertRows(em, 'opportunity_lines', organizationId, pipeline.lines);
  await insertRows(em, 'opportunity_contact_roles', organizationId, pipeline.roles);
  await insertRows(em, 'opportunity_stage_changes', organizationId, pipeline.stageChanges);
  await insertRows(em, 'leads', organizationId, leadData.leads);
  await insertRows(em, 'activities', organizationId, activities);
  await insertRows(em, 'record_changes', organizationId, [...customers.changes, ...leadData.changes, ...pipeline.changes]);
}

function ordersByAccount(orders: OrderPlan[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(o.customer.id, (counts.get(o.customer.id) ?? 0) + 1);
  return counts;
}

/**
 * Variants that can be sold, with their list-price history. The catalog keeps some variants short
 * on purpose (for low-stock alerts); nobody orders those, so they stay short.
 */
async function loadVariants(em: EntityManager, organizationId: string): Promise<DemoVariant[]> {
  const rows = await em.execute<
    {
      id: string;
      sku: string;
      name: string;
      product: string;
      category: string;
      bestseller: boolean;
      reorder_point: number;
      reorder_quantity: number;
    }[]
  >(
    `select v.id, v.sku, v.name, p.name as product, p.category, 'bestseller' = any(p.tags) as bestseller, v.reorder_point, v.reorder_quantity
     from product_variants v join products p on p.id = v.product_id
     where v.organization_id = ? and p.status = 'active' and v.active and v.deleted_at is null and p.deleted_at is null
       and (select coalesce(sum(s.on_hand), 0) from stock_levels s where s.variant_id = v.id) > v.low_stock_threshold
     order by v.sku`,
    [organizationId],
  );
  const prices = await em.execute<{ variant_id: string; new_amount: string | number; valid_from: Date | string }[]>(
    `select variant_id, new_amount, valid_from from price_changes where organization_id = ? and kind = 'list_price' order by valid_from, created_at`,
    [organizationId],
  );
  const history = new Map<string, DemoVariant['prices']>();
  for (const p of prices)
    history.set(p.variant_id, [...(history.get(p.variant_id) ?? []), { from: new Date(p.valid_from).getTime(), amount: Number(p.new_amount) }]);
  return rows.map((v) => ({
    id: v.id,
    sku: v.sku,
    // As the order service describes a line.
    description: `${v.product} – ${v.name}`,
    category: v.category,
    bestseller: v.bestseller,
    reorderPoint: Number(v.reorder_point),
    reorderQuantity: Number(v.reorder_quantity),
    prices: history.get(v.id)!,
  }));
}

/** The catalog's main warehouse (or the oldest live one): every demo order ships from it. */
async function mainWarehouse(em: EntityManager, organizationId: string): Promise<string> {
  const [row] = await em.execute<{ id: string }[]>(
    `select id from warehouses where organization_id = ? and deleted_at is null and active order by code = 'MAIN' desc, created_at, id limit 1`,
    [organizationId],
  );
  return row.id;
}

/** The default pipeline's stages in order (a trigger creates them with the organization). */
async function loadStages(em: EntityManager, organizationId: string): Promise<Stage[]> {
  const rows = await em.execute<{ id: string; pipeline_id: string; name: string; probability: number; is_won: boolean; is_closed: boolean }[]>(
    `select s.id, s.pipeline_id, s.name, s.probability, s.is_won, s.is_closed
     from pipeline_stages s join pipelines p on p.id = s.pipeline_id
     where p.organization_id = ? and p.is_default order by s.position, s.id`,
    [organizationId],
  );
  return rows.map((s) => ({ id: s.id, pipelineId: s.pipeline_id, name: s.name, probability: s.probability, isWon: s.is_won, isClosed: s.is_closed }));
}

async function openingStock(ctx: SeedContext): Promise<Map<string, { onHand: number; reserved: number }>> {
  const rows = await ctx.em.execute<{ variant_id: string; on_hand: number; reserved: number }[]>(
    'select variant_id, on_hand, reserved from stock_levels where organization_id = ? and warehouse_id = ?',
    [ctx.organizationId, ctx.warehouseId],
  );
  return new Map(rows.map((l) => [l.variant_id, { onHand: Number(l.on_hand), reserved: Number(l.reserved) }]));
}
