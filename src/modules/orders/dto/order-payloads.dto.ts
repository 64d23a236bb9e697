import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Invoice, Payment } from '../invoice.entity.js';
import { SalesOrder } from '../order.entity.js';
import { Shipment } from '../shipment.entity.js';

@ObjectType({ description: 'Result of an order mutation.' })
export class OrderPayload {
  @Field(() => SalesOrder, { nullable: true, description: 'The order as it is now.' })
  order?: SalesOrder;
  @Field(() => [UserError], {
    description: 'INSUFFICIENT_STOCK (naming every short line), INVALID_STATE, CURRENCY_MISMATCH, IDEMPOTENCY_CONFLICT, validation errors.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a shipment mutation.' })
export class ShipmentPayload {
  @Field(() => Shipment, { nullable: true, description: 'The shipment.' })
  shipment?: Shipment;
  @Field(() => SalesOrder, { nullable: true, description: 'Its order, with the status after shipping.' })
  order?: SalesOrder;
  @Field(() => [UserError], { description: 'EXCEEDS_REMAINING when over-shipping, INVALID_STATE, validation errors.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of an invoice mutation.' })
export class InvoicePayload {
  @Field(() => Invoice, { nullable: true, description: 'The invoice as it is now.' })
  invoice?: Invoice;
  @Field(() => [UserError], { description: 'INVALID_STATE (issued invoices are immutable), EXCEEDS_REMAINING, validation errors.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of recordPayment.' })
export class PaymentPayload {
  @Field(() => Payment, { nullable: true, description: 'The payment (the first one, when an idempotency key repeats).' })
  payment?: Payment;
  @Field(() => Invoice, { nullable: true, description: 'The invoice with its new balance.' })
  invoice?: Invoice;
  @Field(() => [UserError], { description: 'EXCEEDS_REMAINING beyond the balance, INVALID_STATE, IDEMPOTENCY_CONFLICT, validation errors.' })
  errors!: UserError[];
}
