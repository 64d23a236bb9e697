import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import { User } from '../core/user.entity.js';
import { Account } from '../customers/account.entity.js';
import { Contact } from '../customers/contact.entity.js';
import { ConfirmOrderInput, CreateOrderFromOpportunityInput, CreateOrderInput, OrderIdInput, UpdateOrderInput } from './dto/order-inputs.dto.js';
import { type SortOrder } from '../customers/dto/customer-filters.dto.js';
import { Invoice } from './invoice.entity.js';
import { Opportunity } from '../customers/opportunity.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { createOrder, createOrderFromOpportunity, findOrder, updateOrder } from './order.service.js';
import { salesActor } from '../customers/customers-context.js';
import { Shipment } from './shipment.entity.js';
import { OrderFilter, OrderSort } from './dto/order-filters.dto.js';
import { OrderPayload } from './dto/order-payloads.dto.js';
import { listOrders } from './order-query.service.js';
import { cancelOrder, confirmOrder } from './order-stock.service.js';

export const OrderConnection = connectionType(SalesOrder, 'Order');

@Resolver(() => SalesOrder)
export class OrderResolver {
  @Query(() => SalesOrder, { description: 'One order (NOT_FOUND outside the organization). Needs `sales.order_management`.' })
  order(@Arg('id', () => ID, { description: 'ID of the order.' }) id: string, @Ctx() ctx: Context): Promise<SalesOrder> {
    return findOrder(ctx.em, id);
  }

  @Query(() => OrderConnection, { description: 'Orders, newest first unless ordered otherwise. Needs `sales.order_management`.' })
  orders(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => OrderFilter, { nullable: true, description: 'Which orders.' }) filter: OrderFilter | null,
    @Arg('orderBy', () => OrderSort, { nullable: true, description: 'Sort order.' }) order: SortOrder,
    @Ctx() ctx: Context,
  ): Promise<Connection<SalesOrder>> {
    return listOrders(ctx.em, args, filter, order);
  }

  @Mutation(() => OrderPayload, {
    nullable: true,
    description:
      'Creates a draft order priced from the catalog (overrides need a reason); totals are computed here. Idempotent with idempotencyKey. Members and above; needs `sales.order_management`.',
  })
  createOrder(@inputArg(CreateOrderInput) input: CreateOrderInput, @Ctx() ctx: Context): Promise<OrderPayload> {
    return toPayload(async () => ({ order: await createOrder(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OrderPayload, {
    nullable: true,
    description:
      "Creates a draft order from an opportunity's lines and quoted prices. Each line's product must be ACTIVE (a new order): otherwise INVALID_STATE on `lines.N.variantId`, N being the opportunity line's position. Members and above; needs `sales.order_management`.",
  })
  createOrderFromOpportunity(
    @inputArg(CreateOrderFromOpportunityInput) input: CreateOrderFromOpportunityInput,
    @Ctx() ctx: Context,
  ): Promise<OrderPayload> {
    return toPayload(async () => ({ order: await createOrderFromOpportunity(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OrderPayload, {
    nullable: true,
    description: 'Changes a draft order and recomputes its totals. Members and above; needs `sales.order_management`.',
  })
  updateOrder(@inputArg(UpdateOrderInput) input: UpdateOrderInput, @Ctx() ctx: Context): Promise<OrderPayload> {
    return toPayload(async () => ({ order: await updateOrder(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OrderPayload, {
    nullable: true,
    description:
      'Confirms a draft order, reserving all its stock or none (INSUFFICIENT_STOCK names the short lines). Members and above; needs `sales.order_management`.',
  })
  confirmOrder(@inputArg(ConfirmOrderInput) input: ConfirmOrderInput, @Ctx() ctx: Context): Promise<OrderPayload> {
    return toPayload(async () => ({ order: await confirmOrder(ctx.em, salesActor(ctx), input) }));
  }

  @Mutation(() => OrderPayload, {
    nullable: true,
    description: 'Cancels an order that is not fulfilled, releasing its unshipped reservations. Members and above; needs `sales.order_management`.',
  })
  cancelOrder(@inputArg(OrderIdInput) input: OrderIdInput, @Ctx() ctx: Context): Promise<OrderPayload> {
    return toPayload(async () => ({ order: await cancelOrder(ctx.em, salesActor(ctx), input.id) }));
  }

  @FieldResolver(() => Account, { description: 'The customer.' })
  async account(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<Account> {
    return (await ctx.loaders.accountById.load(order.account.id))!;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'Contact at the customer.' })
  contact(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<Contact | null> | null {
    return order.contact ? ctx.loaders.contactById.load(order.contact.id) : null;
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: 'The opportunity it came from.' })
  opportunity(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<Opportunity | null> | null {
    return order.opportunity ? ctx.loaders.opportunityById.load(order.opportunity.id) : null;
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: 'Where stock is reserved and shipped from.' })
  warehouse(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<Warehouse | null> | null {
    return order.warehouse ? ctx.loaders.warehouseById.load(order.warehouse.id) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who created it.' })
  createdBy(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<User | null> | null {
    return order.createdBy ? ctx.loaders.userById.load(order.createdBy.id) : null;
  }

  @FieldResolver(() => [OrderLine], { description: 'Lines in order.' })
  lines(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<OrderLine[]> {
    return ctx.loaders.orderLinesByOrderId.load(order.id);
  }

  @FieldResolver(() => [Shipment], { description: 'Shipments, oldest first.' })
  shipments(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<Shipment[]> {
    return ctx.loaders.shipmentsByOrderId.load(order.id);
  }

  @FieldResolver(() => [Invoice], { description: 'Invoices, oldest first.' })
  invoices(@Root() order: SalesOrder, @Ctx() ctx: Context): Promise<Invoice[]> {
    return ctx.loaders.invoicesByOrderId.load(order.id);
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => ProductVariant, { nullable: true, description: 'The variant (null if it was deleted since).' })
  variant(@Root() line: OrderLine, @Ctx() ctx: Context): Promise<ProductVariant | null> {
    return ctx.loaders.variantById.load(line.variant.id);
  }
}

/** Order data on a pipeline record: the field belongs to this module, whose feature it needs. */
@Resolver(() => Opportunity)
export class OpportunityOrdersResolver {
  @FieldResolver(() => [SalesOrder], { description: 'Orders created from it. Needs `sales.order_management`.' })
  orders(@Root() opportunity: Opportunity, @Ctx() ctx: Context): Promise<SalesOrder[]> {
    return ctx.loaders.ordersByOpportunityId.load(opportunity.id);
  }
}
