import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { checkMoney, Money, type MoneyValue } from '../../shared/money.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { nonNegativeInt, optionalText } from './catalog-input.js';
import { checkIds } from './inventory.service.js';
import { liveVariant } from './product.service.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';
import { SupplierOffer } from './supplier-offer.entity.js';

export type OfferInput = {
  variantId: string;
  supplierId: string;
  supplierSku?: string | null;
  cost: MoneyValue;
  leadTimeDays?: number | null;
  minimumOrderQuantity?: number | null;
};

/** Creates or replaces the offer of a supplier for a variant. */
export async function setSupplierOffer(em: EntityManager, organizationId: string, input: OfferInput): Promise<SupplierOffer> {
  const check = new InputCheck();
  checkMoney(check, 'cost', input.cost);
  nonNegativeInt(check, 'leadTimeDays', input.leadTimeDays);
  if (input.minimumOrderQuantity != null && (!Number.isSafeInteger(input.minimumOrderQuantity) || input.minimumOrderQuantity < 1)) {
    check.fail('minimumOrderQuantity', UserErrorCode.INVALID, 'minimumOrderQuantity must be a whole number, 1 or more');
  }
  const supplierSku = optionalText(check, 'supplierSku', input.supplierSku, 100);
  check.done();
  checkIds(input, ['variantId', 'supplierId']);
  return inTransaction(em, async (tx) => {
    const [variant, supplier] = await Promise.all([
      tx.count(ProductVariant, { id: input.variantId, ...liveVariant() }),
      tx.count(Supplier, { id: input.supplierId, deletedAt: null }),
    ]);
    const missing = new InputCheck();
    if (!variant) missing.fail('variantId', UserErrorCode.NOT_FOUND, `No variant ${input.variantId}`);
    if (!supplier) missing.fail('supplierId', UserErrorCode.NOT_FOUND, `No supplier ${input.supplierId}`);
    missing.done();
    const offer =
      (await tx.findOne(SupplierOffer, { variant: input.variantId, supplier: input.supplierId })) ??
      tx.create(SupplierOffer, {
        organization: organizationId,
        variant: input.variantId,
        supplier: input.supplierId,
        cost: Money.of(0, input.cost.currency),
      });
    offer.supplierSku = supplierSku ?? null;
    offer.cost = Money.of(input.cost.amount, input.cost.currency);
    offer.leadTimeDays = input.leadTimeDays ?? null;
    offer.minimumOrderQuantity = input.minimumOrderQuantity ?? 1;
    await tx.flush();
    return offer;
  });
}

export async function removeSupplierOffer(em: EntityManager, id: string): Promise<string> {
  return inTransaction(em, async (tx) => {
    const offer = isUuid(id) ? await tx.findOne(SupplierOffer, { id }) : null;
    if (!offer) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'id', `No supplier offer ${id}`);
    tx.remove(offer);
    await tx.flush();
    return id;
  });
}
