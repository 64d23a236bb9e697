import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { Warehouse } from './warehouse.entity.js';

export enum StockMovementType {
  RECEIPT = 'receipt',
  ADJUSTMENT = 'adjustment',
  TRANSFER_OUT = 'transfer_out',
  TRANSFER_IN = 'transfer_in',
  RESERVATION = 'reservation',
  RELEASE = 'release',
  SHIPMENT = 'shipment',
  RETURN = 'return',
}
registerEnumType(StockMovementType, { name: 'StockMovementType', description: 'What a ledger entry records.' });

/**
 * The append-only stock ledger: each row changes on-hand and/or reserved quantity of one variant
 * in one warehouse. Stock levels are the sum of these deltas (a test checks they never drift).
 * The request role may insert and read, never update or delete.
 */
@Entity({ tableName: 'stock_movements' })
@ObjectType({ implements: Node, description: 'An entry of the append-only stock ledger.' })
@Index({ properties: ['variant', 'warehouse', 'createdAt'] })
export class StockMovement extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the entry.' })
  declare id: string;

  @Field(() => Date, { description: 'When it was recorded (UTC).' })
  declare createdAt: Opt<Date>;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @ManyToOne({ entity: () => Warehouse, ref: true, deleteRule: 'cascade', index: true })
  warehouse!: Ref<Warehouse>;

  @Enum({ items: () => StockMovementType, nativeEnumName: 'stock_movement_type' })
  @Field(() => StockMovementType, { description: 'Kind of movement.' })
  type!: StockMovementType;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Change of on-hand units.' })
  onHandDelta!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Change of reserved units.' })
  reservedDelta!: number;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Why.' })
  reason: string = '';

  /** What caused it, e.g. an order number or a transfer id. */
  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'What caused it, e.g. an order number.' })
  reference: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'User who recorded it.' })
  createdBy: string | null = null;
}
