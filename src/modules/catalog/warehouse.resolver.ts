import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { toPayload } from '../../shared/user-error.js';
import { listWarehouses } from './catalog-query.service.js';
import { CreateWarehouseInput, IdInput, UpdateWarehouseInput } from './dto/catalog-inputs.dto.js';
import { WarehousePayload } from './dto/catalog-payloads.dto.js';
import { Warehouse } from './warehouse.entity.js';
import { createWarehouse, findWarehouse, setWarehouseDeleted, updateWarehouse } from './warehouse.service.js';
import { WarehouseFilter, WarehouseOrder } from './dto/inventory-filters.dto.js';

export const WarehouseConnection = connectionType(Warehouse);

@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Query(() => Warehouse, { description: 'One warehouse (NOT_FOUND outside the organization). Requires membership.' })
  warehouse(@Arg('id', () => ID, { description: 'ID of the record.' }) id: string, @Ctx() ctx: Context): Promise<Warehouse> {
    return findWarehouse(ctx.em, id, { includeDeleted: true });
  }

  @Query(() => WarehouseConnection, { description: 'Warehouses by code. Requires membership.' })
  warehouses(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => WarehouseFilter, { nullable: true, description: 'Which warehouses.' }) filter: WarehouseFilter | null,
    @Arg('orderBy', () => WarehouseOrder, { nullable: true, description: 'Sort order (default: code).' }) order: WarehouseOrder | null,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted warehouses.' }) includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<Warehouse>> {
    return listWarehouses(ctx.em, args, filter, order, includeDeleted);
  }

  @Mutation(() => WarehousePayload, { nullable: true, description: 'Creates a warehouse. Members and above.' })
  createWarehouse(
    @Arg('input', () => CreateWarehouseInput, { description: 'What to do; see the input type.' }) input: CreateWarehouseInput,
    @Ctx() ctx: Context,
  ): Promise<WarehousePayload> {
    return toPayload(async () => ({ warehouse: await createWarehouse(ctx.em, organizationOf(ctx).id, input) }));
  }

  @Mutation(() => WarehousePayload, { nullable: true, description: 'Changes a warehouse. Members and above.' })
  updateWarehouse(
    @Arg('input', () => UpdateWarehouseInput, { description: 'What to do; see the input type.' }) input: UpdateWarehouseInput,
    @Ctx() ctx: Context,
  ): Promise<WarehousePayload> {
    return toPayload(async () => ({ warehouse: await updateWarehouse(ctx.em, input.id, input) }));
  }

  @Mutation(() => WarehousePayload, { nullable: true, description: 'Soft-deletes a warehouse (restoreWarehouse undoes it). Members and above.' })
  deleteWarehouse(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<WarehousePayload> {
    return toPayload(async () => ({ warehouse: await setWarehouseDeleted(ctx.em, input.id, true, ctx.services.clock.now()) }));
  }

  @Mutation(() => WarehousePayload, { nullable: true, description: 'Restores a soft-deleted warehouse. Members and above.' })
  restoreWarehouse(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<WarehousePayload> {
    return toPayload(async () => ({ warehouse: await setWarehouseDeleted(ctx.em, input.id, false, ctx.services.clock.now()) }));
  }
}
