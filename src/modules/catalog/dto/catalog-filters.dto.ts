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

@InputType({ description: 'Conditions on a product status.' })
export class ProductStatusFilter {
  @Field(() => ProductStatus, { nullable: true, description: 'Equal to.' })
  eq?: ProductStatus | null;
  @Field(() => ProductStatus, { nullable: true, description: 'Not equal to.' })
  neq?: ProductStatus | null;
  @Field(() => [ProductStatus], { nullable: true, description: 'One of.' })
  in?: ProductStatus[] | null;
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

export { PriceKind };
