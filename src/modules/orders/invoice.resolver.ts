import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { User } from '../core/user.entity.js';
import { Account } from '../customers/account.entity.js';
import { CreateInvoiceInput, InvoiceIdInput, RecordPaymentInput, UpdateInvoiceInput, VoidInvoiceInput } from './dto/order-inputs.dto.js';
import { type SortOrder } from '../customers/dto/customer-filters.dto.js';
import { Invoice, InvoiceLine, Payment } from './invoice.entity.js';
import { createInvoice, findInvoice, invoiceStatus, issueInvoice, recordPayment, updateInvoice, voidInvoice } from './invoice.service.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { salesActor } from '../customers/customers-context.js';
import { InvoiceFilter, InvoiceOrder } from './dto/order-filters.dto.js';
import { InvoicePayload, PaymentPayload } from './dto/order-payloads.dto.js';
import { InvoiceStatus } from './orders-enums.js';
import { listInvoices } from './order-query.service.js';

export const InvoiceConnection = connectionType(Invoice);

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Query(() => Invoice, { description: 'One invoice (NOT_FOUND outside the organization). Needs `sales.order_management`.' })
  invoice(@Arg('id', () => ID, { description: 'ID of the invoice.' }) id: string, @Ctx() ctx: Context): Promise<Invoice> {
    return findInvoice(ctx.em, id);
  }

  @Query(() => InvoiceConnection, { description: 'Invoices, newest first unless ordered otherwise. Needs `sales.order_management`.' })
  invoices(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => InvoiceFilter, { nullable: true, description: 'Which invoices.' }) filter: InvoiceFilter | null,
    @Arg('orderBy', () => InvoiceOrder, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @Ctx() ctx: Context,
  ): Promise<Connection<Invoice>> {
    return listInvoices(ctx.em, ctx.services.clock.now(), args, filter, order);
  }

  @Mutation(() => InvoicePayload, {
    nullable: true,
    description:
      'Creates a draft invoice for the whole order or its shipped part (what is not invoiced yet); issue: true also issues it. Members and above; needs `sales.order_management`.',
  })
  createInvoice(@inputArg(CreateInvoiceInput) input: CreateInvoiceInput, @Ctx() ctx: Context): Promise<InvoicePayload> {
    return toPayload(async () => ({ invoice: await createInvoice(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => InvoicePayload, { nullable: true, description: 'Changes a draft invoice. Members and above; needs `sales.order_management`.' })
  updateInvoice(@inputArg(UpdateInvoiceInput) input: UpdateInvoiceInput, @Ctx() ctx: Context): Promise<InvoicePayload> {
    return toPayload(async () => ({ invoice: await updateInvoice(ctx.em, input) }));
  }

  @Mutation(() => InvoicePayload, {
    nullable: true,
    description:
      'Issues a draft invoice, giving it the next gap-free number of the year (INV-2026-000042). Members and above; needs `sales.order_management`.',
  })
  issueInvoice(@inputArg(InvoiceIdInput) input: InvoiceIdInput, @Ctx() ctx: Context): Promise<InvoicePayload> {
    return toPayload(async () => ({ invoice: await issueInvoice(ctx.em, salesActor(ctx), input.id) }));
  }

  @Mutation(() => InvoicePayload, {
    nullable: true,
    description:
      'Voids an invoice without payments (it keeps its number; its quantities can be invoiced again). Owners and admins; needs `sales.order_management`.',
  })
  voidInvoice(@inputArg(VoidInvoiceInput) input: VoidInvoiceInput, @Ctx() ctx: Context): Promise<InvoicePayload> {
    return toPayload(async () => ({ invoice: await voidInvoice(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => PaymentPayload, {
    nullable: true,
    description:
      'Records a payment against an issued invoice (up to its balance). Idempotent with idempotencyKey. Members and above; needs `sales.order_management`.',
  })
  recordPayment(@inputArg(RecordPaymentInput) input: RecordPaymentInput, @Ctx() ctx: Context): Promise<PaymentPayload> {
    return toPayload(() => recordPayment(ctx.em, salesActor(ctx), input));
  }

  @FieldResolver(() => InvoiceStatus, { description: 'Status; OVERDUE when issued or partly paid and past the due date.' })
  status(@Root() invoice: Invoice, @Ctx() ctx: Context): InvoiceStatus {
    return invoiceStatus(invoice, ctx.services.clock.now());
  }

  @FieldResolver(() => SalesOrder, { description: 'The order.' })
  async order(@Root() invoice: Invoice, @Ctx() ctx: Context): Promise<SalesOrder> {
    return (await ctx.loaders.orderById.load(invoice.order.id))!;
  }

  @FieldResolver(() => Account, { description: 'The customer billed.' })
  async account(@Root() invoice: Invoice, @Ctx() ctx: Context): Promise<Account> {
    return (await ctx.loaders.accountById.load(invoice.account.id))!;
  }

  @FieldResolver(() => [InvoiceLine], { description: 'Lines in order.' })
  lines(@Root() invoice: Invoice, @Ctx() ctx: Context): Promise<InvoiceLine[]> {
    return ctx.loaders.invoiceLinesByInvoiceId.load(invoice.id);
  }

  @FieldResolver(() => [Payment], { description: 'Payments, oldest first.' })
  payments(@Root() invoice: Invoice, @Ctx() ctx: Context): Promise<Payment[]> {
    return ctx.loaders.paymentsByInvoiceId.load(invoice.id);
  }
}

@Resolver(() => InvoiceLine)
export class InvoiceLineResolver {
  @FieldResolver(() => OrderLine, { description: 'The order line billed.' })
  async orderLine(@Root() line: InvoiceLine, @Ctx() ctx: Context): Promise<OrderLine> {
    return (await ctx.loaders.orderLineById.load(line.orderLine.id))!;
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => Invoice, { description: 'The invoice paid.' })
  async invoice(@Root() payment: Payment, @Ctx() ctx: Context): Promise<Invoice> {
    return (await ctx.loaders.invoiceById.load(payment.invoice.id))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who recorded it.' })
  recordedBy(@Root() payment: Payment, @Ctx() ctx: Context): Promise<User | null> | null {
    return payment.recordedBy ? ctx.loaders.userById.load(payment.recordedBy.id) : null;
  }
}
