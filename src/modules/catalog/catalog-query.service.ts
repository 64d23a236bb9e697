import type { EntityManager } from '@mikro-orm/sql';
import { type Connection, type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { badFilter, toWhere } from '../../shared/filters.js';
import { isUuid } from '../../shared/ids.js';
import { liveVariant } from './product.service.js';
import {
  type ProductFilter,
  productFilterMapping,
  type ProductOrder,
  type ProductVariantFilter,
  type ProductVariantOrder,
  type SupplierFilter,
  supplierFilterMapping,
  type SupplierOrder,
  variantFilterMapping,
} from './dto/catalog-filters.dto.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { StockMovement } from './stock-movement.entity.js';
import { Supplier } from './supplier.entity.js';
import { Warehouse } from './warehouse.entity.js';
import {
  type StockLevelFilter,
  type StockLevelOrder,
  stockLevelFilterMapping,
  type StockMovementFilter,
  type StockMovementOrder,
  stockMovementFilterMapping,
  type WarehouseFilter,
  type WarehouseOrder,
  warehouseFilterMapping,
} from './dto/inventory-filters.dto.js';

type Order = { field: string; direction: 'asc' | 'desc' } | null | undefined;
const orderBy = (order: Order, fallback: Record<string, 'asc' | 'desc'>) =>
  ({ ...(order ? { [order.field]: order.direction } : fallback), id: order?.direction ?? 'asc' }) as never;
const live = (includeDeleted: boolean | null | undefined) => (includeDeleted ? {} : { deletedAt: null });

export const listSuppliers = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: SupplierFilter | null,
  order?: SupplierOrder | null,
  includeDeleted?: boolean | null,
) => paginate(em, Supplier, { ...live(includeDeleted), ...toWhere(filter, supplierFilterMapping) } as never, args, orderBy(order, { name: 'asc' }));

export const listProducts = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: ProductFilter | null,
  order?: ProductOrder | null,
  includeDeleted?: boolean | null,
) => paginate(em, Product, { ...live(includeDeleted), ...toWhere(filter, productFilterMapping) } as never, args, orderBy(order, { name: 'asc' }));

export const listVariants = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: ProductVariantFilter | null,
  order?: ProductVariantOrder | null,
  includeDeleted?: boolean | null,
) =>
  paginate(
    em,
    ProductVariant,
    { ...(includeDeleted ? {} : liveVariant()), ...toWhere(filter, variantFilterMapping) } as never,
    args,
    orderBy(order, { sku: 'asc' }),
  );

export const listWarehouses = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: WarehouseFilter | null,
  order?: WarehouseOrder | null,
  includeDeleted?: boolean | null,
) => paginate(em, Warehouse, { ...live(includeDeleted), ...toWhere(filter, warehouseFilterMapping) } as never, args, orderBy(order, { code: 'asc' }));

export const listStockLevels = (em: EntityManager, args: ConnectionArgs, filter?: StockLevelFilter | null, order?: StockLevelOrder | null) =>
  paginate(em, StockLevel, toWhere(filter, stockLevelFilterMapping) as never, args, orderBy(order, { createdAt: 'asc' }));

export const listStockMovements = (em: EntityManager, args: ConnectionArgs, filter?: StockMovementFilter | null, order?: StockMovementOrder | null) =>
  paginate(
    em,
    StockMovement,
    toWhere(filter, stockMovementFilterMapping) as never,
    args,
    orderBy(order ?? { field: 'createdAt', direction: 'desc' }, {}),
  );

/**
 * Variants whose available stock (on hand minus reserved, over all warehouses or in one) is at or
 * under their low-stock threshold. Variants without any stock count as zero available.
 */
export async function listLowStockVariants(
  em: EntityManager,
  organizationId: string,
  args: ConnectionArgs,
  warehouseId?: string | null,
): Promise<Connection<ProductVariant>> {
  if (warehouseId != null && !isUuid(warehouseId)) throw badFilter(`warehouseId: "${warehouseId}" is not an ID`);
  // Sellable variants only (live, active, product live and not archived); stock of live warehouses.
  // Raw SQL escapes the ORM's tenant filter, so the organization is named here as well as enforced by RLS.
  const rows = await em.execute<{ id: string }[]>(
    `select v.id from product_variants v
     join products p on p.id = v.product_id and p.deleted_at is null and p.status <> 'archived'
     left join (stock_levels s join warehouses w on w.id = s.warehouse_id and w.deleted_at is null)
       on s.variant_id = v.id ${warehouseId ? 'and s.warehouse_id = ?' : ''}
     where v.organization_id = ? and v.deleted_at is null and v.active
     group by v.id, v.low_stock_threshold
     having coalesce(sum(s.on_hand - s.reserved), 0) <= v.low_stock_threshold`,
    warehouseId ? [warehouseId, organizationId] : [organizationId],
  );
  return paginate(em, ProductVariant, { id: { $in: rows.map((r) => r.id) } }, args, { sku: 'asc', id: 'asc' });
}
