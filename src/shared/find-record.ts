import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { readPlain } from '../db/plain-rows.js';
import { isReadOnly } from '../db/tenancy.js';
import { notFound } from './errors.js';
import { isUuid } from './ids.js';

export type FindOptions = {
  /** Also find soft-deleted records (and records of entities without soft delete). */
  includeDeleted?: boolean;
  /** Lock the row for the rest of the transaction (SELECT … FOR UPDATE). */
  lock?: boolean;
  /** What "live" means, when not just `deletedAt: null` (a function: MikroORM rewrites where objects in place). */
  live?: () => Record<string, unknown>;
};

/**
 * One record of the request's organization by ID, or a NOT_FOUND error: malformed IDs and other
 * organizations' IDs (hidden by the tenant filter and row-level security) look the same.
 */
export async function findRecord<T extends object>(
  em: EntityManager,
  entity: new () => T,
  label: string,
  id: string,
  { includeDeleted = false, lock = false, live = () => ({ deletedAt: null }) }: FindOptions = {},
): Promise<T> {
  if (!isUuid(id)) throw notFound(label, id);
  const where = { id, ...(includeDeleted ? {} : live()) } as never;
  // A read-only request (GraphQL query) gets a plain record (db/plain-rows.ts); writes, a managed entity.
  const record =
    isReadOnly(em) && !lock
      ? (await readPlain(em, entity, where, { limit: 1 }))[0]
      : await em.findOne(entity, where, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!record) throw notFound(label, id);
  return record as T;
}
