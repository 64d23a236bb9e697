import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { toPayload } from '../../shared/user-error.js';
import { listSuppliers } from './catalog-query.service.js';
import { SupplierFilter, SupplierOrder } from './dto/catalog-filters.dto.js';
import { CreateSupplierInput, IdInput, UpdateSupplierInput } from './dto/catalog-inputs.dto.js';
import { SupplierPayload } from './dto/catalog-payloads.dto.js';
import { Supplier } from './supplier.entity.js';
import { createSupplier, findSupplier, setSupplierDeleted, updateSupplier } from './supplier.service.js';

export const SupplierConnection = connectionType(Supplier);

@Resolver(() => Supplier)
export class SupplierResolver {
  @Query(() => Supplier, { description: 'One supplier (NOT_FOUND outside the organization). Needs `catalog.manage_suppliers`.' })
  supplier(@Arg('id', () => ID, { description: 'ID of the record.' }) id: string, @Ctx() ctx: Context): Promise<Supplier> {
    return findSupplier(ctx.em, id, { includeDeleted: true });
  }

  @Query(() => SupplierConnection, { description: 'Suppliers, by name unless ordered otherwise. Needs `catalog.manage_suppliers`.' })
  suppliers(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => SupplierFilter, { nullable: true, description: 'Which suppliers.' }) filter: SupplierFilter | null,
    @Arg('orderBy', () => SupplierOrder, { nullable: true, description: 'Sort order.' }) order: SupplierOrder | null,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted suppliers.' }) includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<Supplier>> {
    return listSuppliers(ctx.em, args, filter, order, includeDeleted);
  }

  @Mutation(() => SupplierPayload, { nullable: true, description: 'Creates a supplier. Members and above; needs `catalog.manage_suppliers`.' })
  createSupplier(
    @Arg('input', () => CreateSupplierInput, { description: 'What to do; see the input type.' }) input: CreateSupplierInput,
    @Ctx() ctx: Context,
  ): Promise<SupplierPayload> {
    return toPayload(async () => ({ supplier: await createSupplier(ctx.em, organizationOf(ctx).id, input) }));
  }

  @Mutation(() => SupplierPayload, { nullable: true, description: 'Changes a supplier. Members and above; needs `catalog.manage_suppliers`.' })
  updateSupplier(
    @Arg('input', () => UpdateSupplierInput, { description: 'What to do; see the input type.' }) input: UpdateSupplierInput,
    @Ctx() ctx: Context,
  ): Promise<SupplierPayload> {
    return toPayload(async () => ({ supplier: await updateSupplier(ctx.em, input.id, input) }));
  }

  @Mutation(() => SupplierPayload, {
    nullable: true,
    description: 'Soft-deletes a supplier (restoreSupplier undoes it). Members and above; needs `catalog.manage_suppliers`.',
  })
  deleteSupplier(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<SupplierPayload> {
    return toPayload(async () => ({ supplier: await setSupplierDeleted(ctx.em, input.id, true, ctx.services.clock.now()) }));
  }

  @Mutation(() => SupplierPayload, {
    nullable: true,
    description: 'Restores a soft-deleted supplier. Members and above; needs `catalog.manage_suppliers`.',
  })
  restoreSupplier(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<SupplierPayload> {
    return toPayload(async () => ({ supplier: await setSupplierDeleted(ctx.em, input.id, false, ctx.services.clock.now()) }));
  }
}
