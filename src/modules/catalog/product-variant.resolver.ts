import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectedFields } from '../../shared/lookahead.js';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { notFound } from '../../shared/errors.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { toPayload } from '../../shared/user-error.js';
import { listVariants } from './catalog-query.service.js';
import { ProductVariantFilter, ProductVariantOrder } from './dto/catalog-filters.dto.js';
import { CreateProductVariantInput, IdInput, UpdateProductVariantInput } from './dto/catalog-inputs.dto.js';
import { ProductVariantPayload } from './dto/catalog-payloads.dto.js';
import { PriceChange, PriceKind } from './price-change.entity.js';
import { priceAt, priceHistory } from './price.service.js';
import { Product } from './product.entity.js';
import { createVariant, findVariant, setVariantDeleted, updateVariant } from './product.service.js';
import { ProductVariant } from './product-variant.entity.js';
import { StockLevel } from './stock-level.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';

export const ProductVariantConnection = connectionType(ProductVariant);

@Resolver(() => ProductVariant)
export class ProductVariantResolver {
  @Query(() => ProductVariant, { description: 'One variant (NOT_FOUND outside the organization). Requires membership.' })
  productVariant(@Arg('id', () => ID, { description: 'ID of the record.' }) id: string, @Ctx() ctx: Context): Promise<ProductVariant> {
    return findVariant(ctx.em, id, { includeDeleted: true });
  }

  @Query(() => ProductVariantConnection, {
    description: 'Variants, by SKU unless ordered otherwise; `filter.search` is full-text. Requires membership.',
  })
  productVariants(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ProductVariantFilter, { nullable: true, description: 'Which variants.' }) filter: ProductVariantFilter | null,
    @Arg('orderBy', () => ProductVariantOrder, { nullable: true, description: 'Sort order.' }) order: ProductVariantOrder | null,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted variants.' }) includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<ProductVariant>> {
    return listVariants(ctx.em, args, filter, order, includeDeleted);
  }

  @Query(() => [PriceChange], { description: "A variant's price history, oldest first (NOT_FOUND outside the organization). Requires membership." })
  async priceHistory(
    @Arg('variantId', () => ID, { description: 'ID of the variant.' }) variantId: string,
    @Arg('kind', () => PriceKind, { nullable: true, description: 'Only list prices or only unit costs.' }) kind: PriceKind | null,
    @Ctx() ctx: Context,
  ): Promise<PriceChange[]> {
    await findVariant(ctx.em, variantId, { includeDeleted: true });
    return priceHistory(ctx.em, variantId, kind ?? undefined);
  }

  @Query(() => PriceChange, { nullable: true, description: 'The price in force at a time (null before the first). Requires membership.' })
  async priceAt(
    @Arg('variantId', () => ID, { description: 'ID of the variant.' }) variantId: string,
    @Arg('kind', () => PriceKind, { description: 'List price or unit cost.' }) kind: PriceKind,
    @Arg('at', () => Date, { description: 'Moment (UTC).' }) at: Date,
    @Ctx() ctx: Context,
  ): Promise<PriceChange | null> {
    await findVariant(ctx.em, variantId, { includeDeleted: true });
    return priceAt(ctx.em, variantId, kind, at);
  }

  @FieldResolver(() => Product, { description: 'The product.' })
  async product(@Root() variant: ProductVariant, @Ctx() ctx: Context): Promise<Product> {
    const product = await ctx.loaders.productById.load(variant.product.id);
    if (!product) throw notFound('Product', variant.product.id);
    return product;
  }

  @FieldResolver(() => [StockLevel], { description: 'Stock per warehouse.' })
  stockLevels(@Root() variant: ProductVariant, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<StockLevel[]> {
    const loader = selectedFields(info).has('warehouse') ? ctx.loaders.stockLevelsWithWarehouseByVariantId : ctx.loaders.stockLevelsByVariantId;
    return loader.load(variant.id);
  }

  @FieldResolver(() => [SupplierOffer], { description: "Suppliers' offers for this variant. Needs `catalog.manage_suppliers`." })
  offers(@Root() variant: ProductVariant, @Ctx() ctx: Context): Promise<SupplierOffer[]> {
    return ctx.loaders.offersByVariantId.load(variant.id);
  }

  @Mutation(() => ProductVariantPayload, { nullable: true, description: 'Adds a variant to a product. Members and above.' })
  createProductVariant(
    @Arg('input', () => CreateProductVariantInput, { description: 'What to do; see the input type.' }) input: CreateProductVariantInput,
    @Ctx() ctx: Context,
  ): Promise<ProductVariantPayload> {
    return toPayload(async () => ({ productVariant: await createVariant(ctx.em, organizationOf(ctx).id, input.productId, input) }));
  }

  @Mutation(() => ProductVariantPayload, {
    nullable: true,
    description: 'Changes a variant; price changes are recorded in the price history. Members and above.',
  })
  updateProductVariant(
    @Arg('input', () => UpdateProductVariantInput, { description: 'What to do; see the input type.' }) input: UpdateProductVariantInput,
    @Ctx() ctx: Context,
  ): Promise<ProductVariantPayload> {
    return toPayload(async () => ({ productVariant: await updateVariant(ctx.em, input.id, input) }));
  }

  @Mutation(() => ProductVariantPayload, {
    nullable: true,
    description: 'Soft-deletes a variant (restoreProductVariant undoes it). Members and above.',
  })
  deleteProductVariant(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<ProductVariantPayload> {
    return toPayload(async () => ({ productVariant: await setVariantDeleted(ctx.em, input.id, true, ctx.services.clock.now()) }));
  }

  @Mutation(() => ProductVariantPayload, { nullable: true, description: 'Restores a soft-deleted variant. Members and above.' })
  restoreProductVariant(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<ProductVariantPayload> {
    return toPayload(async () => ({ productVariant: await setVariantDeleted(ctx.em, input.id, false, ctx.services.clock.now()) }));
  }
}
