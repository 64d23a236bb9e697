import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { MoneyInput } from '../../../shared/money.js';
import { PaymentMethod } from '../orders-enums.js';

@InputType({ description: "A line of an order. The unit price is the variant's list price unless unitPrice is given with a reason." })
export class OrderLineInput {
  @Field(() => ID, {
    description: 'The variant: of an ACTIVE product and itself active (INVALID_STATE otherwise), unless it is already on the order being edited.',
  })
  variantId!: string;
  @Field(() => Int, { description: 'Quantity (at least 1).' })
  quantity!: number;
  @Field(() => MoneyInput, {
    nullable: true,
    description: "Unit price overriding the list price (needs priceOverrideReason); in the order's currency, else CURRENCY_MISMATCH.",
  })
  unitPrice?: MoneyInput | null;
  @Field(() => String, { nullable: true, description: 'Why the price differs from the list price.' })
  priceOverrideReason?: string | null;
  @Field(() => Int, { nullable: true, description: 'Line discount in basis points (0–10000; 1000 = 10%).' })
  discountBps?: number | null;
  @Field(() => Int, { nullable: true, description: "Tax rate in basis points (2000 = 20%); the order's rate when omitted." })
  taxRateBps?: number | null;
}

@InputType({ description: 'A new draft order.' })
export class CreateOrderInput {
  @Field(() => ID, { description: 'The customer account.' })
  accountId!: string;
  @Field(() => ID, { nullable: true, description: 'Contact at the account.' })
  contactId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The opportunity the order comes from.' })
  opportunityId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Warehouse to reserve and ship from; the only warehouse when omitted at confirmation.' })
  warehouseId?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "ISO 4217 currency of the whole order; the variants' currency when omitted. An order has one currency: every variant, unitPrice and the discount must be in it (CURRENCY_MISMATCH otherwise).",
  })
  currency?: string | null;
  @Field(() => [OrderLineInput], { description: 'Lines (1–100).' })
  lines!: OrderLineInput[];
  @Field(() => MoneyInput, { nullable: true, description: "Order-level discount, spread over the lines; in the order's currency." })
  discount?: MoneyInput | null;
  @Field(() => Int, { nullable: true, description: 'Default tax rate in basis points for lines without their own.' })
  taxRateBps?: number | null;
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was placed (UTC); now when omitted.' })
  orderedAt?: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Client-chosen key (1–200 characters): repeating the call with the same key returns the first order; another request with it is refused.',
  })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a draft order; omitted fields stay as they are; lines, when given, replace the current ones.' })
export class UpdateOrderInput {
  @Field(() => ID, { description: 'The order.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Contact at the account.' })
  contactId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Warehouse to reserve and ship from.' })
  warehouseId?: string | null;
  @Field(() => [OrderLineInput], { nullable: true, description: 'New lines (1–100).' })
  lines?: OrderLineInput[] | null;
  @Field(() => MoneyInput, { nullable: true, description: "Order-level discount; in the order's currency." })
  discount?: MoneyInput | null;
  @Field(() => Int, { nullable: true, description: 'Default tax rate in basis points.' })
  taxRateBps?: number | null;
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
}

@InputType({ description: 'Names an order.' })
export class OrderIdInput {
  @Field(() => ID, { description: 'The order.' })
  id!: string;
}

@InputType({ description: 'Confirms a draft order, reserving its stock.' })
export class ConfirmOrderInput {
  @Field(() => ID, { description: 'The order.' })
  id!: string;
  @Field(() => ID, { nullable: true, description: 'Warehouse to reserve from, if the order names none (or to change it).' })
  warehouseId?: string | null;
}

