import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { readPlain } from '../../db/plain-rows.js';
import { isReadOnly, readOptions } from '../../db/tenancy.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { selectedFields } from '../../shared/lookahead.js';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { toPayload } from '../../shared/user-error.js';
import { listProducts } from './catalog-query.service.js';
import { ProductFilter, ProductOrder } from './dto/catalog-filters.dto.js';
import { CreateProductInput, IdInput, UpdateProductInput } from './dto/catalog-inputs.dto.js';
import { ProductPayload } from './dto/catalog-payloads.dto.js';
import { Product } from './product.entity.js';
import { createProduct, findProduct, setProductDeleted, updateProduct } from './product.service.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';

export const ProductConnection = connectionType(Product);

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { description: 'One product (NOT_FOUND outside the organization). Requires membership.' })
  async product(
    @Arg('id', () => ID, { description: 'ID of the record.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Product> {
    if (!selectedFields(info).has('variants') || !isUuid(id)) return findProduct(ctx.em, id, { includeDeleted: true });
    // The product and its live variants in one statement; the variants loader then answers from it.
    if (isReadOnly(ctx.em)) {
      const variants = new Map<string, unknown[]>();
      const [found] = await readPlain(
        ctx.em,
        Product,
        { id },
        { many: { name: 'variants', where: { deletedAt: null }, orderBy: { sku: 'asc', id: 'asc' }, into: variants } },
      );
      if (!found) throw notFound('Product', id);
      ctx.loaders.variantsByProductId.prime(found.id, variants.get(found.id) as ProductVariant[]);
      return found;
    }
    const product = await ctx.em.findOne(Product, { id }, {
      populate: ['variants'],
      populateWhere: { variants: { deletedAt: null } },
      orderBy: { variants: { sku: 'asc', id: 'asc' } },
      strategy: 'joined',
      ...readOptions(ctx.em),
    } as never);
    if (!product) throw notFound('Product', id);
    ctx.loaders.variantsByProductId.prime(product.id, product.variants.getItems());
    return product;
  }

  @Query(() => ProductConnection, { description: 'Products, by name unless ordered otherwise; `filter.search` is full-text. Requires membership.' })
  products(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Which products.' }) filter: ProductFilter | null,
    @Arg('orderBy', () => ProductOrder, { nullable: true, description: 'Sort order.' }) order: ProductOrder | null,
    @Arg('includeDeleted', () => Boolean, { defaultValue: false, description: 'Also list soft-deleted products.' }) includeDeleted: boolean,
    @Ctx() ctx: Context,
  ): Promise<Connection<Product>> {
    return listProducts(ctx.em, args, filter, order, includeDeleted);
  }

  @FieldResolver(() => [ProductVariant], { description: 'Live variants, by SKU.' })
  variants(@Root() product: Product, @Ctx() ctx: Context): Promise<ProductVariant[]> {
    return ctx.loaders.variantsByProductId.load(product.id);
  }

  @FieldResolver(() => Supplier, { nullable: true, description: 'Default supplier (null while it is deleted). Needs `catalog.manage_suppliers`.' })
  async defaultSupplier(@Root() product: Product, @Ctx() ctx: Context): Promise<Supplier | null> {
    if (!product.defaultSupplier) return null;
    const supplier = await ctx.loaders.supplierById.load(product.defaultSupplier.id);
    return supplier?.deletedAt ? null : supplier;
  }

  @Mutation(() => ProductPayload, {
    nullable: true,
    description: 'Creates a product with its variants (their first prices start the price history). Members and above.',
  })
  createProduct(
    @Arg('input', () => CreateProductInput, { description: 'What to do; see the input type.' }) input: CreateProductInput,
    @Ctx() ctx: Context,
  ): Promise<ProductPayload> {
    return toPayload(async () => ({ product: await createProduct(ctx.em, organizationOf(ctx).id, input) }));
  }

  @Mutation(() => ProductPayload, { nullable: true, description: 'Changes a product. Members and above.' })
  updateProduct(
    @Arg('input', () => UpdateProductInput, { description: 'What to do; see the input type.' }) input: UpdateProductInput,
    @Ctx() ctx: Context,
  ): Promise<ProductPayload> {
    return toPayload(async () => ({ product: await updateProduct(ctx.em, input.id, input) }));
  }

  @Mutation(() => ProductPayload, { nullable: true, description: 'Soft-deletes a product (restoreProduct undoes it). Members and above.' })
  deleteProduct(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<ProductPayload> {
    return toPayload(async () => ({ product: await setProductDeleted(ctx.em, input.id, true, ctx.services.clock.now()) }));
  }

  @Mutation(() => ProductPayload, { nullable: true, description: 'Restores a soft-deleted product. Members and above.' })
  restoreProduct(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<ProductPayload> {
    return toPayload(async () => ({ product: await setProductDeleted(ctx.em, input.id, false, ctx.services.clock.now()) }));
  }
}
