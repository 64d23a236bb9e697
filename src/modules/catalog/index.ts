import type { NodeSpec } from '../../shared/node.js';
import { PriceChange } from './price-change.entity.js';
import { Product } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { StockMovement } from './stock-movement.entity.js';
import { Supplier } from './supplier.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';
import { Warehouse } from './warehouse.entity.js';
import { BulkCatalogResolver } from './bulk.resolver.js';
import { createCatalogLoaders } from './catalog.loaders.js';
import { catalogRules } from './catalog.rules.js';
import { InventoryResolver, StockLevelResolver, StockMovementResolver } from './inventory.resolver.js';
import { SupplierOfferResolver } from './offer.resolver.js';
import { ProductResolver } from './product.resolver.js';
import { ProductVariantResolver } from './product-variant.resolver.js';
import { SupplierResolver } from './supplier.resolver.js';
import { WarehouseResolver } from './warehouse.resolver.js';

export const catalogModule = {
  resolvers: [
    SupplierResolver,
    ProductResolver,
    ProductVariantResolver,
    WarehouseResolver,
    InventoryResolver,
    StockLevelResolver,
    StockMovementResolver,
    SupplierOfferResolver,
    BulkCatalogResolver,
  ] as const,
  rules: catalogRules,
  loaders: createCatalogLoaders,
  /** Its entities, for the ORM (src/db/entities.ts). */
  entities: [Supplier, Product, ProductVariant, SupplierOffer, PriceChange, Warehouse, StockLevel, StockMovement],
  /** Records `node(id)` refetches, each under the rule of the query that reads it. */
  nodes: [
    { entity: Supplier, query: 'supplier' },
    { entity: SupplierOffer, query: 'supplier' },
    { entity: Product, query: 'product' },
    { entity: ProductVariant, query: 'productVariant' },
    { entity: PriceChange, query: 'priceHistory' },
    { entity: Warehouse, query: 'warehouse' },
    { entity: StockLevel, query: 'stockLevels' },
    { entity: StockMovement, query: 'stockMovements' },
  ] satisfies NodeSpec[],
  handlers: [],
  schedules: [],
  tasks: [],
};
