import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { byKeys, groupBy } from '../core/core.loaders.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { Supplier } from './supplier.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Per-request loaders of the catalog; the request's EntityManager keeps them inside its organization. One query per loader per tick. */
export function createCatalogLoaders(em: EntityManager) {
  const byId = <T extends { id: string }>(entity: new () => T) =>
    new DataLoader<string, T | null>(async (ids) => byKeys(ids, (await em.find(entity, { id: { $in: [...ids] } } as never)) as T[], (row) => row.id));
  return {
    productById: byId(Product),
    variantById: byId(ProductVariant),
    supplierById: byId(Supplier),
    warehouseById: byId(Warehouse),
    variantsByProductId: new DataLoader<string, ProductVariant[]>(async (ids) =>
      groupBy(ids, await em.find(ProductVariant, { product: { $in: [...ids] }, deletedAt: null }, { orderBy: { sku: 'asc' } }), (v) => v.product.id),
    ),
    stockLevelsByVariantId: new DataLoader<string, StockLevel[]>(async (ids) =>
      groupBy(ids, await em.find(StockLevel, { variant: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }), (s) => s.variant.id),
    ),
    offersByVariantId: new DataLoader<string, SupplierOffer[]>(async (ids) =>
      groupBy(ids, await em.find(SupplierOffer, { variant: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }), (o) => o.variant.id),
    ),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
