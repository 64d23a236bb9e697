/**
 * PostGraphile 5 (amber preset, grafserv on node:http) on the app's tables. Each request runs in
 * PostGraphile's own transaction with its pgSettings: role simplycrm_app and the tenant settings
 * our RLS policies read (src/db/tenancy.ts), so row-level security draws the same boundary.
 *
 * Env: DATABASE_URL, PORT, POOL_MAX, PRINT_SCHEMA=1 (print the SDL and exit).
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { printSchema } from 'postgraphile/graphql';
import { cachedPrincipal } from './sql.js';

const { DATABASE_URL, PORT = '4101', POOL_MAX = '10' } = process.env;
const ownerPool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_MAX) });

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: DATABASE_URL, schemas: ['public'], poolConfig: { max: Number(POOL_MAX) } })],
  // Our composite tenant foreign keys (organization_id, x_id) have no index of exactly that shape, and products by
  // name or opportunities by creation have none either: without this plugin PostGraphile would hide the backward
  // relations (product → variants) and those orderings, which our API offers.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  grafast: {
    explain: false,
    async context(requestContext) {
      const req = requestContext.node?.req;
      if (!req) return {};
      const p = await cachedPrincipal(ownerPool, req.headers.authorization, req.headers['x-organization']);
      return {
        pgSettings: {
          role: 'simplycrm_app',
          'app.organization_id': p.organizationId,
          'app.user_id': p.userId,
          'app.platform_admin': '',
          statement_timeout: '30000',
          idle_in_transaction_session_timeout: '60000',
        },
      };
    },
  },
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false, maxRequestLength: 1_000_000 },
};

const pgl = postgraphile(preset);
if (process.env.PRINT_SCHEMA === '1') {
  const { schema } = await pgl.getSchemaResult();
  process.stdout.write(printSchema(schema));
  await pgl.release();
  await ownerPool.end();
  process.exit(0);
}
const serv = pgl.createServ(grafserv);
const handler = serv.createHandler();
const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  handler(req, res, (error) => {
    res.writeHead(error ? 500 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error ? String(error) : 'not found' }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(PORT), '127.0.0.1');
const stop = () => server.close(() => Promise.all([pgl.release(), ownerPool.end()]).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
