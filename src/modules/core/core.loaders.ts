import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
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

/** Per-request loaders of the core module; the request's EntityManager keeps them inside its organization. */
export function createCoreLoaders(em: EntityManager) {
  return {
    userById: new DataLoader<string, User | null>(async (ids) => byKeys(ids, await em.find(User, { id: { $in: [...ids] } }), (u) => u.id)),
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
