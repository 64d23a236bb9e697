import type { EntityManager } from '@mikro-orm/sql';
import type { FastifyInstance } from 'fastify';
import type { AppServices } from './context.js';
import { analyticsModule } from './modules/analytics/index.js';
import { assistantModule } from './modules/assistant/index.js';
import { automationModule } from './modules/automation/index.js';
import { catalogModule } from './modules/catalog/index.js';
import { coreModule } from './modules/core/index.js';
import { customersModule } from './modules/customers/index.js';
import { eventsModule } from './modules/events/index.js';
import { integrationsModule } from './modules/integrations/index.js';
import type { EventHandler, Schedule, TaskDefinition } from './modules/jobs/job-types.js';
import { jobsModule } from './modules/jobs/index.js';
import { ordersModule } from './modules/orders/index.js';
import type { NodeSpec } from './shared/node.js';
import type { RuleMap } from './shared/permissions.js';

/** What a feature module contributes, declared in its `index.ts`. */
export type FeatureModule = {
  /** type-graphql resolver classes. */
  resolvers: readonly Function[];
  /** Its part of the permission map (merged, and snapshot-tested, in schema.ts). */
  rules: RuleMap;
  /** Its per-request DataLoaders, merged into `ctx.loaders`. */
  loaders: (em: EntityManager, organizationId: string | null) => Record<string, { clearAll(): unknown }>;
  /** Its entities (every table it owns), for the ORM. */
  entities: readonly EntityClass[];
  /** Records `node(id)` refetches, each under the rule of the query that reads it. */
  nodes: readonly NodeSpec[];
  /** Its work after domain events (run by the job workers, once per event). */
  handlers: readonly EventHandler[];
  /** Its periodic work per organization (cron in UTC from the configuration). */
  schedules: readonly Schedule[];
  /** Work its transactions ask for (`requestTask`), run by the job workers as the organization. */
  tasks: readonly TaskDefinition[];
  /** Its HTTP routes beside /graphql (e.g. the unsubscribe link), registered on the server. */
  routes?: readonly ((app: FastifyInstance, services: AppServices) => void)[];
};

/**
 * THE list of feature modules, lower before higher (a module imports only modules before it):
 * schema.ts, context.ts and the job runtime (jobs.ts) iterate it, so a new module is added here and nowhere else.
 */
export const modules = [
  coreModule,
  eventsModule,
  jobsModule,
  catalogModule,
  customersModule,
  ordersModule,
  analyticsModule,
  assistantModule,
  automationModule,
  integrationsModule,
] as const satisfies readonly FeatureModule[];

/** An entity class as MikroORM discovers it. */
export type EntityClass = abstract new (...args: never[]) => object;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every module's loaders, by name (a module's loader names are its own to keep unique). */
export type Loaders = UnionToIntersection<ReturnType<(typeof modules)[number]['loaders']>>;

/** One set of loaders per request (never shared between requests). */
export function createLoaders(em: EntityManager, organizationId: string | null): Loaders {
  return Object.assign({}, ...modules.map((m) => m.loaders(em, organizationId))) as Loaders;
}

/** Every module's event handlers and schedules, for the job runtime. */
export const jobDefinitions = () => ({
  handlers: modules.flatMap((m): readonly EventHandler[] => m.handlers),
  schedules: modules.flatMap((m): readonly Schedule[] => m.schedules),
  tasks: modules.flatMap((m): readonly TaskDefinition[] => m.tasks),
});
