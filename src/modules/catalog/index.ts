import { BulkCatalogResolver } from './bulk.resolver.js';
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
};
