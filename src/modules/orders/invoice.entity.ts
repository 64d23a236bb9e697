import { LocalDateResolver } from 'graphql-scalars';
import { Node } from '../../shared/node.type.js';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Opt, Ref } from '@mikro-orm/core';
import { Check, Entity, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Money, minorUnits } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from '../customers/account.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { InvoiceStatus, PaymentMethod } from './orders-enums.js';

/**
 * A bill for (part of) an order. Numbered gap-free per organization and year when issued; issued
 * invoices change only by payments and voiding (a database trigger refuses anything else).
 */
@Entity({ tableName: 'invoices' })
// salesMetrics' raw part (stale and edge days) reads by organization and this time.
@Index({ properties: ['organization', 'issuedAt'] })
// The list's default order, so a page (and its joins) is read from the index, not sorted from every row.
@Index({ properties: ['organization', 'createdAt', 'id'] })
@ObjectType({
  implements: Node,
  description:
    'A bill for an order or its fulfilled part. Numbered gap-free per organization and year when issued (INV-2026-000042); issued invoices change only by payments and voiding. Needs `sales.order_management`.',
})
@Unique({ properties: ['organization', 'number'] })
@Index({ properties: ['organization', 'status', 'dueDate'] })
@Check({ name: 'invoices_paid_within_total', expression: 'amount_paid >= 0 and amount_paid <= total_amount' })
export class Invoice extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the invoice.' })
  declare id: string;

  @Field(() => Date, { description: 'When the invoice was created (UTC).' })
  declare createdAt: Opt<Date>;

  @Property({ type: 'string', length: 30, nullable: true })
  @Field(() => String, { nullable: true, description: 'Number, e.g. INV-2026-000042; given when issued, null for drafts.' })
  number: string | null = null;

  @ManyToOne({ entity: () => SalesOrder, ref: true, deleteRule: 'restrict', index: true })
  order!: Ref<SalesOrder>;

  @ManyToOne({ entity: () => Account, ref: true, deleteRule: 'restrict', index: true })
  account!: Ref<Account>;

  @Property({ type: 'string', columnType: 'char(3)' })
  @Field(() => String, { description: 'ISO 4217 currency of every amount on the invoice.' })
  currency!: string;

  @Enum({ items: () => InvoiceStatus, nativeEnumName: 'invoice_status', default: InvoiceStatus.DRAFT })
  status: Opt<InvoiceStatus> = InvoiceStatus.DRAFT;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was issued (UTC).' })
  issuedAt: Date | null = null;

  @Property({ type: 'date' })
  @Field(() => LocalDateResolver, { description: 'Due date (YYYY-MM-DD).' })
  dueDate!: string;

  @Property(minorUnits({ default: 0 }))
  subtotalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  discountTotalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  taxTotalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  totalAmount: Opt<number> = 0;

  @Property(minorUnits({ default: 0 }))
  amountPaid: Opt<number> = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the last payment settled it (UTC).' })
  paidAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description:
      'When the overdue schedule found it past due with a balance (once; invoice.overdue was emitted then). Status shows OVERDUE from the due date on.',
  })
  overdueAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was voided (UTC).' })
  voidedAt: Date | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was voided.' })
  voidReason: string | null = null;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Free-form notes.' })
  notes: Opt<string> = '';

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;

  @Field(() => Money, { description: 'Sum of quantity × unit price over the lines.' })
  get subtotal(): Opt<Money> {
    return Money.of(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'All discounts on the lines.' })
  get discountTotal(): Opt<Money> {
    return Money.of(this.discountTotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax over the lines.' })
  get taxTotal(): Opt<Money> {
    return Money.of(this.taxTotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'subtotal − discountTotal + taxTotal.' })
  get total(): Opt<Money> {
    return Money.of(this.totalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Sum of the payments.' })
  get paid(): Opt<Money> {
    return Money.of(this.amountPaid, this.currency);
  }

  @Field(() => Money, { description: 'What is still owed: total − paid (zero once void).' })
  get balance(): Opt<Money> {
    return Money.of(this.status === InvoiceStatus.VOID ? 0 : this.totalAmount - this.amountPaid, this.currency);
  }
}

@Entity({ tableName: 'invoice_lines' })
@ObjectType({ implements: Node, description: 'One line of an invoice: a quantity of an order line with its share of discounts and tax.' })
@Check({ name: 'invoice_lines_quantity_positive', expression: 'quantity > 0' })
export class InvoiceLine extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the line.' })
  declare id: string;

  @ManyToOne({ entity: () => Invoice, ref: true, deleteRule: 'cascade', index: true })
  invoice!: Ref<Invoice>;

  @ManyToOne({ entity: () => OrderLine, ref: true, deleteRule: 'restrict', index: true })
  orderLine!: Ref<OrderLine>;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Order of the line (0 first).' })
  position!: number;

  @Property({ type: 'string', length: 600 })
  @Field(() => String, { description: 'What is billed.' })
  description!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Quantity billed.' })
  quantity!: number;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @Property(minorUnits())
  unitPriceAmount!: number;

  @Property(minorUnits())
  subtotalAmount!: number;

  @Property(minorUnits())
  discountAmount!: number;

  @Property(minorUnits())
  taxAmount!: number;

  @Property(minorUnits())
  totalAmount!: number;

  @Field(() => Money, { description: 'Unit price.' })
  get unitPrice(): Opt<Money> {
    return Money.of(this.unitPriceAmount, this.currency);
  }

  @Field(() => Money, { description: 'quantity × unit price.' })
  get subtotal(): Opt<Money> {
    return Money.of(this.subtotalAmount, this.currency);
  }

  @Field(() => Money, { description: 'Discount on this line.' })
  get discount(): Opt<Money> {
    return Money.of(this.discountAmount, this.currency);
  }

  @Field(() => Money, { description: 'Tax on this line.' })
  get tax(): Opt<Money> {
    return Money.of(this.taxAmount, this.currency);
  }

  @Field(() => Money, { description: 'subtotal − discount + tax.' })
  get total(): Opt<Money> {
    return Money.of(this.totalAmount, this.currency);
  }
}

@Entity({ tableName: 'payments' })
// salesMetrics' raw part (stale and edge days) reads by organization and this time.
@Index({ properties: ['organization', 'paidAt'] })
@ObjectType({ implements: Node, description: 'Money received against an invoice.' })
@Check({ name: 'payments_amount_positive', expression: 'amount > 0' })
export class Payment extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the payment.' })
  declare id: string;

  @ManyToOne({ entity: () => Invoice, ref: true, deleteRule: 'restrict', index: true })
  invoice!: Ref<Invoice>;

  @Property(minorUnits())
  amount!: number;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @Enum({ items: () => PaymentMethod, nativeEnumName: 'payment_method' })
  @Field(() => PaymentMethod, { description: 'How it was paid.' })
  method!: PaymentMethod;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'When it was paid (UTC).' })
  paidAt!: Date;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Bank or card reference.' })
  reference: string | null = null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true, deleteRule: 'set null' })
  recordedBy: Ref<User> | null = null;

  @Field(() => Money, { name: 'amount', description: 'Amount paid.' })
  get money(): Opt<Money> {
    return Money.of(this.amount, this.currency);
  }
}
