import { Field, InputType, registerEnumType } from 'type-graphql';
import {
  BooleanFilter,
  DateTimeFilter,
  MoneyFilter,
  onMoney,
  IDFilter,
  IntFilter,
  OrderDirection,
  StringFilter,
  type FilterMapping,
  on,
  onId,
  onPath,
} from '../../../shared/filters.js';
import { PriceKind } from '../price-change.entity.js';
import { ProductStatus } from '../product.entity.js';
import { StockMovementType } from '../stock-movement.entity.js';

@InputType({ description: 'Conditions on a product status.' })
export class ProductStatusFilter {
  @Field(() => ProductStatus, { nullable: true, description: 'Equal to.' })
  eq?: ProductStatus | null;
  @Field(() => ProductStatus, { nullable: true, description: 'Not equal to.' })
  neq?: ProductStatus | null;
  @Field(() => [ProductStatus], { nullable: true, description: 'One of.' })
  in?: ProductStatus[] | null;
}

@InputType({ description: 'Conditions on a stock movement type.' })
export class StockMovementTypeFilter {
  @Field(() => StockMovementType, { nullable: true, description: 'Equal to.' })
  eq?: StockMovementType | null;
  @Field(() => [StockMovementType], { nullable: true, description: 'One of.' })
  in?: StockMovementType[] | null;
}

@InputType({ description: 'Which suppliers to list; conditions are ANDed, combine with and/or/not.' })
export class SupplierFilter {
  @Field(() => [SupplierFilter], { nullable: true, description: 'All of these.' })
  and?: SupplierFilter[] | null;
  @Field(() => [SupplierFilter], { nullable: true, description: 'Any of these.' })
  or?: SupplierFilter[] | null;
  @Field(() => SupplierFilter, { nullable: true, description: 'Not this.' })
  not?: SupplierFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Supplier ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'E-mail.' })
  email?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'External ID.' })
  externalId?: StringFilter | null;
  @Field(() => BooleanFilter, { nullable: true, description: 'Active.' })
  active?: BooleanFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Lead time in days.' })
  leadTimeDays?: IntFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

export const supplierFilterMapping: FilterMapping<SupplierFilter> = {
  id: onId('id'),
  name: on('name'),
  email: on('email'),
  externalId: on('externalId'),
  active: on('active'),
  leadTimeDays: on('leadTimeDays'),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which products to list; conditions are ANDed, combine with and/or/not.' })
export class ProductFilter {
  @Field(() => [ProductFilter], { nullable: true, description: 'All of these.' })
  and?: ProductFilter[] | null;
  @Field(() => [ProductFilter], { nullable: true, description: 'Any of these.' })
  or?: ProductFilter[] | null;
  @Field(() => ProductFilter, { nullable: true, description: 'Not this.' })
  not?: ProductFilter | null;
  @Field(() => String, {
    nullable: true,
    description: "Full-text search over name, description, brand, category, tags and the variants' SKUs, names and barcodes (whole words).",
  })
  search?: string | null;
  @Field(() => IDFilter, { nullable: true, description: 'Product ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Category.' })
  category?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Brand.' })
  brand?: StringFilter | null;
  @Field(() => ProductStatusFilter, { nullable: true, description: 'Status.' })
  status?: ProductStatusFilter | null;
  @Field(() => String, { nullable: true, description: 'Has this tag.' })
  tag?: string | null;
  @Field(() => StringFilter, { nullable: true, description: 'External ID.' })
  externalId?: StringFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Default supplier ID.' })
  defaultSupplierId?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Has a variant whose SKU matches.' })
  variantSku?: StringFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

const fullText = (q: string) => ({ $fulltext: q });

export const productFilterMapping: FilterMapping<ProductFilter> = {
  search: (q) => ({ $or: [{ search: fullText(q) }, { variants: { $some: { search: fullText(q), deletedAt: null } } }] }),
  id: onId('id'),
  name: on('name'),
  category: on('category'),
  brand: on('brand'),
  status: on('status'),
  tag: (tag) => ({ tags: { $contains: [tag] } }),
  externalId: on('externalId'),
  defaultSupplierId: onId('defaultSupplier'),
  variantSku: (ops) => ({ variants: { $some: on('sku')(ops) } }),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which variants to list; conditions are ANDed, combine with and/or/not.' })
export class ProductVariantFilter {
  @Field(() => [ProductVariantFilter], { nullable: true, description: 'All of these.' })
  and?: ProductVariantFilter[] | null;
  @Field(() => [ProductVariantFilter], { nullable: true, description: 'Any of these.' })
  or?: ProductVariantFilter[] | null;
  @Field(() => ProductVariantFilter, { nullable: true, description: 'Not this.' })
  not?: ProductVariantFilter | null;
  @Field(() => String, { nullable: true, description: 'Full-text search over SKU, name and barcode (whole words).' })
  search?: string | null;
  @Field(() => IDFilter, { nullable: true, description: 'Variant ID.' })
  id?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Product ID.' })
  productId?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'SKU.' })
  sku?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Barcode.' })
  barcode?: StringFilter | null;
  @Field(() => BooleanFilter, { nullable: true, description: 'Active.' })
  active?: BooleanFilter | null;
  @Field(() => MoneyFilter, { nullable: true, description: 'List price, e.g. { lt: { amount: 5000, currency: "USD" } }.' })
  listPrice?: MoneyFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Currency of the prices.' })
  currency?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: "The product's category." })
  productCategory?: StringFilter | null;
  @Field(() => ProductStatusFilter, { nullable: true, description: "The product's status." })
  productStatus?: ProductStatusFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'Creation time.' })
  createdAt?: DateTimeFilter | null;
}

