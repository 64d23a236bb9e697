import type { EntityManager } from '@mikro-orm/sql';
import { loaderById, loaderOfChildren } from '../core/core.loaders.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { Supplier } from './supplier.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';
import { Warehouse } from './warehouse.entity.js';

/** Per-request loaders of the catalog; the request's EntityManager keeps them inside its organization. One query per loader per tick. */
export function createCatalogLoaders(em: EntityManager) {
  return {
    productById: loaderById(em, Product),
    variantById: loaderById(em, ProductVariant),
    supplierById: loaderById(em, Supplier),
    warehouseById: loaderById(em, Warehouse),
    variantsByProductId: loaderOfChildren(em, ProductVariant, 'product', { sku: 'asc' }, { deletedAt: null }),
    stockLevelsByVariantId: loaderOfChildren(em, StockLevel, 'variant', { createdAt: 'asc' }),
    /** The same, with each level's warehouse in the same statement (when the operation selects it). */
    stockLevelsWithWarehouseByVariantId: loaderOfChildren(em, StockLevel, 'variant', { createdAt: 'asc' }, {}, ['warehouse']),
    offersByVariantId: loaderOfChildren(em, SupplierOffer, 'variant', { createdAt: 'asc' }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
