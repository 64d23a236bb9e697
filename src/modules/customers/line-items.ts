import type { EntityManager } from '@mikro-orm/sql';
import { isUuid, normalizeId } from '../../shared/ids.js';
import type { InputCheck } from '../../shared/input-check.js';
import { checkMoney, type MoneyValue } from '../../shared/money.js';
import { UserErrorCode } from '../../shared/user-error.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { PRODUCT_STATUS_ALLOWS, ProductStatus } from '../catalog/product.entity.js';
import { liveVariant } from '../catalog/product.service.js';

/** Lines per order or opportunity. */
export const MAX_LINES = 100;
export const MAX_QUANTITY = 1_000_000;
export const MAX_UNIT_PRICE = 1_000_000_000;

type LineInput = { variantId: string; quantity: number; unitPrice?: MoneyValue | null };

/** The live variants of the organization that lines name, with their products, by canonical ID: one query for all the lines. */
export async function variantsOf(em: EntityManager, lines: readonly { variantId: string }[]): Promise<Map<string, ProductVariant>> {
  const ids = [
    ...new Set(
      lines
        .map((l) => l.variantId)
        .filter(isUuid)
        .map(normalizeId),
    ),
  ];
  if (ids.length === 0) return new Map();
  return new Map((await em.find(ProductVariant, { id: { $in: ids }, ...liveVariant() }, { populate: ['product'] })).map((v) => [v.id, v]));
}

/** Why a variant cannot go on a new line (its product's status or the variant's own flag), or null when it can. */
function notForSale(variant: ProductVariant): string | null {
  const status: ProductStatus = variant.product.getEntity().status;
  if (!PRODUCT_STATUS_ALLOWS[status].sell) {
    const name = status === ProductStatus.DRAFT ? 'DRAFT' : 'ARCHIVED';
    const hint = status === ProductStatus.DRAFT ? ': set the product ACTIVE to sell it' : ', which is no longer sold';
    return `${variant.sku} belongs to a ${name} product${hint}`;
  }
  if (!variant.active) return `${variant.sku} is not for sale (the variant is inactive)`;
  return null;
}

/**
 * Checks what every sales line must satisfy (order or opportunity): a live variant of the
 * organization that is for sale (an ACTIVE product, an active variant), a quantity and unit price
 * in range, the variant and the unit price in `currency` (when known). Variants in `onRecord` (already
 * on the order or opportunity being edited) skip the for-sale check: records keep what they already had.
 * Returns the variant, or undefined when there is none (NOT_FOUND is recorded).
 */
export function checkLine(
  check: InputCheck,
  field: string,
  line: LineInput,
  variants: Map<string, ProductVariant>,
  currency: string | null,
  what: string,
  onRecord: ReadonlySet<string> = new Set(),
): ProductVariant | undefined {
  const variant = isUuid(line.variantId) ? variants.get(normalizeId(line.variantId)) : undefined;
  if (!variant) {
    check.fail(`${field}.variantId`, UserErrorCode.NOT_FOUND, `No variant ${line.variantId}`);
    return undefined;
  }
  const refusal = onRecord.has(variant.id) ? null : notForSale(variant);
  if (refusal) check.fail(`${field}.variantId`, UserErrorCode.INVALID_STATE, refusal);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY)
    check.fail(`${field}.quantity`, UserErrorCode.INVALID, `quantity must be 1 to ${MAX_QUANTITY}`);
  // A line's price is in the record's currency, which is its variant's too (checked below).
  checkMoney(check, `${field}.unitPrice`, line.unitPrice, {
    max: MAX_UNIT_PRICE,
    currency: currency ?? variant.listPrice.currency,
    what: `the ${what}`,
  });
  if (currency && variant.listPrice.currency !== currency)
    check.fail(
      `${field}.variantId`,
      UserErrorCode.CURRENCY_MISMATCH,
      `${variant.sku} is priced in ${variant.listPrice.currency}, the ${what} in ${currency}`,
    );
  return variant;
}
