import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { type DocumentNode, GraphQLError, type GraphQLSchema, getOperationAST, parse, specifiedRules, type ValidationRule, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { randomUUID } from 'node:crypto';
import type { AppServices, Context } from './context.js';
import { buildContext } from './context.js';
import { armorOptions, noIntrospectionRule, queryCostPlugin, queryLimitLoggingPlugin } from './query-limits.js';
import { installDrain } from './drain.js';
import { errorLoggingPlugin, separateMutationsRule, tenantTransactionPlugin } from './request-plugins.js';
import { errorFormatter } from './shared/errors.js';
import { orgSlots } from './shared/org-concurrency.js';
import { modules } from './modules.js';

export type ServerOptions = {
  /** `degraded` (from createApp) names dependencies that are down while the app keeps serving. */
  services: AppServices & { degraded?: () => string[] };
  schema: GraphQLSchema;
};

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The token a graphql-ws client sends in its connection payload: `authorization: "Bearer …"` or `token`. */
function connectionAuth(params: Record<string, unknown> | undefined): { authorization?: string; organization?: string } {
  const text = (value: unknown) => (typeof value === 'string' && value.length <= 4096 ? value : undefined);
  const token = text(params?.token);
  return {
    authorization: text(params?.authorization) ?? text(params?.Authorization) ?? (token ? `Bearer ${token}` : undefined),
    organization: text(params?.organization) ?? text(params?.['x-organization']),
  };
}

/**
 * GraphQL subscriptions over WebSocket (graphql-ws) on /graphql, the same schema and permission rules:
 * a connection authenticates with the token in its connection payload (refused with 4403 otherwise),
 * each subscription gets its own request context (its organization from the payload, as the
 * x-organization header), and only subscriptions are served here (queries and mutations go over HTTP).
 */
function subscriptionServer(app: FastifyInstance, services: AppServices, schema: GraphQLSchema, rules: ValidationRule[]) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  app.server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/graphql') return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  const contextOf = (ctx: { connectionParams?: Record<string, unknown>; extra: { request: { socket: { remoteAddress?: string } } } }) =>
    buildContext(services, {
      requestId: randomUUID(),
      ip: ctx.extra.request.socket.remoteAddress ?? '',
      log: services.log,
      ...connectionAuth(ctx.connectionParams),
    });
  const server = useServer<Record<string, unknown>, { request: { socket: { remoteAddress?: string } } }>(
    {
      schema,
      onConnect: async (ctx) => {
        const context = await contextOf(ctx);
        // Refused connections close with 4403 Forbidden (graphql-ws).
        return context.principal !== null;
      },
      context: (ctx) => contextOf(ctx),
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: services.config.graphqlMaxTokens });
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document, [...specifiedRules, ...rules]);
        if (errors.length > 0) return errors;
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [new GraphQLError('Only subscriptions are served over WebSocket: send queries and mutations with POST /graphql')];
        }
        return undefined;
      },
    },
    wss,
  );
  return {
    close: async () => {
      await server.dispose();
      wss.close();
    },
  };
}

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
    // On close: idle keep-alive connections are closed at once, requests arriving on busy ones get
    // 503 with `Connection: close` (Fastify's defaults, stated because shutdown depends on them).
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });

  // SIGTERM (main.ts) drains before closing: see drain.ts.
  installDrain(app);

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
      // Never to the request's own Host: anyone could make this server redirect to their site.
      if (!config.publicUrl) {
        return reply
          .code(400)
          .header('connection', 'close')
          .send({ status: 'refused', reason: 'HTTPS required: send this request over https:// (the server has no PUBLIC_URL to redirect to)' });
      }
      // 308 keeps the method and body of a POST; 301 is fine for reads.
      return reply.redirect(`${config.publicUrl}${request.url}`, request.method === 'GET' || request.method === 'HEAD' ? 301 : 308);
    });
  }

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  // 503 only when this instance cannot serve: the database is down, or it is shutting down. Redis
  // down is 200 "degraded": logins go on through the database's insurance store, and a 503 there would
  // take every instance out of the load balancer at once for a fault they all share.
  app.get('/readyz', async (_request, reply) => {
    try {
      await services.orm.em.fork().execute('select 1');
    } catch (error) {
      services.log.warn({ err: error }, 'readiness check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', reason: 'database unreachable', dependencies: { database: 'down' } });
    }
    const down = services.degraded?.() ?? [];
    if (down.length === 0) return { status: 'ready' };
    return {
      status: 'degraded',
      reason: `${down.join(', ')} unreachable: login counters and lockouts are kept in the insurance store (the database; memory when embedded) meanwhile`,
      dependencies: Object.fromEntries([['database', 'up'], ...down.map((name) => [name, 'down'])]),
    };
  });

  const protection = new ApolloArmor(armorOptions(config)).protect();
  // Suggestions ("Did you mean …?") would reveal the schema that introspection hides.
  const hideSuggestions = !config.graphqlIntrospection;

  const slots = orgSlots(app, services.orgConcurrency);
  const apollo = new ApolloServer<Context>({
    schema,
    // Introspection is refused by noIntrospectionRule (which names the setting) rather than by Apollo.
    introspection: true,
    csrfPrevention: true,
    parseOptions: { maxTokens: config.graphqlMaxTokens },
    // main.ts owns SIGTERM/SIGINT (close Fastify, then the database); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    ...protection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: hideSuggestions,
    formatError: errorFormatter({ hideSuggestions }),
    // armor's typings point at Apollo's CommonJS build; the plugins are the same objects.
    plugins: [
      ...(protection.plugins as unknown as ApolloServerPlugin<Context>[]),
      queryCostPlugin(schema, config.graphqlMaxCost),
      queryLimitLoggingPlugin,
      errorLoggingPlugin,
      slots.plugin,
      tenantTransactionPlugin,
      // No per-field instrumentation nobody reads: cache hints are unused (the cache-control plugin's
      // willResolveField ran for every field), and nothing is reported to Apollo's cloud, whatever
      // APOLLO_KEY the environment happens to hold.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Development gets Apollo Sandbox (Apollo's default); production serves no landing page at all.
      ...(config.isProduction ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    validationRules: [...(config.graphqlIntrospection ? [] : [noIntrospectionRule]), ...protection.validationRules, separateMutationsRule],
  });
  await apollo.start();

  await app.register(fastifyApollo(apollo), {
    context: async (request, reply) =>
      slots.take(
        request,
        await buildContext(services, {
          requestId: request.id,
          ip: request.ip,
          log: request.log,
          authorization: header(request.headers.authorization),
          organization: header(request.headers['x-organization']),
        }),
        reply.raw,
      ),
  });

  for (const register of modules.flatMap((m) => ('routes' in m ? (m.routes ?? []) : []))) register(app, services);

  const subscriptions = subscriptionServer(app, services, schema, [...protection.validationRules]);

  // fastify.close() stops accepting and waits for in-flight requests; then Apollo stops.
  app.addHook('onClose', async () => {
    await subscriptions.close();
    await apollo.stop();
  });
  return app;
}