export const variantFilterMapping: FilterMapping<ProductVariantFilter> = {
  search: (q) => ({ search: fullText(q) }),
  id: onId('id'),
  productId: onId('product'),
  sku: on('sku'),
  name: on('name'),
  barcode: on('barcode'),
  active: on('active'),
  listPrice: onMoney('amount', 'currency', (leaf) => ({ listPrice: leaf })),
  currency: onPath('listPrice', 'currency'),
  productCategory: onPath('product', 'category'),
  productStatus: onPath('product', 'status'),
  createdAt: on('createdAt'),
};

@InputType({ description: 'Which warehouses to list.' })
export class WarehouseFilter {
  @Field(() => [WarehouseFilter], { nullable: true, description: 'All of these.' })
  and?: WarehouseFilter[] | null;
  @Field(() => [WarehouseFilter], { nullable: true, description: 'Any of these.' })
  or?: WarehouseFilter[] | null;
  @Field(() => WarehouseFilter, { nullable: true, description: 'Not this.' })
  not?: WarehouseFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Warehouse ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Code.' })
  code?: StringFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Name.' })
  name?: StringFilter | null;
  @Field(() => BooleanFilter, { nullable: true, description: 'Active.' })
  active?: BooleanFilter | null;
}

export const warehouseFilterMapping: FilterMapping<WarehouseFilter> = { id: onId('id'), code: on('code'), name: on('name'), active: on('active') };

@InputType({ description: 'Which stock levels to list.' })
export class StockLevelFilter {
  @Field(() => [StockLevelFilter], { nullable: true, description: 'All of these.' })
  and?: StockLevelFilter[] | null;
  @Field(() => [StockLevelFilter], { nullable: true, description: 'Any of these.' })
  or?: StockLevelFilter[] | null;
  @Field(() => StockLevelFilter, { nullable: true, description: 'Not this.' })
  not?: StockLevelFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Variant ID.' })
  variantId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Warehouse ID.' })
  warehouseId?: IDFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Units on hand.' })
  onHand?: IntFilter | null;
  @Field(() => IntFilter, { nullable: true, description: 'Units reserved.' })
  reserved?: IntFilter | null;
}

