import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { notFound } from '../../shared/errors.js';
import { toPayload } from '../../shared/user-error.js';
import { IdInput, SetSupplierOfferInput } from './dto/catalog-inputs.dto.js';
import { SupplierOfferPayload } from './dto/catalog-payloads.dto.js';
import { removeSupplierOffer, setSupplierOffer } from './offer.service.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';

@Resolver(() => SupplierOffer)
export class SupplierOfferResolver {
  @FieldResolver(() => Supplier, { description: 'The supplier.' })
  async supplier(@Root() offer: SupplierOffer, @Ctx() ctx: Context): Promise<Supplier> {
    const supplier = await ctx.loaders.supplierById.load(offer.supplier.id);
    if (!supplier) throw notFound('Supplier', offer.supplier.id);
    return supplier;
  }

  @FieldResolver(() => ProductVariant, { description: 'The variant.' })
  async variant(@Root() offer: SupplierOffer, @Ctx() ctx: Context): Promise<ProductVariant> {
    const variant = await ctx.loaders.variantById.load(offer.variant.id);
    if (!variant) throw notFound('ProductVariant', offer.variant.id);
    return variant;
  }

  @Mutation(() => SupplierOfferPayload, {
    nullable: true,
    description: "Creates or replaces a supplier's offer for a variant. Members and above; needs `catalog.manage_suppliers`.",
  })
  setSupplierOffer(
    @Arg('input', () => SetSupplierOfferInput, { description: 'What to do; see the input type.' }) input: SetSupplierOfferInput,
    @Ctx() ctx: Context,
  ): Promise<SupplierOfferPayload> {
    return toPayload(async () => ({ supplierOffer: await setSupplierOffer(ctx.em, organizationOf(ctx).id, input) }));
  }

  @Mutation(() => SupplierOfferPayload, {
    nullable: true,
    description: 'Removes a supplier offer. Members and above; needs `catalog.manage_suppliers`.',
  })
  removeSupplierOffer(
    @Arg('input', () => IdInput, { description: 'What to do; see the input type.' }) input: IdInput,
    @Ctx() ctx: Context,
  ): Promise<SupplierOfferPayload> {
    return toPayload(async () => {
      await removeSupplierOffer(ctx.em, input.id);
      return {};
    });
  }
}
