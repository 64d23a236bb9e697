import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import { User } from '../core/user.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { ShipmentStatus } from './orders-enums.js';

/** Goods leaving a warehouse for an order: shipping turns the order's reservations into stock shipments. */
@Entity({ tableName: 'shipments' })
@ObjectType({
  implements: Node,
  description:
    "Goods leaving a warehouse for an order; shipping turns the order's reservations into stock shipments. Needs `sales.order_management`.",
})
export class Shipment extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the shipment.' })
  declare id: string;

  @ManyToOne({ entity: () => SalesOrder, ref: true, deleteRule: 'restrict', index: true })
  order!: Ref<SalesOrder>;

  @ManyToOne({ entity: () => Warehouse, ref: true, deleteRule: 'restrict' })
  warehouse!: Ref<Warehouse>;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Carrier, e.g. UPS.' })
  carrier: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: "Carrier's tracking number." })
  trackingNumber: string | null = null;

  @Enum({ items: () => ShipmentStatus, nativeEnumName: 'shipment_status', default: ShipmentStatus.SHIPPED })
  @Field(() => ShipmentStatus, { description: 'Shipped or delivered.' })
  status: Opt<ShipmentStatus> = ShipmentStatus.SHIPPED;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When it left the warehouse (UTC).' })
  shippedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was delivered (UTC).' })
  deliveredAt: Date | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;
}

@Entity({ tableName: 'shipment_lines' })
@ObjectType({ implements: Node, description: 'A quantity of one order line in a shipment.' })
@Check({ name: 'shipment_lines_quantity_positive', expression: 'quantity > 0' })
export class ShipmentLine extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the line.' })
  declare id: string;

  @ManyToOne({ entity: () => Shipment, ref: true, deleteRule: 'cascade', index: true })
  shipment!: Ref<Shipment>;

  @ManyToOne({ entity: () => OrderLine, ref: true, deleteRule: 'restrict', index: true })
  orderLine!: Ref<OrderLine>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Quantity shipped.' })
  quantity!: number;
}
