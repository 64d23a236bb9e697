import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import { Warehouse } from '../catalog/warehouse.entity.js';
import { CreateShipmentInput, MarkShipmentDeliveredInput } from './dto/order-inputs.dto.js';
import { createShipment, findShipment, markShipmentDelivered } from './fulfillment.service.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { salesActor } from '../customers/customers-context.js';
import { Shipment, ShipmentLine } from './shipment.entity.js';
import { ShipmentPayload } from './dto/order-payloads.dto.js';

@Resolver(() => Shipment)
export class ShipmentResolver {
  @Query(() => Shipment, { description: 'One shipment (NOT_FOUND outside the organization). Needs `sales.order_management`.' })
  shipment(@Arg('id', () => ID, { description: 'ID of the shipment.' }) id: string, @Ctx() ctx: Context): Promise<Shipment> {
    return findShipment(ctx.em, id);
  }

  @Mutation(() => ShipmentPayload, {
    nullable: true,
    description:
      "Ships quantities of a confirmed order's lines (partial quantities allowed; EXCEEDS_REMAINING beyond what is left): reservations become stock shipments and the order becomes partially fulfilled or fulfilled. Members and above; needs `sales.order_management`.",
  })
  createShipment(@inputArg(CreateShipmentInput) input: CreateShipmentInput, @Ctx() ctx: Context): Promise<ShipmentPayload> {
    return toPayload(async () => {
      const { shipment } = await createShipment(ctx.em, salesActor(ctx), input);
      return { shipment, order: shipment.order.getEntity() };
    });
  }

  @Mutation(() => ShipmentPayload, { nullable: true, description: 'Marks a shipment delivered. Members and above; needs `sales.order_management`.' })
  markShipmentDelivered(@inputArg(MarkShipmentDeliveredInput) input: MarkShipmentDeliveredInput, @Ctx() ctx: Context): Promise<ShipmentPayload> {
    return toPayload(async () => {
      const shipment = await markShipmentDelivered(ctx.em, salesActor(ctx), input);
      return { shipment, order: (await ctx.loaders.orderById.load(shipment.order.id))! };
    });
  }

  @FieldResolver(() => SalesOrder, { description: 'The order.' })
  async order(@Root() shipment: Shipment, @Ctx() ctx: Context): Promise<SalesOrder> {
    return (await ctx.loaders.orderById.load(shipment.order.id))!;
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: 'Where it left from.' })
  warehouse(@Root() shipment: Shipment, @Ctx() ctx: Context): Promise<Warehouse | null> {
    return ctx.loaders.warehouseById.load(shipment.warehouse.id);
  }

  @FieldResolver(() => [ShipmentLine], { description: 'What it holds.' })
  lines(@Root() shipment: Shipment, @Ctx() ctx: Context): Promise<ShipmentLine[]> {
    return ctx.loaders.shipmentLinesByShipmentId.load(shipment.id);
  }
}

@Resolver(() => ShipmentLine)
export class ShipmentLineResolver {
  @FieldResolver(() => OrderLine, { description: 'The order line shipped.' })
  async orderLine(@Root() line: ShipmentLine, @Ctx() ctx: Context): Promise<OrderLine> {
    return (await ctx.loaders.orderLineById.load(line.orderLine.id))!;
  }
}
