import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Money, minorUnits } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from '../customers/account.entity.js';
import { Contact } from '../customers/contact.entity.js';
import { Opportunity } from '../customers/opportunity.entity.js';
import { OrderStatus } from './orders-enums.js';

/**
 * A customer order. Totals are computed on the server from integer minor units and stored; lines
 * are editable only while the order is a draft. Needs `sales.order_management`.
 */
@Entity({ tableName: 'orders' })
// Named `Order` in the API, like every operation on it (order, orders, createOrder, OrderPayload.order,
// OrderLine); the class keeps the table's name, as `Order` alone reads as sorting in TypeScript.
@ObjectType('Order', {
  implements: Node,
  description: 'A customer order with lines, discounts, tax and totals computed on the server. Needs `sales.order_management`.',
})
@Unique({ properties: ['organization', 'number'] })
@Index({ properties: ['organization', 'orderedAt'] })
@Check({ name: 'orders_amounts_non_negative', expression: 'discount_amount >= 0 and subtotal_amount >= 0 and total_amount >= 0' })
export class SalesOrder extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the order.' })
  declare id: string;

  @Field(() => Date, { description: 'When the order was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Field(() => Date, { description: 'When the order last changed (UTC).' })
  declare updatedAt: Opt<Date>;

  @Property({ type: 'string', length: 30 })
  @Field(() => String, { description: 'Order number, unique per organization, e.g. SO-000042.' })
  number!: string;

  @ManyToOne({ entity: () => Account, ref: true, deleteRule: 'restrict', index: true })
  account!: Ref<Account>;

  @ManyToOne({ entity: () => Contact, ref: true, nullable: true, deleteRule: 'set null' })
  contact: Ref<Contact> | null = null;

  @ManyToOne({ entity: () => Opportunity, ref: true, nullable: true, deleteRule: 'set null', index: true })
  opportunity: Ref<Opportunity> | null = null;

  @ManyToOne({ entity: () => Warehouse, ref: true, nullable: true, deleteRule: 'restrict' })
  warehouse: Ref<Warehouse> | null = null;

  @Property({ type: 'string', columnType: 'char(3)' })
  @Field(() => String, { description: 'ISO 4217 currency of every amount on the order.' })
  currency!: string;

  @Enum({ items: () => OrderStatus, nativeEnumName: 'order_status', default: OrderStatus.DRAFT })
  @Field(() => OrderStatus, { description: 'Lifecycle status.' })
  status: Opt<OrderStatus> = OrderStatus.DRAFT;

  /** Order-level discount in minor units, spread over the lines in proportion to their net amounts. */
  @Property(minorUnits({ default: 0 }))
  discountAmount: Opt<number> = 0;

  /** Default tax rate of lines that name none, in basis points (1/100 of a percent). */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Default tax rate in basis points (2000 = 20%) for lines without their own.' })
  taxRateBps: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  subtotalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  discountTotalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  taxTotalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  totalAmount: Opt<number> = 0;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Free-form notes.' })
  notes: Opt<string> = '';

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When the order was placed (UTC).' })
  orderedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was confirmed and stock reserved (UTC).' })
  confirmedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the last quantity shipped (UTC).' })
  fulfilledAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was cancelled (UTC).' })
  cancelledAt: Date | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;

  @Field(() => Money, { description: 'Order-level discount, spread over the lines in proportion to their net amounts.' })
  get discount(): Opt<Money> {
    return Money.of(this.discountAmount, this.currency);
  }

  @Field(() => Money, { description: 'Sum of quantity × unit price over the lines.' })
  get subtotal(): Opt<Money> {
    return Money.of(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'All discounts: line discounts plus the order-level discount.' })
  get discountTotal(): Opt<Money> {
    return Money.of(this.discountTotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax over the lines, each rounded half up to the minor unit.' })
  get taxTotal(): Opt<Money> {
    return Money.of(this.taxTotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'subtotal − discountTotal + taxTotal.' })
  get total(): Opt<Money> {
    return Money.of(this.totalAmount, this.currency);
  }
}

/** One line of an order: the price is the variant's list price when ordered, unless overridden with a reason. */
@Entity({ tableName: 'order_lines' })
@ObjectType({
  implements: Node,
  description: "One line of an order. The price is the variant's list price when ordered unless overridden with a reason.",
})
@Unique({ properties: ['order', 'position'] })
@Check({
  name: 'order_lines_quantities',
  expression: 'quantity > 0 and quantity_shipped >= 0 and quantity_shipped <= quantity and quantity_invoiced >= 0 and quantity_invoiced <= quantity',
})
@Check({ name: 'order_lines_rates', expression: 'discount_bps >= 0 and discount_bps <= 10000 and tax_rate_bps >= 0 and tax_rate_bps <= 100000' })
export class OrderLine extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the line.' })
  declare id: string;

  @ManyToOne({ entity: () => SalesOrder, ref: true, deleteRule: 'cascade', index: true })
  order!: Ref<SalesOrder>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Order of the line (0 first).' })
  position!: number;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'restrict', index: true })
  variant!: Ref<ProductVariant>;

  @Property({ type: 'string', length: 100 })
  @Field(() => String, { description: 'SKU when ordered.' })
  sku!: string;

  @Property({ type: 'string', length: 600 })
  @Field(() => String, { description: 'Product and variant name when ordered.' })
  description!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Quantity ordered.' })
  quantity!: number;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @Property(minorUnits())
  unitPriceAmount!: number;

  @Property(minorUnits())
  listPriceAmount!: number;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why the unit price differs from the list price; null when it does not.' })
  priceOverrideReason: string | null = null;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Line discount in basis points (1000 = 10%).' })
  discountBps: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Tax rate in basis points (2000 = 20%).' })
  taxRateBps: Opt<number> = 0;

  @Property({ type: 'boolean', default: true })
  @Field(() => Boolean, { description: "Whether the tax rate is the order's (and follows it when the order's rate changes)." })
  taxRateFromOrder: Opt<boolean> = true;

  @Property(minorUnits({ default: 0 }))
  subtotalAmount: Opt<number> = 0;

  /** This line's share of the order-level discount. */
  @Property(minorUnits({ default: 0 }))
  orderDiscountAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  discountAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  taxAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  totalAmount: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Quantity shipped so far.' })
  quantityShipped: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Quantity on invoices that are not void.' })
  quantityInvoiced: Opt<number> = 0;

  @Field(() => Money, { description: 'Unit price charged.' })
  get unitPrice(): Opt<Money> {
    return Money.of(this.unitPriceAmount, this.currency);
  }

  @Field(() => Money, { description: "The variant's list price when ordered." })
  get listPrice(): Opt<Money> {
    return Money.of(this.listPriceAmount, this.currency);
  }

  @Field(() => Money, { description: 'quantity × unit price.' })
  get subtotal(): Opt<Money> {
    return Money.of(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: "Line discount plus this line's share of the order discount." })
  get discount(): Opt<Money> {
    return Money.of(this.discountAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax on the discounted amount, rounded half up.' })
  get tax(): Opt<Money> {
    return Money.of(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'subtotal − discount + tax.' })
  get total(): Opt<Money> {
    return Money.of(this.totalAmount, this.currency);
  }
}