@InputType({ description: "Creates a draft order from an opportunity's lines." })
export class CreateOrderFromOpportunityInput {
  @Field(() => ID, { description: 'The opportunity.' })
  opportunityId!: string;
  @Field(() => ID, { nullable: true, description: 'Warehouse to reserve and ship from.' })
  warehouseId?: string | null;
  @Field(() => Int, { nullable: true, description: 'Tax rate in basis points for the lines.' })
  taxRateBps?: number | null;
  @Field(() => String, { nullable: true, description: 'Idempotency key, as for createOrder.' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'A quantity of an order line to ship.' })
export class ShipmentLineInput {
  @Field(() => ID, { description: 'The order line.' })
  orderLineId!: string;
  @Field(() => Int, { description: 'Quantity (at least 1, at most what remains to ship).' })
  quantity!: number;
}

@InputType({ description: "Ships quantities of an order's lines from its warehouse." })
export class CreateShipmentInput {
  @Field(() => ID, { description: 'The order (confirmed or partially fulfilled).' })
  orderId!: string;
  @Field(() => [ShipmentLineInput], { description: 'What to ship (1–100 lines).' })
  lines!: ShipmentLineInput[];
  @Field(() => String, { nullable: true, description: 'Carrier.' })
  carrier?: string | null;
  @Field(() => String, { nullable: true, description: 'Tracking number.' })
  trackingNumber?: string | null;
  @Field(() => Date, { nullable: true, description: 'When it left (UTC); now when omitted.' })
  shippedAt?: Date | null;
}

@InputType({ description: 'Marks a shipment delivered.' })
export class MarkShipmentDeliveredInput {
  @Field(() => ID, { description: 'The shipment.' })
  id!: string;
  @Field(() => Date, { nullable: true, description: 'When (UTC); now when omitted.' })
  deliveredAt?: Date | null;
}

export enum InvoiceBasis {
  ORDER = 'order',
  FULFILLED = 'fulfilled',
}
registerEnumType(InvoiceBasis, {
  name: 'InvoiceBasis',
  description: 'What an invoice bills.',
  valuesConfig: {
    ORDER: { description: 'Every ordered quantity not yet invoiced.' },
    FULFILLED: { description: 'Shipped quantities not yet invoiced.' },
  },
});

@InputType({ description: 'Creates a draft invoice for an order.' })
export class CreateInvoiceInput {
  @Field(() => ID, { description: 'The order (confirmed, partially fulfilled or fulfilled).' })
  orderId!: string;
  @Field(() => InvoiceBasis, { defaultValue: InvoiceBasis.ORDER, description: 'Bill the whole order or what has shipped.' })
  basis!: InvoiceBasis;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Due date (YYYY-MM-DD); 30 days from today when omitted.' })
  dueDate?: string | null;
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: 'Issue it at once (gives it its number).' })
  issue!: boolean;
}

@InputType({ description: 'Changes to a draft invoice.' })
export class UpdateInvoiceInput {
  @Field(() => ID, { description: 'The invoice.' })
  id!: string;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Due date (YYYY-MM-DD).' })
  dueDate?: string | null;
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string | null;
}

@InputType({ description: 'Names an invoice.' })
export class InvoiceIdInput {
  @Field(() => ID, { description: 'The invoice.' })
  id!: string;
}

@InputType({ description: 'Voids an invoice without payments.' })
export class VoidInvoiceInput {
  @Field(() => ID, { description: 'The invoice.' })
  id!: string;
  @Field(() => String, { description: 'Why.' })
  reason!: string;
}

@InputType({ description: 'Money received against an issued invoice.' })
export class RecordPaymentInput {
  @Field(() => ID, { description: 'The invoice.' })
  invoiceId!: string;
  @Field(() => MoneyInput, { description: "Amount paid, in the invoice's currency (CURRENCY_MISMATCH otherwise), at most the balance." })
  amount!: MoneyInput;
  @Field(() => PaymentMethod, { description: 'How it was paid.' })
  method!: PaymentMethod;
  @Field(() => Date, { nullable: true, description: 'When it was paid (UTC); now when omitted.' })
  paidAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Bank or card reference.' })
  reference?: string | null;
  @Field(() => String, { nullable: true, description: 'Idempotency key, as for createOrder: the same key returns the first payment.' })
  idempotencyKey?: string | null;
}
