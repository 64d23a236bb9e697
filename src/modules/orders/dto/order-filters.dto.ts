import { Field, InputType } from 'type-graphql';
import {
  DateTimeFilter,
  LocalDateFilter,
  MoneyFilter,
  onMoney,
  type FilterMapping,
  IDFilter,
  on,
  onId,
  StringFilter,
} from '../../../shared/filters.js';
import { enumFilter, orderInput } from '../../../shared/filter-inputs.js';
import { AccountFilter, onAccount } from '../../customers/dto/customer-filters.dto.js';
import { InvoiceStatus, OrderStatus, ShipmentStatus } from '../orders-enums.js';

export const OrderStatusFilter = enumFilter(OrderStatus, 'OrderStatus');
export const InvoiceStatusFilter = enumFilter(InvoiceStatus, 'InvoiceStatus');
export const ShipmentStatusFilter = enumFilter(ShipmentStatus, 'ShipmentStatus');

@InputType({ description: 'Which orders to list; conditions are ANDed, combine with and/or/not.' })
export class OrderFilter {
  @Field(() => [OrderFilter], { nullable: true, description: 'All of these.' })
  and?: OrderFilter[] | null;
  @Field(() => [OrderFilter], { nullable: true, description: 'Any of these.' })
  or?: OrderFilter[] | null;
  @Field(() => OrderFilter, { nullable: true, description: 'Not this.' })
  not?: OrderFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Order ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Order number.' })
  number?: StringFilter | null;
  @Field(() => OrderStatusFilter, { nullable: true, description: 'Status.' })
  status?: InstanceType<typeof OrderStatusFilter> | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Conditions on the account.' })
  account?: AccountFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Source opportunity ID.' })
  opportunityId?: IDFilter | null;
  @Field(() => MoneyFilter, { nullable: true, description: 'Total, e.g. { gt: { amount: 50000, currency: "EUR" } }.' })
  total?: MoneyFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was placed.' })
  orderedAt?: DateTimeFilter | null;
}

export const orderFilterMapping: FilterMapping<OrderFilter> = {
  id: onId('id'),
  number: on('number'),
  status: on('status'),
  accountId: onId('account'),
  account: onAccount,
  opportunityId: onId('opportunity'),
  total: onMoney('totalAmount', 'currency'),
  orderedAt: on('orderedAt'),
};

@InputType({ description: 'Which invoices to list; conditions are ANDed, combine with and/or/not.' })
export class InvoiceFilter {
  @Field(() => [InvoiceFilter], { nullable: true, description: 'All of these.' })
  and?: InvoiceFilter[] | null;
  @Field(() => [InvoiceFilter], { nullable: true, description: 'Any of these.' })
  or?: InvoiceFilter[] | null;
  @Field(() => InvoiceFilter, { nullable: true, description: 'Not this.' })
  not?: InvoiceFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Invoice ID.' })
  id?: IDFilter | null;
  @Field(() => StringFilter, { nullable: true, description: 'Invoice number.' })
  number?: StringFilter | null;
  @Field(() => InvoiceStatusFilter, { nullable: true, description: 'Status (OVERDUE: issued or partly paid, past due).' })
  status?: InstanceType<typeof InvoiceStatusFilter> | null;
  @Field(() => IDFilter, { nullable: true, description: 'Order ID.' })
  orderId?: IDFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'Account ID.' })
  accountId?: IDFilter | null;
  @Field(() => AccountFilter, { nullable: true, description: 'Conditions on the account.' })
  account?: AccountFilter | null;
  @Field(() => LocalDateFilter, { nullable: true, description: 'Due date.' })
  dueDate?: LocalDateFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it was issued.' })
  issuedAt?: DateTimeFilter | null;
}

const openStatuses = [InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID];
/** OVERDUE is computed: open invoices due before today (UTC). */
const invoiceStatusCondition = (today: string) => (status: InvoiceStatus) =>
  status === InvoiceStatus.OVERDUE
    ? { status: { $in: openStatuses }, dueDate: { $lt: today } }
    : openStatuses.includes(status)
      ? { status, dueDate: { $gte: today } }
      : { status };

export const invoiceFilterMapping = (today: string): FilterMapping<InvoiceFilter> => ({
  id: onId('id'),
  number: on('number'),
  status: (f) => {
    const values = [...(f.eq ? [f.eq] : []), ...(f.in ?? [])];
    const conds = values.map(invoiceStatusCondition(today));
    return f.eq && f.in ? { $and: [conds[0], { $or: conds.slice(1) }] } : { $or: conds.length ? conds : [{}] };
  },
  orderId: onId('order'),
  accountId: onId('account'),
  account: onAccount,
  dueDate: on('dueDate'),
  issuedAt: on('issuedAt'),
});

export enum OrderOrderField {
  ORDERED_AT = 'orderedAt',
  NUMBER = 'number',
  TOTAL = 'totalAmount',
}
export enum InvoiceOrderField {
  CREATED_AT = 'createdAt',
  DUE_DATE = 'dueDate',
  NUMBER = 'number',
  TOTAL = 'totalAmount',
}

export const OrderSort = orderInput(OrderOrderField, 'Order');
export const InvoiceOrder = orderInput(InvoiceOrderField, 'Invoice');
