import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { runBulk } from './bulk.service.js';
import {
  BulkCreateProductsInput,
  BulkCreateProductVariantsInput,
  BulkUpdateProductsInput,
  BulkUpdateProductVariantsInput,
} from './dto/catalog-inputs.dto.js';
import { BulkProductsPayload, BulkProductVariantsPayload } from './dto/catalog-payloads.dto.js';
import { createProduct, createVariant, updateProduct, updateVariant } from './product.service.js';

const asProducts = ({ rows, errors }: Awaited<ReturnType<typeof runBulk>>) => ({
  results: rows.map((r) => ({ index: r.index, product: r.record as never, errors: r.errors })),
  errors,
});
const asVariants = ({ rows, errors }: Awaited<ReturnType<typeof runBulk>>) => ({
  results: rows.map((r) => ({ index: r.index, productVariant: r.record as never, errors: r.errors })),
  errors,
});

@Resolver()
export class BulkCatalogResolver {
  @Mutation(() => BulkProductsPayload, {
    nullable: true,
    description: 'Creates up to 100 products; per-row results, optionally all or nothing. Members and above.',
  })
  async bulkCreateProducts(
    @Arg('input', () => BulkCreateProductsInput, { description: 'What to do; see the input type.' }) input: BulkCreateProductsInput,
    @Ctx() ctx: Context,
  ): Promise<BulkProductsPayload> {
    const organizationId = organizationOf(ctx).id;
    return asProducts(await runBulk(ctx.em, input.products, input.allOrNothing, (tx, row) => createProduct(tx, organizationId, row)));
  }

  @Mutation(() => BulkProductsPayload, {
    nullable: true,
    description: 'Updates up to 100 products; per-row results, optionally all or nothing. Members and above.',
  })
  async bulkUpdateProducts(
    @Arg('input', () => BulkUpdateProductsInput, { description: 'What to do; see the input type.' }) input: BulkUpdateProductsInput,
    @Ctx() ctx: Context,
  ): Promise<BulkProductsPayload> {
    return asProducts(await runBulk(ctx.em, input.products, input.allOrNothing, (tx, row) => updateProduct(tx, row.id, row)));
  }

  @Mutation(() => BulkProductVariantsPayload, {
    nullable: true,
    description: 'Creates up to 100 variants; per-row results, optionally all or nothing. Members and above.',
  })
  async bulkCreateProductVariants(
    @Arg('input', () => BulkCreateProductVariantsInput, { description: 'What to do; see the input type.' }) input: BulkCreateProductVariantsInput,
    @Ctx() ctx: Context,
  ): Promise<BulkProductVariantsPayload> {
    const organizationId = organizationOf(ctx).id;
    return asVariants(await runBulk(ctx.em, input.variants, input.allOrNothing, (tx, row) => createVariant(tx, organizationId, row.productId, row)));
  }

  @Mutation(() => BulkProductVariantsPayload, {
    nullable: true,
    description: 'Updates up to 100 variants; per-row results, optionally all or nothing. Members and above.',
  })
  async bulkUpdateProductVariants(
    @Arg('input', () => BulkUpdateProductVariantsInput, { description: 'What to do; see the input type.' }) input: BulkUpdateProductVariantsInput,
    @Ctx() ctx: Context,
  ): Promise<BulkProductVariantsPayload> {
    return asVariants(await runBulk(ctx.em, input.variants, input.allOrNothing, (tx, row) => updateVariant(tx, row.id, row)));
  }
}
