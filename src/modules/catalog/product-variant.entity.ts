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
@Unique({ properties: ['organization', 'sku'] })
@Check({ name: 'product_variants_prices_non_negative', expression: 'list_price_amount >= 0 and unit_cost_amount >= 0' })
@Check({ name: 'product_variants_same_currency', expression: 'list_price_currency = unit_cost_currency' })
export class ProductVariant extends TenantEntity {
  @ManyToOne({ entity: () => Product, ref: true, deleteRule: 'cascade', index: true })
  product!: Ref<Product>;

  @Property({ type: 'string', length: 100 })
  sku!: string;

  @Property({ type: 'string', length: 300 })
  name!: string;

  /** Free-form attributes such as `{ "size": "M", "colour": "red" }`. */
  @Property({ type: 'json', default: '{}' })
  attributes: Opt<Record<string, string | number | boolean>> = {};

  @Property({ type: 'string', length: 100, nullable: true })
  barcode: string | null = null;

  @Property({ type: 'string', length: 20, default: 'each' })
  unitOfMeasure: Opt<string> = 'each';

  @Property({ type: 'integer', nullable: true })
  weightGrams: number | null = null;

  @Embedded(() => Money, { prefix: 'list_price_' })
  listPrice!: Money;

  @Embedded(() => Money, { prefix: 'unit_cost_' })
  unitCost!: Money;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'integer', default: 0 })
  lowStockThreshold: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  reorderPoint: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  reorderQuantity: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
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
