import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { Warehouse } from './warehouse.entity.js';

/**
 * Stock of one variant in one warehouse: the running sum of the movement ledger. Written only by
 * the inventory service, together with the movement, in one statement each (no read-modify-write).
 * The checks make overselling impossible even for a concurrent writer.
 */
@Entity({ tableName: 'stock_levels' })
@ObjectType({ implements: Node, description: 'Stock of one variant in one warehouse, derived from the movement ledger.' })
@Unique({ properties: ['variant', 'warehouse'] })
@Check({ name: 'stock_levels_quantities_valid', expression: 'on_hand >= 0 and reserved >= 0 and reserved <= on_hand' })
export class StockLevel extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the stock level.' })
  declare id: string;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade', index: true })
  variant!: Ref<ProductVariant>;

  @ManyToOne({ entity: () => Warehouse, ref: true, deleteRule: 'cascade', index: true })
  warehouse!: Ref<Warehouse>;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Units physically in the warehouse.' })
  onHand: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Units set aside for orders.' })
  reserved: Opt<number> = 0;

  @Field(() => Int, { description: 'On hand minus reserved.' })
  get available(): number {
    return this.onHand - this.reserved;
  }
}
