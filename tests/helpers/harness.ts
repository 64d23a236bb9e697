import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { EntityManager } from '@mikro-orm/sql';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { inject } from 'vitest';
import { type AppHandle, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildAppSchema } from '../../src/schema.js';
import { buildServer } from '../../src/server.js';
import type { Clock } from '../../src/shared/clock.js';
import { withAdmin } from './global-setup.js';

export type GqlOptions = { variables?: Record<string, unknown>; token?: string; org?: string; ip?: string; headers?: Record<string, string> };
export type GqlResult<T = any> = {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
};

/** Counts SQL statements MikroORM sends (queries, BEGIN/COMMIT, session context). */
export class StatementCounter {
  readonly statements: string[] = [];
  enabled = false;
  record = (message: string) => {
    if (this.enabled) this.statements.push(message);
  };
  async measure<T>(run: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }> {
    this.statements.length = 0;
    this.enabled = true;
    try {
      const result = await run();
      return { result, count: this.statements.length, statements: [...this.statements] };
    } finally {
      this.enabled = false;
    }
  }
}

export type TestApp = {
  services: AppHandle;
  server: FastifyInstance;
  schema: GraphQLSchema;
  counter: StatementCounter;
  usesPostgres: boolean;
  /** An unscoped EntityManager running as the database owner: for arranging data and checking it. */
  systemEm(): EntityManager;
  gql<T = any>(query: string, options?: GqlOptions): Promise<GqlResult<T>>;
  close(): Promise<void>;
};

export type StartOptions = { env?: Record<string, string>; clock?: Clock; log?: Logger };

let cachedSchema: Promise<GraphQLSchema> | undefined;

/** A server on this test file's own database copy (PostgreSQL when TEST_DATABASE_URL is set, else PGlite). */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const templateUrl = inject('templateDatabaseUrl');
  const counter = new StatementCounter();
  let databaseUrl: string | undefined;
  let pglite: PGlite | undefined;
  let dropDatabase = async () => undefined as unknown;
  if (templateUrl) {
    const url = new URL(templateUrl);
    const name = `${url.pathname.slice(1).replace(/_template$/, '')}_${randomBytes(4).toString('hex')}`;
    await withAdmin(templateUrl, (client) => client.query(`create database "${name}" template "${url.pathname.slice(1)}"`));
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => withAdmin(templateUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
  } else {
    const dump = await readFile(inject('pgliteDumpPath') as string);
    pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  }
  const config = loadConfig({ NODE_ENV: 'test', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...options.env });
  const services = await createApp(config, { clock: options.clock, log: options.log, orm: { pglite, queryLogger: counter.record } });
  cachedSchema ??= buildAppSchema();
  const schema = await cachedSchema;
  const server = await buildServer({ services, schema });
  await server.ready();
  return {
    services,
    server,
    schema,
    counter,
    usesPostgres: Boolean(databaseUrl),
    systemEm: () => services.orm.em.fork(),
    async gql(query, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.org) headers['x-organization'] = opts.org;
      const response = await server.inject({
        method: 'POST',
        url: '/graphql',
        headers,
        remoteAddress: opts.ip ?? '127.0.0.1',
        payload: { query, variables: opts.variables },
      });
      return { status: response.statusCode, ...response.json() };
    },
    async close() {
      await server.close();
      await services.close();
      await pglite?.close();
      await dropDatabase();
    },
  };
}
