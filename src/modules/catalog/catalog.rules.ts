import { rule } from 'graphql-shield';
import type { Context } from '../../context.js';
import { allow, and, featureVerdict, hasFeature, hasRole, isMember, type RuleMap } from '../../shared/permissions.js';
import { Role } from '../core/membership.entity.js';

const SUPPLIER_FEATURE = 'catalog.manage_suppliers';
const SUPPLIERS = hasFeature(SUPPLIER_FEATURE);

/** True when `defaultSupplierId` appears anywhere in the arguments (inputs, bulk rows, filters). */
function mentionsSupplier(value: unknown, depth = 0): boolean {
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => mentionsSupplier(v, depth + 1));
  return Object.entries(value).some(([key, v]) => (key === 'defaultSupplierId' && v !== undefined) || mentionsSupplier(v, depth + 1));
}

/** Setting or filtering by a product's default supplier is supplier data: it needs the plan feature too. */
const supplierArgsNeedFeature = rule('supplierArgsNeedFeature', { cache: 'strict' })(async (_parent, args, ctx: Context) =>
  mentionsSupplier(args) ? featureVerdict(ctx, SUPPLIER_FEATURE) : true,
);
/** Viewers read; members and above change the catalog. */
const editor = hasRole(Role.OWNER, Role.ADMIN, Role.MEMBER);
const supplierEditor = and(editor, SUPPLIERS);

export const catalogRules: RuleMap = {
  Query: {
    supplier: and(isMember, SUPPLIERS),
    suppliers: and(isMember, SUPPLIERS),
    product: isMember,
    products: and(isMember, supplierArgsNeedFeature),
    productVariant: isMember,
    productVariants: isMember,
    priceHistory: isMember,
    priceAt: isMember,
    warehouse: isMember,
    warehouses: isMember,
    stockLevels: isMember,
    stockMovements: isMember,
    lowStockVariants: isMember,
  },
  Mutation: {
    createSupplier: supplierEditor,
    updateSupplier: supplierEditor,
    deleteSupplier: supplierEditor,
    restoreSupplier: supplierEditor,
    setSupplierOffer: supplierEditor,
    removeSupplierOffer: supplierEditor,
    createProduct: and(editor, supplierArgsNeedFeature),
    updateProduct: and(editor, supplierArgsNeedFeature),
    deleteProduct: editor,
    restoreProduct: editor,
    createProductVariant: editor,
    updateProductVariant: editor,
    deleteProductVariant: editor,
    restoreProductVariant: editor,
    bulkCreateProducts: and(editor, supplierArgsNeedFeature),
    bulkUpdateProducts: and(editor, supplierArgsNeedFeature),
    bulkCreateProductVariants: editor,
    bulkUpdateProductVariants: editor,
    createWarehouse: editor,
    updateWarehouse: editor,
    deleteWarehouse: editor,
    restoreWarehouse: editor,
    receiveStock: editor,
    adjustStock: editor,
    transferStock: editor,
  },
  // Supplier data inside other types follows the plan feature too.
  Product: { '*': allow, defaultSupplier: SUPPLIERS },
  ProductVariant: { '*': allow, offers: SUPPLIERS },
  Supplier: { '*': allow },
  SupplierOffer: { '*': allow },
  PriceChange: { '*': allow },
  Warehouse: { '*': allow },
  StockLevel: { '*': allow },
  StockMovement: { '*': allow },
  SupplierPayload: { '*': allow },
  ProductPayload: { '*': allow },
  ProductVariantPayload: { '*': allow },
  WarehousePayload: { '*': allow },
  SupplierOfferPayload: { '*': allow },
  StockPayload: { '*': allow },
  BulkProductResult: { '*': allow },
  BulkProductsPayload: { '*': allow },
  BulkProductVariantResult: { '*': allow },
  BulkProductVariantsPayload: { '*': allow },
  SupplierConnection: { '*': allow },
  SupplierEdge: { '*': allow },
  ProductConnection: { '*': allow },
  ProductEdge: { '*': allow },
  ProductVariantConnection: { '*': allow },
  ProductVariantEdge: { '*': allow },
  WarehouseConnection: { '*': allow },
  WarehouseEdge: { '*': allow },
  StockLevelConnection: { '*': allow },
  StockLevelEdge: { '*': allow },
  StockMovementConnection: { '*': allow },
  StockMovementEdge: { '*': allow },
};
