import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Embedded, Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Money } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';

/** What a supplier charges for a variant, how fast and in what minimum quantity. */
@Entity({ tableName: 'supplier_offers' })
@ObjectType({ implements: Node, description: 'What a supplier charges for a variant. Needs the plan feature `catalog.manage_suppliers`.' })
@Unique({ properties: ['variant', 'supplier'] })
export class SupplierOffer extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the offer.' })
  declare id: string;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade', index: true })
  variant!: Ref<ProductVariant>;

  @ManyToOne({ entity: () => Supplier, ref: true, deleteRule: 'cascade', index: true })
  supplier!: Ref<Supplier>;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: "The supplier's own SKU." })
  supplierSku: string | null = null;

  @Embedded(() => Money, { prefix: 'cost_' })
  @Field(() => Money, { description: 'Purchase cost per unit.' })
  cost!: Money;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Days from order to delivery for this offer.' })
  leadTimeDays: number | null = null;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Smallest quantity the supplier accepts.' })
  minimumOrderQuantity: Opt<number> = 1;
}
