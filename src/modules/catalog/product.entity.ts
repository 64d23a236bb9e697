import { Node } from '../../shared/node.type.js';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Collection, type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import { FullTextType } from '@mikro-orm/postgresql';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';

export enum ProductStatus {
  DRAFT = 'draft',
  ACTIVE = 'active',
  ARCHIVED = 'archived',
}
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description:
    'Lifecycle of a product, and what it allows. Every status can be edited and changed to any other; records that already name the product (order lines, opportunity lines, stock) keep it.',
  valuesConfig: {
    DRAFT: {
      description:
        'Being prepared (the default for a new product): editable, can receive stock ahead of launch, but not sold: refused (INVALID_STATE) on new order lines and opportunity lines.',
    },
    ACTIVE: { description: 'On sale: can be ordered, quoted on opportunities and receive stock.' },
    ARCHIVED: {
      description:
        'No longer sold: refused (INVALID_STATE) on new order and opportunity lines and for stock receipts. Orders and opportunities that already have it keep it (confirm, ship, invoice, returns, adjustments and transfers still work).',
    },
  },
});

/**
 * What each status allows (README "Catalog and inventory"). DRAFT may receive stock because goods
 * usually arrive before a launch; ARCHIVED refuses receipts because nothing new should be bought in
 * for a product that is no longer sold (returns and adjustments still count what comes back).
 */
export const PRODUCT_STATUS_ALLOWS: Record<ProductStatus, { sell: boolean; receiveStock: boolean }> = {
  [ProductStatus.DRAFT]: { sell: false, receiveStock: true },
  [ProductStatus.ACTIVE]: { sell: true, receiveStock: true },
  [ProductStatus.ARCHIVED]: { sell: false, receiveStock: false },
};

/** What searches match on a product: name, description, brand, category and tags. */
export const productSearchText = (p: Pick<Product, 'name' | 'description' | 'brand' | 'category' | 'tags'>) =>
  [p.name, p.description, p.brand, p.category, ...(p.tags ?? [])].filter(Boolean).join(' ');

@Entity({ tableName: 'products' })
// The list's default order, so a page (and its joins) is read from the index, not sorted from every row.
@Index({ properties: ['organization', 'name', 'id'] })
@ObjectType({ implements: Node, description: 'Something the organization sells, with one or more variants.' })
@Unique({ properties: ['organization', 'externalId'] })
export class Product extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the product.' })
  declare id: string;

  @Field(() => Date, { description: 'When the product was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'string', length: 300 })
  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Long description (searchable).' })
  description: Opt<string> = '';

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Category.' })
  category: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Brand.' })
  brand: string | null = null;

  @Enum({ items: () => ProductStatus, nativeEnumName: 'product_status', default: ProductStatus.DRAFT })
  @Field(() => ProductStatus, { description: 'Lifecycle status: only ACTIVE products can be ordered or quoted (see ProductStatus).' })
  status: Opt<ProductStatus> = ProductStatus.DRAFT;

  @ManyToOne({ entity: () => Supplier, ref: true, nullable: true, deleteRule: 'set null', index: true })
  defaultSupplier: Ref<Supplier> | null = null;

  @Property({ type: 'text[]', defaultRaw: "'{}'" })
  @Field(() => [String], { description: 'Tags (searchable).' })
  tags: Opt<string[]> = [];

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Identifier in an integrated system; unique per organization.' })
  externalId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was deleted (soft delete); null while live.' })
  deletedAt: Date | null = null;

  @OneToMany({ entity: () => ProductVariant, mappedBy: 'product' })
  variants = new Collection<ProductVariant>(this);

  /** Full-text search vector (GIN-indexed), kept in step with the searchable fields on every write. */
  @Index({ type: 'fulltext' })
  @Property({
    type: new FullTextType('simple'),
    nullable: true,
    lazy: true,
    onCreate: (p: Product) => productSearchText(p),
    onUpdate: (p: Product) => productSearchText(p),
  })
  search: Opt<string> | null = null;
}
