import type { EntityManager } from '@mikro-orm/sql';
import { findRecord } from '../../shared/find-record.js';
import { InputCheck } from '../../shared/input-check.js';
import { flushUnique, inTransaction } from '../../shared/transaction.js';
import { assignDefined, nonNegativeInt, optionalText } from './catalog-input.js';
import { Supplier } from './supplier.entity.js';

export type SupplierInput = {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  address?: string | null;
  paymentTerms?: string | null;
  leadTimeDays?: number | null;
  notes?: string | null;
  externalId?: string | null;
  active?: boolean | null;
};

function checkSupplier(input: SupplierInput, creating: boolean): Partial<Supplier> {
  const check = new InputCheck();
  if (creating || input.name !== undefined) check.text('name', input.name, { max: 200 });
  if (input.email) check.email('email', input.email);
  nonNegativeInt(check, 'leadTimeDays', input.leadTimeDays);
  const values: Partial<Supplier> = {
    name: input.name?.trim(),
    email: optionalText(check, 'email', input.email, 254),
    phone: optionalText(check, 'phone', input.phone, 50),
    website: optionalText(check, 'website', input.website, 500),
    address: optionalText(check, 'address', input.address, 2000),
    paymentTerms: optionalText(check, 'paymentTerms', input.paymentTerms, 100),
    externalId: optionalText(check, 'externalId', input.externalId, 200),
    leadTimeDays: input.leadTimeDays ?? undefined,
    notes: input.notes ?? undefined,
    active: input.active ?? undefined,
  };
  check.done();
  return values;
}

export const findSupplier = (em: EntityManager, id: string, { includeDeleted = false } = {}) =>
  findRecord(em, Supplier, 'Supplier', id, { includeDeleted });

export async function createSupplier(em: EntityManager, organizationId: string, input: SupplierInput): Promise<Supplier> {
  const values = checkSupplier(input, true);
  return inTransaction(em, async (tx) => {
    const supplier = tx.create(Supplier, { organization: organizationId, name: values.name!, ...values });
    await flushUnique(tx, 'externalId', 'Another supplier has this externalId');
    return supplier;
  });
}

export async function updateSupplier(em: EntityManager, id: string, input: SupplierInput): Promise<Supplier> {
  const values = checkSupplier(input, false);
  return inTransaction(em, async (tx) => {
    const supplier = await findSupplier(tx, id);
    assignDefined(supplier, values);
    await flushUnique(tx, 'externalId', 'Another supplier has this externalId');
    return supplier;
  });
}

/** Soft delete (restore brings it back). */
export async function setSupplierDeleted(em: EntityManager, id: string, deleted: boolean, now: Date): Promise<Supplier> {
  return inTransaction(em, async (tx) => {
    const supplier = await findSupplier(tx, id, { includeDeleted: true });
    supplier.deletedAt = deleted ? (supplier.deletedAt ?? now) : null;
    await tx.flush();
    return supplier;
  });
}
