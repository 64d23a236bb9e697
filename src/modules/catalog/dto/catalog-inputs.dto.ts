import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MoneyInput } from '../../../shared/money.js';
import { ProductStatus } from '../product.entity.js';

@InputType({ description: 'A new supplier. Needs `catalog.manage_suppliers`.' })
export class CreateSupplierInput {
  @Field(() => String, { description: 'Display name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'Contact e-mail.' })
  email?: string | null;
  @Field(() => String, { nullable: true, description: 'Contact phone.' })
  phone?: string | null;
  @Field(() => String, { nullable: true, description: 'Website URL.' })
  website?: string | null;
  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address?: string | null;
  @Field(() => String, { nullable: true, description: 'Payment terms.' })
  paymentTerms?: string | null;
  @Field(() => Int, { nullable: true, description: 'Usual lead time in days.' })
  leadTimeDays?: number | null;
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
  @Field(() => String, { nullable: true, description: 'External ID, unique per organization.' })
  externalId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Active (default true).' })
  active?: boolean | null;
}

@InputType({ description: 'Changes to a supplier; omitted fields stay, null clears. Needs `catalog.manage_suppliers`.' })
export class UpdateSupplierInput extends CreateSupplierInput {
  @Field(() => ID, { description: 'Supplier to change.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'New name.' })
  declare name: string;
}

@InputType({ description: 'Names a record by ID (delete, restore).' })
export class IdInput {
  @Field(() => ID, { description: 'ID of the record.' })
  id!: string;
}

@InputType({ description: 'A variant of a product being created.' })
export class ProductVariantInput {
  @Field(() => String, { description: 'SKU, unique per organization.' })
  sku!: string;
  @Field(() => String, { description: 'Variant name.' })
  name!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Attributes such as size and colour.' })
  attributes?: Record<string, string | number | boolean> | null;
  @Field(() => String, { nullable: true, description: 'Barcode.' })
  barcode?: string | null;
  @Field(() => String, { nullable: true, description: 'Unit of measure (default each).' })
  unitOfMeasure?: string | null;
  @Field(() => Int, { nullable: true, description: 'Weight in grams.' })
  weightGrams?: number | null;
  @Field(() => MoneyInput, { description: "List price; its currency is the variant's (both prices share it)." })
  listPrice!: MoneyInput;
  @Field(() => MoneyInput, { nullable: true, description: 'Unit cost, in the list price currency (CURRENCY_MISMATCH otherwise); 0 when omitted.' })
  unitCost?: MoneyInput | null;
  @Field(() => Boolean, { nullable: true, description: 'Active (default true).' })
  active?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Low-stock threshold.' })
  lowStockThreshold?: number | null;
  @Field(() => Int, { nullable: true, description: 'Reorder point.' })
  reorderPoint?: number | null;
  @Field(() => Int, { nullable: true, description: 'Reorder quantity.' })
  reorderQuantity?: number | null;
  @Field(() => String, { nullable: true, description: 'Reason recorded in the price history.' })
  priceChangeReason?: string | null;
}

@InputType({ description: 'A new variant of an existing product.' })
export class CreateProductVariantInput extends ProductVariantInput {
  @Field(() => ID, { description: 'Product to add the variant to.' })
  productId!: string;
}

@InputType({ description: 'Changes to a variant; omitted fields stay. Price changes are recorded in the price history with `priceChangeReason`.' })
export class UpdateProductVariantInput extends ProductVariantInput {
  @Field(() => ID, { description: 'Variant to change.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'New SKU.' })
  declare sku: string;
  @Field(() => String, { nullable: true, description: 'New name.' })
  declare name: string;
  @Field(() => MoneyInput, {
    nullable: true,
    description: "New list price, in the variant's currency (a variant's currency is fixed: CURRENCY_MISMATCH otherwise).",
  })
  declare listPrice: MoneyInput;
}

@InputType({ description: 'A new product with its variants (at least one, at most 100).' })
export class CreateProductInput {
  @Field(() => String, { description: 'Display name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'Description.' })
  description?: string | null;
  @Field(() => String, { nullable: true, description: 'Category.' })
  category?: string | null;
  @Field(() => String, { nullable: true, description: 'Brand.' })
  brand?: string | null;
  @Field(() => ProductStatus, { nullable: true, description: 'Status (default DRAFT: not sold until set ACTIVE).' })
  status?: ProductStatus | null;
  @Field(() => ID, { nullable: true, description: 'Default supplier.' })
  defaultSupplierId?: string | null;
  @Field(() => [String], { nullable: true, description: 'Tags.' })
  tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'External ID, unique per organization.' })
  externalId?: string | null;
  @Field(() => [ProductVariantInput], { description: 'Variants (1 to 100).' })
  variants!: ProductVariantInput[];
}

@InputType({ description: 'Changes to a product; omitted fields stay, null clears. Variants change through their own mutations.' })
export class UpdateProductInput {
  @Field(() => ID, { description: 'Product to change.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'Description.' })
  description?: string | null;
  @Field(() => String, { nullable: true, description: 'Category.' })
  category?: string | null;
  @Field(() => String, { nullable: true, description: 'Brand.' })
  brand?: string | null;
  @Field(() => ProductStatus, { nullable: true, description: 'Status.' })
  status?: ProductStatus | null;
  @Field(() => ID, { nullable: true, description: 'Default supplier (null clears).' })
  defaultSupplierId?: string | null;
  @Field(() => [String], { nullable: true, description: 'Tags (replaces the list).' })
  tags?: string[] | null;
  @Field(() => String, { nullable: true, description: 'External ID.' })
  externalId?: string | null;
}

@InputType({ description: 'A new warehouse.' })
export class CreateWarehouseInput {
  @Field(() => String, { description: 'Display name.' })
  name!: string;
  @Field(() => String, { description: 'Short code, unique per organization (stored upper-case).' })
  code!: string;
  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Active (default true).' })
  active?: boolean | null;
}

@InputType({ description: 'Changes to a warehouse; omitted fields stay.' })
export class UpdateWarehouseInput {
  @Field(() => ID, { description: 'Warehouse to change.' })
  id!: string;
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string | null;
  @Field(() => String, { nullable: true, description: 'New code.' })
  code?: string | null;
  @Field(() => String, { nullable: true, description: 'Address.' })
  address?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Active.' })
  active?: boolean | null;
}

@InputType({ description: 'Sets what a supplier charges for a variant (creates or replaces the offer). Needs `catalog.manage_suppliers`.' })
export class SetSupplierOfferInput {
  @Field(() => ID, { description: 'Variant.' })
  variantId!: string;
  @Field(() => ID, { description: 'Supplier.' })
  supplierId!: string;
  @Field(() => String, { nullable: true, description: "The supplier's SKU." })
  supplierSku?: string | null;
  @Field(() => MoneyInput, { description: 'Cost per unit, in any currency the supplier charges in.' })
  cost!: MoneyInput;
  @Field(() => Int, { nullable: true, description: 'Lead time in days.' })
  leadTimeDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Minimum order quantity (default 1).' })
  minimumOrderQuantity?: number | null;
}

@InputType({ description: 'A stock movement in one warehouse.' })
export class StockMovementInput {
  @Field(() => ID, { description: 'Variant.' })
  variantId!: string;
  @Field(() => ID, { description: 'Warehouse.' })
  warehouseId!: string;
  @Field(() => Int, { description: 'Units: positive for receipts; signed for adjustments.' })
  quantity!: number;
  @Field(() => String, { nullable: true, description: 'Why (recorded in the ledger).' })
  reason?: string | null;
  @Field(() => String, { nullable: true, description: 'What caused it, e.g. a purchase order number.' })
  reference?: string | null;
}

@InputType({ description: 'Moves available stock between two warehouses.' })
export class TransferStockInput {
  @Field(() => ID, { description: 'Variant.' })
  variantId!: string;
  @Field(() => ID, { description: 'Source warehouse.' })
  fromWarehouseId!: string;
  @Field(() => ID, { description: 'Destination warehouse.' })
  toWarehouseId!: string;
  @Field(() => Int, { description: 'Units to move (positive).' })
  quantity!: number;
  @Field(() => String, { nullable: true, description: 'Why.' })
  reason?: string | null;
  @Field(() => String, { nullable: true, description: 'Reference shared by both ledger entries (generated when omitted).' })
  reference?: string | null;
}

@InputType({ description: 'Creates up to 100 products in one call.' })
export class BulkCreateProductsInput {
  @Field(() => [CreateProductInput], { description: 'Products (1 to 100).' })
  products!: CreateProductInput[];
  @Field(() => Boolean, { defaultValue: false, description: 'true: if any row fails, none is saved.' })
  allOrNothing: boolean = false;
}

@InputType({ description: 'Updates up to 100 products in one call.' })
export class BulkUpdateProductsInput {
  @Field(() => [UpdateProductInput], { description: 'Changes (1 to 100).' })
  products!: UpdateProductInput[];
  @Field(() => Boolean, { defaultValue: false, description: 'true: if any row fails, none is saved.' })
  allOrNothing: boolean = false;
}

@InputType({ description: 'Creates up to 100 variants in one call.' })
export class BulkCreateProductVariantsInput {
  @Field(() => [CreateProductVariantInput], { description: 'Variants (1 to 100).' })
  variants!: CreateProductVariantInput[];
  @Field(() => Boolean, { defaultValue: false, description: 'true: if any row fails, none is saved.' })
  allOrNothing: boolean = false;
}

@InputType({ description: 'Updates up to 100 variants in one call.' })
export class BulkUpdateProductVariantsInput {
  @Field(() => [UpdateProductVariantInput], { description: 'Changes (1 to 100).' })
  variants!: UpdateProductVariantInput[];
  @Field(() => Boolean, { defaultValue: false, description: 'true: if any row fails, none is saved.' })
  allOrNothing: boolean = false;
}
