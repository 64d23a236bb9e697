import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { findRecord } from '../../shared/find-record.js';
import { InputCheck } from '../../shared/input-check.js';
import { checkMoney, isCurrencyCode, Money, type MoneyValue } from '../../shared/money.js';
import { flushUnique, inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { assignDefined, nonNegativeInt, optionalText } from './catalog-input.js';
import { describePriceChange } from './price.service.js';
import { Product, type ProductStatus } from './product.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';

export type VariantInput = {
  sku?: string | null;
  name?: string | null;
  attributes?: Record<string, string | number | boolean> | null;
  barcode?: string | null;
  unitOfMeasure?: string | null;
  weightGrams?: number | null;
  listPrice?: MoneyValue | null;
  unitCost?: MoneyValue | null;
  active?: boolean | null;
  lowStockThreshold?: number | null;
  reorderPoint?: number | null;
  reorderQuantity?: number | null;
  /** Recorded in the price history when a price changes. */
  priceChangeReason?: string | null;
};

export type ProductInput = {
  name?: string | null;
  description?: string | null;
  category?: string | null;
  brand?: string | null;
  status?: ProductStatus | null;
  defaultSupplierId?: string | null;
  tags?: string[] | null;
  externalId?: string | null;
  variants?: VariantInput[] | null;
};

const SKU = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;

function checkVariant(check: InputCheck, prefix: string, input: VariantInput, creating: boolean): Partial<ProductVariant> {
  if (creating || input.sku !== undefined)
    check.text(`${prefix}sku`, input.sku, { max: 100, pattern: SKU, hint: 'may contain letters, digits and . _ - /' });
  if (creating || input.name !== undefined) check.text(`${prefix}name`, input.name, { max: 300 });
  if (creating && input.listPrice == null) check.fail(`${prefix}listPrice`, UserErrorCode.REQUIRED, 'listPrice is required');
  checkMoney(check, `${prefix}listPrice`, input.listPrice);
  // Both prices of a variant share one currency: the list price's when given (else the variant's, checked on update).
  const listCurrency = isCurrencyCode(input.listPrice?.currency) ? input.listPrice.currency : null;
  checkMoney(check, `${prefix}unitCost`, input.unitCost, { currency: listCurrency, what: 'the list price' });
  for (const field of ['weightGrams', 'lowStockThreshold', 'reorderPoint', 'reorderQuantity'] as const)
    nonNegativeInt(check, `${prefix}${field}`, input[field]);
  return {
    sku: input.sku?.trim(),
    name: input.name?.trim(),
    attributes: input.attributes ?? undefined,
    barcode: optionalText(check, `${prefix}barcode`, input.barcode, 100),
    unitOfMeasure: input.unitOfMeasure?.trim() || undefined,
    weightGrams: input.weightGrams,
    active: input.active ?? undefined,
    lowStockThreshold: input.lowStockThreshold ?? undefined,
    reorderPoint: input.reorderPoint ?? undefined,
    reorderQuantity: input.reorderQuantity ?? undefined,
  };
}

function checkProduct(check: InputCheck, input: ProductInput, creating: boolean): Partial<Product> {
  if (creating || input.name !== undefined) check.text('name', input.name, { max: 300 });
  if (input.tags && input.tags.length > 50) check.fail('tags', UserErrorCode.INVALID, 'at most 50 tags');
  return {
    name: input.name?.trim(),
    description: input.description ?? undefined,
    category: optionalText(check, 'category', input.category, 100),
    brand: optionalText(check, 'brand', input.brand, 100),
    status: input.status ?? undefined,
    tags: input.tags?.map((t) => t.trim()).filter(Boolean),
    externalId: optionalText(check, 'externalId', input.externalId, 200),
  };
}

async function resolveSupplier(em: EntityManager, id: string | null | undefined): Promise<Supplier | null | undefined> {
  if (id === undefined) return undefined;
  if (id === null) return null;
  if (!isUuid(id)) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'defaultSupplierId', `No supplier ${id}`);
  const supplier = await em.findOne(Supplier, { id, deletedAt: null });
  if (!supplier) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'defaultSupplierId', `No supplier ${id}`);
  return supplier;
}

function newVariant(
  em: EntityManager,
  organizationId: string,
  product: Product,
  values: Partial<ProductVariant>,
  input: VariantInput,
): ProductVariant {
  const listPrice = input.listPrice!;
  return em.create(ProductVariant, {
    ...values,
    organization: organizationId,
    product,
    sku: values.sku!,
    name: values.name!,
    listPrice: Money.of(listPrice.amount, listPrice.currency),
    unitCost: Money.of(input.unitCost?.amount ?? 0, listPrice.currency),
  });
}

export const findProduct = (em: EntityManager, id: string, { includeDeleted = false } = {}) =>
  findRecord(em, Product, 'Product', id, { includeDeleted });

/** A variant is live while it and its product are not deleted. */
// A function, not a constant: MikroORM rewrites nested where objects in place, so each query needs its own.
export const liveVariant = () => ({ deletedAt: null, product: { deletedAt: null } });

