import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ref } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import { related } from '../../shared/lookahead.js';
import { actorOf } from '../../shared/context-access.js';
import { notFound } from '../../shared/errors.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { toPayload } from '../../shared/user-error.js';
import { listLowStockVariants, listStockLevels, listStockMovements } from './catalog-query.service.js';
import { StockMovementInput, TransferStockInput } from './dto/catalog-inputs.dto.js';
import { StockPayload } from './dto/catalog-payloads.dto.js';
import { adjustStock, receiveStock, transferStock } from './inventory.service.js';
import { ProductVariantConnection } from './product-variant.resolver.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { StockMovement } from './stock-movement.entity.js';
import { Warehouse } from './warehouse.entity.js';
import { StockLevelFilter, StockLevelOrder, StockMovementFilter, StockMovementOrder } from './dto/inventory-filters.dto.js';

export const StockLevelConnection = connectionType(StockLevel);
export const StockMovementConnection = connectionType(StockMovement);

/** A to-one relation that must exist (the row's own foreign key): joined already, or through its loader. */
async function load<T extends { id: string }>(loader: DataLoader<string, T | null>, what: string, reference: Ref<T>): Promise<T> {
  const found = await related(reference, loader);
  if (!found) throw notFound(what, (reference as unknown as { id: string }).id);
  return found;
}

@Resolver()
export class InventoryResolver {
  @Query(() => StockLevelConnection, { description: 'Stock per variant and warehouse. Requires membership.' })
  stockLevels(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => StockLevelFilter, { nullable: true, description: 'Which stock levels.' }) filter: StockLevelFilter | null,
    @Arg('orderBy', () => StockLevelOrder, { nullable: true, description: 'Sort order (default: oldest first).' }) order: StockLevelOrder | null,
    @Ctx() ctx: Context,
  ): Promise<Connection<StockLevel>> {
    return listStockLevels(ctx.em, args, filter, order);
  }

  @Query(() => StockMovementConnection, { description: 'The stock ledger, newest first. Requires membership.' })
  stockMovements(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => StockMovementFilter, { nullable: true, description: 'Which entries.' }) filter: StockMovementFilter | null,
    @Arg('orderBy', () => StockMovementOrder, { nullable: true, description: 'Sort order (default: newest first).' })
    order: StockMovementOrder | null,
    @Ctx() ctx: Context,
  ): Promise<Connection<StockMovement>> {
    return listStockMovements(ctx.em, args, filter, order);
  }

  @Query(() => ProductVariantConnection, {
    description:
      'Active variants whose available stock (all warehouses, or `warehouseId`) is at or under their low-stock threshold. Requires membership.',
  })
  lowStockVariants(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('warehouseId', () => ID, { nullable: true, description: 'Only this warehouse.' }) warehouseId: string | null,
    @Ctx() ctx: Context,
  ): Promise<Connection<ProductVariant>> {
    return listLowStockVariants(ctx.em, actorOf(ctx).organizationId, args, warehouseId);
  }

  @Mutation(() => StockPayload, {
    nullable: true,
    description: 'Records goods received into a warehouse; refused (INVALID_STATE) for ARCHIVED products. Members and above.',
  })
  receiveStock(
    @Arg('input', () => StockMovementInput, { description: 'What to do; see the input type.' }) input: StockMovementInput,
    @Ctx() ctx: Context,
  ): Promise<StockPayload> {
    return toPayload(async () => ({ stockLevels: [await receiveStock(ctx.em, actorOf(ctx), input)] }), { stockLevels: [] });
  }

  @Mutation(() => StockPayload, {
    nullable: true,
    description: 'Corrects on-hand stock by a signed quantity (never below what is reserved). Members and above.',
  })
  adjustStock(
    @Arg('input', () => StockMovementInput, { description: 'What to do; see the input type.' }) input: StockMovementInput,
    @Ctx() ctx: Context,
  ): Promise<StockPayload> {
    return toPayload(async () => ({ stockLevels: [await adjustStock(ctx.em, actorOf(ctx), input)] }), { stockLevels: [] });
  }

  @Mutation(() => StockPayload, { nullable: true, description: 'Moves available stock between warehouses, all or nothing. Members and above.' })
  transferStock(
    @Arg('input', () => TransferStockInput, { description: 'What to do; see the input type.' }) input: TransferStockInput,
    @Ctx() ctx: Context,
  ): Promise<StockPayload> {
    return toPayload(
      async () => {
        const { from, to } = await transferStock(ctx.em, actorOf(ctx), input);
        return { stockLevels: [from, to] };
      },
      { stockLevels: [] },
    );
  }
}

@Resolver(() => StockLevel)
export class StockLevelResolver {
  @FieldResolver(() => ProductVariant, { description: 'The variant.' })
  variant(@Root() level: StockLevel, @Ctx() ctx: Context): Promise<ProductVariant> {
    return load(ctx.loaders.variantById, 'ProductVariant', level.variant);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse.' })
  warehouse(@Root() level: StockLevel, @Ctx() ctx: Context): Promise<Warehouse> {
    return load(ctx.loaders.warehouseById, 'Warehouse', level.warehouse);
  }
}

@Resolver(() => StockMovement)
export class StockMovementResolver {
  @FieldResolver(() => ProductVariant, { description: 'The variant.' })
  variant(@Root() movement: StockMovement, @Ctx() ctx: Context): Promise<ProductVariant> {
    return load(ctx.loaders.variantById, 'ProductVariant', movement.variant);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse.' })
  warehouse(@Root() movement: StockMovement, @Ctx() ctx: Context): Promise<Warehouse> {
    return load(ctx.loaders.warehouseById, 'Warehouse', movement.warehouse);
  }
}