export const stockLevelFilterMapping: FilterMapping<StockLevelFilter> = {
  variantId: onId('variant'),
  warehouseId: onId('warehouse'),
  onHand: on('onHand'),
  reserved: on('reserved'),
};

@InputType({ description: 'Which ledger entries to list.' })
export class StockMovementFilter {
  @Field(() => [StockMovementFilter], { nullable: true, description: 'All of these.' })
  and?: StockMovementFilter[] | null;
  @Field(() => [StockMovementFilter], { nullable: true, description: 'Any of these.' })
  or?: StockMovementFilter[] | null;
  @Field(() => StockMovementFilter, { nullable: true, description: 'Not this.' })
  not?: StockMovementFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Variant ID.' })
  variantId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Warehouse ID.' })
  warehouseId?: IDFilter | null;
  @Field(() => StockMovementTypeFilter, { nullable: true, description: 'Type.' })
  type?: StockMovementTypeFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Reference.' })
  reference?: StringFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was recorded.' })
  createdAt?: DateTimeFilter | null;
}

export const stockMovementFilterMapping: FilterMapping<StockMovementFilter> = {
  variantId: onId('variant'),
  warehouseId: onId('warehouse'),
  type: on('type'),
  reference: on('reference'),
  createdAt: on('createdAt'),
};

export enum SupplierOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  LEAD_TIME_DAYS = 'leadTimeDays',
}
export enum ProductOrderField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
  STATUS = 'status',
}
export enum ProductVariantOrderField {
  SKU = 'sku',
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
export enum WarehouseOrderField {
  CODE = 'code',
  NAME = 'name',
  CREATED_AT = 'createdAt',
}
export enum StockLevelOrderField {
  ON_HAND = 'onHand',
  RESERVED = 'reserved',
  CREATED_AT = 'createdAt',
}
export enum StockMovementOrderField {
  CREATED_AT = 'createdAt',
}
registerEnumType(WarehouseOrderField, { name: 'WarehouseSortField', description: 'What to sort warehouses by.' });
registerEnumType(StockLevelOrderField, { name: 'StockLevelSortField', description: 'What to sort stock levels by.' });
registerEnumType(StockMovementOrderField, { name: 'StockMovementSortField', description: 'What to sort ledger entries by.' });
registerEnumType(SupplierOrderField, { name: 'SupplierSortField', description: 'What to sort suppliers by.' });
registerEnumType(ProductOrderField, { name: 'ProductSortField', description: 'What to sort products by.' });
registerEnumType(ProductVariantOrderField, { name: 'ProductVariantSortField', description: 'What to sort variants by.' });

@InputType('SupplierSort', { description: 'Sort order of suppliers (ties broken by ID).' })
export class SupplierOrder {
  @Field(() => SupplierOrderField, { description: 'Field to sort by.' })
  field!: SupplierOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('ProductSort', { description: 'Sort order of products (ties broken by ID).' })
export class ProductOrder {
  @Field(() => ProductOrderField, { description: 'Field to sort by.' })
  field!: ProductOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('ProductVariantSort', { description: 'Sort order of variants (ties broken by ID).' })
export class ProductVariantOrder {
  @Field(() => ProductVariantOrderField, { description: 'Field to sort by.' })
  field!: ProductVariantOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('WarehouseSort', { description: 'Sort order of warehouses (ties broken by ID).' })
export class WarehouseOrder {
  @Field(() => WarehouseOrderField, { description: 'Field to sort by.' })
  field!: WarehouseOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('StockLevelSort', { description: 'Sort order of stock levels (ties broken by ID).' })
export class StockLevelOrder {
  @Field(() => StockLevelOrderField, { description: 'Field to sort by.' })
  field!: StockLevelOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType('StockMovementSort', { description: 'Sort order of ledger entries (ties broken by ID).' })
export class StockMovementOrder {
  @Field(() => StockMovementOrderField, { description: 'Field to sort by.' })
  field!: StockMovementOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: 'Direction (newest first by default).' })
  direction: OrderDirection = OrderDirection.DESC;
}

export { PriceKind };
