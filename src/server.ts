import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { AppServices, Context } from './context.js';
import { buildContext } from './context.js';
import { errorLoggingPlugin, tenantTransactionPlugin } from './request-plugins.js';
import { formatError } from './shared/errors.js';
import { orgSlots } from './shared/org-concurrency.js';

export type ServerOptions = { services: AppServices; schema: GraphQLSchema };

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Fastify + Apollo: /graphql, health and readiness, security headers, query limits. */
export async function buildServer({ services, schema }: ServerOptions): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.log,
    // A hop count becomes a function: Fastify's typings omit numbers, proxy-addr accepts them.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    requestTimeout: config.requestTimeoutMs,
    genReqId: (req) => header(req.headers['x-request-id'])?.slice(0, 100) || randomUUID(),
    requestIdHeader: false,
  });

  await app.register(helmet, {
    // Apollo Sandbox (development only) loads its UI from Apollo's CDN.
    contentSecurityPolicy: config.isProduction ? { directives: { defaultSrc: ["'none'"], frameAncestors: config.secureFrameAncestors } } : false,
    hsts:
      config.secureHstsSeconds > 0
        ? { maxAge: config.secureHstsSeconds, includeSubDomains: config.secureHstsIncludeSubdomains, preload: config.secureHstsPreload }
        : false,
    referrerPolicy: { policy: config.secureReferrerPolicy as 'same-origin' },
    frameguard: config.isProduction ? { action: 'deny' } : false,
    xContentTypeOptions: true,
    crossOriginEmbedderPolicy: false,
  });

  if (config.secureSslRedirect) {
    // Behind a TLS-terminating proxy (TRUST_PROXY), request.protocol reflects X-Forwarded-Proto.
    app.addHook('onRequest', async (request, reply) => {
      if (request.protocol === 'https' || request.url === '/healthz' || request.url === '/readyz') return;
      // 308 keeps the method and body of a POST; 301 is fine for reads.
      return reply.redirect(`https://${request.host}${request.url}`, request.method === 'GET' || request.method === 'HEAD' ? 301 : 308);
    });
  }

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await services.orm.em.fork().execute('select 1');
      return { status: 'ready' };
    } catch (error) {
      services.log.warn({ err: error }, 'readiness check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  const armor = new ApolloArmor({
    maxDepth: { n: config.graphqlMaxDepth, exposeLimits: false, flattenFragments: true },
    maxAliases: { n: config.graphqlMaxAliases, exposeLimits: false },
    costLimit: { maxCost: config.graphqlMaxCost, exposeLimits: false },
    // armor's token limit replaces the parser and turns every syntax error into HTTP 500;
    // graphql-js's own `maxTokens` (parseOptions below) gives a proper 400.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50, exposeLimits: false },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();

  const slots = orgSlots(app, services.orgConcurrency);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.graphqlIntrospection,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.graphqlMaxTokens },
    // main.ts owns SIGTERM/SIGINT (close Fastify, then the database); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    ...protection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    formatError,
    // armor's typings point at Apollo's CommonJS build; the plugins are the same objects.
    plugins: [
      ...(protection.plugins as unknown as ApolloServerPlugin<Context>[]),
      errorLoggingPlugin,
      slots.plugin,
      tenantTransactionPlugin,
      // Development gets Apollo Sandbox (Apollo's default); production serves no landing page at all.
      ...(config.isProduction ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    validationRules: [...protection.validationRules],
  });
  await apollo.start();

  await app.register(fastifyApollo(apollo), {
    context: async (request) =>
      slots.take(
        request,
        await buildContext(services, {
          requestId: request.id,
          ip: request.ip,
          log: request.log,
          authorization: header(request.headers.authorization),
          organization: header(request.headers['x-organization']),
        }),
      ),
  });

  // fastify.close() stops accepting and waits for in-flight requests; then Apollo stops.
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
  return app;
}
