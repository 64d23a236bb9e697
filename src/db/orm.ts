import { MikroORM, type Options as FullOptions } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { PgliteDriver } from '@mikro-orm/pglite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { AbstractSqlDriver, EntityManager } from '@mikro-orm/sql';
import type { Config } from '../config.js';
import { migrationsList } from '../migrations/index.js';
import { DomainEventSubscriber } from '../modules/events/emit.js';
import { ColumnLimitSubscriber } from '../shared/column-limits.js';
import { entities, tenantEntities } from './entities.js';
import { installSessionContext } from './session-context.js';
import { installTenantKeys } from './tenant-keys.js';
import { TENANT_FILTER } from './tenancy.js';

export type Options = Partial<FullOptions>;
/** The ORM of either driver (both are PostgreSQL dialects over the SQL EntityManager). */
export type SqlOrm = MikroORM<AbstractSqlDriver, EntityManager>;

export type OrmLogger = (message: string) => void;

export type OrmOverrides = {
  /** Connection string to use instead of the configured one (tests). */
  clientUrl?: string;
  /** An already-open PGlite instance to use (tests hand each file its own copy). */
  pglite?: unknown;
  /** Receives every SQL statement when set (query logging, statement counting). */
  queryLogger?: OrmLogger;
  /** false: no domain events with record changes (the outbox benchmark's baseline only). */
  outbox?: boolean;
};

/** MikroORM options for the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export function ormOptions(config: Pick<Config, 'databaseUrl' | 'pgliteDataDir' | 'dbPoolMax'>, overrides: OrmOverrides = {}): Options {
  const usePglite = overrides.pglite !== undefined || (overrides.clientUrl ?? config.databaseUrl) === undefined;
  const common: Options = {
    entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList, snapshot: false, transactional: true, allOrNothing: true, silent: true },
    // Policies, SQL functions, triggers and the limiter's table are hand-written in migrations, not mirrored in entities.
    schemaGenerator: { ignorePolicies: true, ignoreRoutines: true, ignoreTriggers: true, skipTables: ['login_throttle', 'cache_versions'] },
    filters: {
      [TENANT_FILTER]: {
        name: TENANT_FILTER,
        entity: tenantEntities.map((entity) => entity.name),
        cond: (args: Record<string, unknown>) => ({ organization: args.organizationId }),
        default: true,
      },
    },
    // The tenant filter applies to each queried table, not again through joins of its relations:
    // with it on relations, every findOne joins (and a FOR UPDATE locks) the related accounts,
    // stages and so on, and a locked re-read fails when a joined relation changed meanwhile.
    // Relations stay inside the organization by row-level security and by services that check
    // every ID they link.
    filtersOnRelations: false,
    autoJoinRefsForFilters: false,
    discovery: { checkDuplicateTableNames: true },
    // Values their columns cannot hold become payload errors before a flush sends anything.
    // Then every record change gets its domain event in the same flush (modules/events/emit.ts).
    subscribers: [new ColumnLimitSubscriber(), ...(overrides.outbox === false ? [] : [new DomainEventSubscriber()])],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ...(overrides.queryLogger ? { debug: ['query'], logger: overrides.queryLogger, colors: false } : { debug: false }),
  };
  if (!usePglite) {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: overrides.clientUrl ?? config.databaseUrl,
      pool: { max: config.dbPoolMax },
      // MikroORM would create a missing database on connect: a mistyped name must fail instead
      // (checkDatabase in preflight.ts creates it only with DB_CREATE=true or `cli create-database`).
      ensureDatabase: false,
    };
  }
  return {
    ...common,
    driver: PgliteDriver,
    dbName: overrides.pglite ? 'postgres' : config.pgliteDataDir,
    ...(overrides.pglite ? { driverOptions: { pglite: overrides.pglite } } : {}),
  };
}

export async function openOrm(options: Options): Promise<SqlOrm> {
  installTenantKeys();
  installSessionContext();
  return (await MikroORM.init(options)) as unknown as SqlOrm;
}

/** Applies pending committed migrations; returns their names. */
export async function migrate(orm: SqlOrm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((migration) => migration.name);
}
