import { Field, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Product } from '../product.entity.js';
import { ProductVariant } from '../product-variant.entity.js';
import { StockLevel } from '../stock-level.entity.js';
import { Supplier } from '../supplier.entity.js';
import { SupplierOffer } from '../supplier-offer.entity.js';
import { Warehouse } from '../warehouse.entity.js';

@ObjectType({ description: 'Result of a supplier mutation.' })
export class SupplierPayload {
  @Field(() => Supplier, { nullable: true, description: 'The supplier as it is now.' })
  supplier?: Supplier;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a product mutation.' })
export class ProductPayload {
  @Field(() => Product, { nullable: true, description: 'The product as it is now.' })
  product?: Product;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS for SKUs, NOT_FOUND for the supplier).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a variant mutation.' })
export class ProductVariantPayload {
  @Field(() => ProductVariant, { nullable: true, description: 'The variant as it is now.' })
  productVariant?: ProductVariant;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS, CURRENCY_MISMATCH).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a warehouse mutation.' })
export class WarehousePayload {
  @Field(() => Warehouse, { nullable: true, description: 'The warehouse as it is now.' })
  warehouse?: Warehouse;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, REQUIRED, ALREADY_EXISTS).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of setting a supplier offer.' })
export class SupplierOfferPayload {
  @Field(() => SupplierOffer, { nullable: true, description: 'The offer as it is now.' })
  supplierOffer?: SupplierOffer;
  @Field(() => [UserError], { description: 'Validation errors (INVALID, NOT_FOUND).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a stock movement.' })
export class StockPayload {
  @Field(() => [StockLevel], { description: 'Stock levels after the movement (two for a transfer: source, then destination).' })
  stockLevels!: StockLevel[];
  @Field(() => [UserError], { description: 'INVALID, NOT_FOUND (variant, warehouse) or INSUFFICIENT_STOCK; nothing is recorded then.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Outcome of one row of a bulk product mutation.' })
export class BulkProductResult {
  @Field(() => Int, { description: 'Position of the row in the input.' })
  index!: number;
  @Field(() => Product, {
    nullable: true,
    description: 'The saved product; null when this row failed or the call was all-or-nothing and another row failed.',
  })
  product!: Product | null;
  @Field(() => [UserError], { description: "This row's errors." })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a bulk product mutation.' })
export class BulkProductsPayload {
  @Field(() => [BulkProductResult], { description: 'One result per input row, in order.' })
  results!: BulkProductResult[];
  @Field(() => [UserError], { description: 'Errors about the call as a whole (too many rows; nothing saved in all-or-nothing mode).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Outcome of one row of a bulk variant mutation.' })
export class BulkProductVariantResult {
  @Field(() => Int, { description: 'Position of the row in the input.' })
  index!: number;
  @Field(() => ProductVariant, {
    nullable: true,
    description: 'The saved variant; null when this row failed or the call was all-or-nothing and another row failed.',
  })
  productVariant!: ProductVariant | null;
  @Field(() => [UserError], { description: "This row's errors." })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a bulk variant mutation.' })
export class BulkProductVariantsPayload {
  @Field(() => [BulkProductVariantResult], { description: 'One result per input row, in order.' })
  results!: BulkProductVariantResult[];
  @Field(() => [UserError], { description: 'Errors about the call as a whole (too many rows; nothing saved in all-or-nothing mode).' })
  errors!: UserError[];
}
