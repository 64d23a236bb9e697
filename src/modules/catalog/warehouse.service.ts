import type { EntityManager } from '@mikro-orm/sql';
import { findRecord } from '../../shared/find-record.js';
import { InputCheck } from '../../shared/input-check.js';
import { flushUnique, inTransaction } from '../../shared/transaction.js';
import { assignDefined, optionalText } from './catalog-input.js';
import { Warehouse } from './warehouse.entity.js';

export type WarehouseInput = { name?: string | null; code?: string | null; address?: string | null; active?: boolean | null };

function checkWarehouse(input: WarehouseInput, creating: boolean): Partial<Warehouse> {
  const check = new InputCheck();
  if (creating || input.name !== undefined) check.text('name', input.name, { max: 200 });
  if (creating || input.code !== undefined)
    check.text('code', input.code, { max: 50, pattern: /^[A-Za-z0-9_-]+$/, hint: 'may contain letters, digits, _ and -' });
  const values: Partial<Warehouse> = {
    name: input.name?.trim(),
    code: input.code?.trim().toUpperCase(),
    address: optionalText(check, 'address', input.address, 2000),
    active: input.active ?? undefined,
  };
  check.done();
  return values;
}

export const findWarehouse = (em: EntityManager, id: string, { includeDeleted = false } = {}) =>
  findRecord(em, Warehouse, 'Warehouse', id, { includeDeleted });

export async function createWarehouse(em: EntityManager, organizationId: string, input: WarehouseInput): Promise<Warehouse> {
  const values = checkWarehouse(input, true);
  return inTransaction(em, async (tx) => {
    const warehouse = tx.create(Warehouse, { organization: organizationId, name: values.name!, code: values.code!, ...values });
    await flushUnique(tx, 'code', `A warehouse with code ${values.code} exists`);
    return warehouse;
  });
}

export async function updateWarehouse(em: EntityManager, id: string, input: WarehouseInput): Promise<Warehouse> {
  const values = checkWarehouse(input, false);
  return inTransaction(em, async (tx) => {
    const warehouse = await findWarehouse(tx, id);
    assignDefined(warehouse, values);
    await flushUnique(tx, 'code', `A warehouse with code ${values.code} exists`);
    return warehouse;
  });
}

export async function setWarehouseDeleted(em: EntityManager, id: string, deleted: boolean, now: Date): Promise<Warehouse> {
  return inTransaction(em, async (tx) => {
    const warehouse = await findWarehouse(tx, id, { includeDeleted: true });
    warehouse.deletedAt = deleted ? (warehouse.deletedAt ?? now) : null;
    await tx.flush();
    return warehouse;
  });
}
