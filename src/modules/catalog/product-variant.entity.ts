import { Node } from '../../shared/node.type.js';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Collection, type Opt, type Ref } from '@mikro-orm/core';
import { Check, Embedded, Entity, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { FullTextType } from '@mikro-orm/postgresql';
import { Money } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { Product } from './product.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';

/** What searches match on a variant: SKU, name and barcode. */
export const variantSearchText = (v: Pick<ProductVariant, 'sku' | 'name' | 'barcode'>) => [v.sku, v.name, v.barcode].filter(Boolean).join(' ');

/**
 * A sellable version of a product (size, colour…). List price and unit cost are Money in the
 * variant's currency; every change of either appends to the price history in the same transaction.
 */
@Entity({ tableName: 'product_variants' })
@ObjectType({ implements: Node, description: 'A sellable version of a product (size, colour…), with its own SKU, prices and stock.' })
@Unique({ properties: ['organization', 'sku'] })
@Check({ name: 'product_variants_prices_non_negative', expression: 'list_price_amount >= 0 and unit_cost_amount >= 0' })
@Check({ name: 'product_variants_same_currency', expression: 'list_price_currency = unit_cost_currency' })
export class ProductVariant extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the variant.' })
  declare id: string;

  @Field(() => Date, { description: 'When the variant was created (UTC).' })
  declare createdAt: Opt<Date>;

  @ManyToOne({ entity: () => Product, ref: true, deleteRule: 'cascade', index: true })
  product!: Ref<Product>;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'Stock-keeping unit, unique per organization.' })
  sku!: string;

  @Property({ type: 'string', length: 300 })
  @Field(() => String, { description: 'Variant name, e.g. Red / M.' })
  name!: string;

  /** Free-form attributes such as `{ "size": "M", "colour": "red" }`. */
  @Property({ type: 'json', default: '{}' })
  @Field(() => GraphQLJSONObject, { description: 'Attributes such as size and colour.' })
  attributes: Opt<Record<string, string | number | boolean>> = {};

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Barcode (EAN/UPC).' })
  barcode: string | null = null;

  @Property({ type: 'string', length: 20, default: 'each' })
  @Field(() => String, { description: 'Unit it is sold in, e.g. each, kg.' })
  unitOfMeasure: Opt<string> = 'each';

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Weight in grams.' })
  weightGrams: number | null = null;

  @Embedded(() => Money, { prefix: 'list_price_' })
  @Field(() => Money, { description: 'Selling price (history in priceHistory).' })
  listPrice!: Money;

  @Embedded(() => Money, { prefix: 'unit_cost_' })
  @Field(() => Money, { description: 'Cost per unit, same currency as the list price.' })
  unitCost!: Money;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: 'Whether it can be sold.' })
  active: Opt<boolean> = true;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Available stock at or under this counts as low stock.' })
  lowStockThreshold: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Available stock at which to reorder.' })
  reorderPoint: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'How much to reorder.' })
  reorderQuantity: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;

  @OneToMany({ entity: () => SupplierOffer, mappedBy: 'variant' })
  offers = new Collection<SupplierOffer>(this);

  @Index({ type: 'fulltext' })
  @Property({
    type: new FullTextType('simple'),
    nullable: true,
    lazy: true,
    onCreate: (v: ProductVariant) => variantSearchText(v),
    onUpdate: (v: ProductVariant) => variantSearchText(v),
  })
  search: Opt<string> | null = null;
}