export const findVariant = (em: EntityManager, id: string, { includeDeleted = false } = {}) =>
  findRecord(em, ProductVariant, 'ProductVariant', id, { includeDeleted, live: liveVariant });

/** Creates a product with at least one variant; their first prices start the price history. */
export async function createProduct(em: EntityManager, organizationId: string, input: ProductInput): Promise<Product> {
  const check = new InputCheck();
  const values = checkProduct(check, input, true);
  const variants = input.variants ?? [];
  if (variants.length === 0) check.fail('variants', UserErrorCode.REQUIRED, 'A product needs at least one variant');
  if (variants.length > 100) check.fail('variants', UserErrorCode.INVALID, 'At most 100 variants per call');
  const variantValues = variants.map((v, i) => checkVariant(check, `variants.${i}.`, v, true));
  const skus = variantValues.map((v) => v.sku);
  skus.forEach((sku, i) => {
    if (sku && skus.indexOf(sku) !== i) check.fail(`variants.${i}.sku`, UserErrorCode.ALREADY_EXISTS, `SKU ${sku} appears twice`);
  });
  check.done();
  return inTransaction(em, async (tx) => {
    const defaultSupplier = await resolveSupplier(tx, input.defaultSupplierId);
    const product = tx.create(Product, { ...values, organization: organizationId, name: values.name!, defaultSupplier: defaultSupplier ?? null });
    await describePriceChange(tx, 'initial price');
    for (const [i, v] of variantValues.entries()) newVariant(tx, organizationId, product, v, variants[i]);
    await flushSku(tx, skus);
    return product;
  });
}

async function flushSku(em: EntityManager, skus: (string | undefined)[]): Promise<void> {
  await flushUnique(em, skus.length === 1 ? 'sku' : 'variants', `SKU already in use: ${skus.filter(Boolean).join(', ')}`);
}

export async function updateProduct(em: EntityManager, id: string, input: ProductInput): Promise<Product> {
  const check = new InputCheck();
  const values = checkProduct(check, input, false);
  check.done();
  return inTransaction(em, async (tx) => {
    const product = await findProduct(tx, id);
    const defaultSupplier = await resolveSupplier(tx, input.defaultSupplierId);
    assignDefined(product, values);
    if (defaultSupplier !== undefined)
      product.defaultSupplier = defaultSupplier ? tx.getReference(Supplier, defaultSupplier.id, { wrapped: true }) : null;
    await flushUnique(tx, 'externalId', 'Another product has this externalId');
    return product;
  });
}

export async function createVariant(em: EntityManager, organizationId: string, productId: string, input: VariantInput): Promise<ProductVariant> {
  const check = new InputCheck();
  const values = checkVariant(check, '', input, true);
  check.done();
  return inTransaction(em, async (tx) => {
    const product = await findProduct(tx, productId);
    await describePriceChange(tx, input.priceChangeReason?.trim() || 'initial price');
    const variant = newVariant(tx, organizationId, product, values, input);
    await flushSku(tx, [values.sku]);
    return variant;
  });
}

/** Updates a variant; price changes go to the price history with `priceChangeReason`. */
export async function updateVariant(em: EntityManager, id: string, input: VariantInput): Promise<ProductVariant> {
  const check = new InputCheck();
  const values = checkVariant(check, '', input, false);
  check.done();
  return inTransaction(em, async (tx) => {
    const variant = await findVariant(tx, id);
    const currency = variant.listPrice.currency;
    const sameCurrency = new InputCheck();
    checkMoney(sameCurrency, 'listPrice', input.listPrice, { currency, what: `variant ${variant.sku}` });
    checkMoney(sameCurrency, 'unitCost', input.unitCost, { currency, what: `variant ${variant.sku}` });
    sameCurrency.done();
    assignDefined(variant, values);
    if (input.listPrice != null || input.unitCost != null) {
      await describePriceChange(tx, input.priceChangeReason?.trim() ?? '');
      if (input.listPrice != null) variant.listPrice = Money.of(input.listPrice.amount, currency);
      if (input.unitCost != null) variant.unitCost = Money.of(input.unitCost.amount, currency);
    }
    await flushSku(tx, [values.sku]);
    return variant;
  });
}

export async function setProductDeleted(em: EntityManager, id: string, deleted: boolean, now: Date): Promise<Product> {
  return inTransaction(em, async (tx) => {
    const product = await findProduct(tx, id, { includeDeleted: true });
    product.deletedAt = deleted ? (product.deletedAt ?? now) : null;
    await tx.flush();
    return product;
  });
}

export async function setVariantDeleted(em: EntityManager, id: string, deleted: boolean, now: Date): Promise<ProductVariant> {
  return inTransaction(em, async (tx) => {
    const variant = await findVariant(tx, id, { includeDeleted: true });
    variant.deletedAt = deleted ? (variant.deletedAt ?? now) : null;
    await tx.flush();
    return variant;
  });
}
