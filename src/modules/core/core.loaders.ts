import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { readPlain } from '../../db/plain-rows.js';
import { isReadOnly, readOptions } from '../../db/tenancy.js';
import { FeatureFlag } from './feature-flag.entity.js';
import { Subscription } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';
import { User } from './user.entity.js';

/** Groups rows by key in the order DataLoader asked for them. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => map.get(key) ?? null);
}

/** Groups rows under their key, in the order DataLoader asked (for one-to-many loaders). */
export function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}

/** A loader of records by ID (null for IDs the request cannot see): one query per tick. */
export function loaderById<T extends { id: string }>(em: EntityManager, entity: new () => T): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (ids) => {
    const where = { id: { $in: [...ids] } } as never;
    // A read-only request (GraphQL query) reads plain records (db/plain-rows.ts); a mutation, entities.
    const rows = isReadOnly(em) ? await readPlain(em, entity, where) : await em.find(entity, where, readOptions(em));
    return byKeys(ids, rows as T[], (row) => row.id);
  });
}

/** A loader of the children of parents (by the `parent` relation), in `orderBy` then ID order: one query per tick. */
export function loaderOfChildren<T extends object>(
  em: EntityManager,
  entity: new () => T,
  parent: string,
  orderBy: Record<string, 'asc' | 'desc'>,
  extra: Record<string, unknown> = {},
  /** To-one relations loaded in the same statement (see shared/lookahead.ts `related`). */
  joins: string[] = [],
): DataLoader<string, T[]> {
  const order = { ...orderBy, id: 'asc' };
  const options = { orderBy: order, ...(joins.length > 0 ? { populate: joins, strategy: 'joined' } : {}) };
  return new DataLoader<string, T[]>(async (ids) => {
    const where = { [parent]: { $in: [...ids] }, ...extra } as never;
    const rows = isReadOnly(em)
      ? await readPlain(em, entity, where, { orderBy: order, joins })
      : await em.find(entity, where, { ...options, ...readOptions(em) } as never);
    return groupBy(ids, rows as T[], (row) => ((row as Record<string, unknown>)[parent] as { id: string }).id);
  });
}

/** Per-request loaders of the core module; the request's EntityManager keeps them inside its organization. */
export function createCoreLoaders(em: EntityManager) {
  return {
    userById: loaderById(em, User),
    planById: new DataLoader<string, SubscriptionPlan | null>(async (ids) =>
      byKeys(ids, await em.find(SubscriptionPlan, { id: { $in: [...ids] } }), (p) => p.id),
    ),
    subscriptionByOrganizationId: new DataLoader<string, Subscription | null>(async (ids) =>
      byKeys(ids, await em.find(Subscription, { organization: { $in: [...ids] } }), (s) => s.organization.id),
    ),
    featuresByPlanId: new DataLoader<string, FeatureFlag[]>(async (ids) => {
      const plans = await em.find(SubscriptionPlan, { id: { $in: [...ids] } }, { populate: ['features'], fields: ['id', 'features'] as never });
      const byPlan = new Map(plans.map((p) => [p.id, p.features.getItems().sort((a, b) => a.code.localeCompare(b.code))]));
      return ids.map((id) => byPlan.get(id) ?? []);
    }),
  };
}

export type CoreLoaders = ReturnType<typeof createCoreLoaders>;
