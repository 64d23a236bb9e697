import type { Ref } from '@mikro-orm/core';
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

/**
 * The append-only stock ledger: each row changes on-hand and/or reserved quantity of one variant
 * in one warehouse. Stock levels are the sum of these deltas (a test checks they never drift).
 * The request role may insert and read, never update or delete.
 */
@Entity({ tableName: 'stock_movements' })
@Index({ properties: ['variant', 'warehouse', 'createdAt'] })
export class StockMovement extends TenantEntity {
  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @ManyToOne({ entity: () => Warehouse, ref: true, deleteRule: 'cascade', index: true })
  warehouse!: Ref<Warehouse>;

  @Enum({ items: () => StockMovementType, nativeEnumName: 'stock_movement_type' })
  type!: StockMovementType;

  @Property({ type: 'integer' })
  onHandDelta!: number;

  @Property({ type: 'integer' })
  reservedDelta!: number;

  @Property({ type: 'text', default: '' })
  reason: string = '';

  /** What caused it, e.g. an order number or a transfer id. */
  @Property({ type: 'string', length: 200, nullable: true })
  reference: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  createdBy: string | null = null;
}
