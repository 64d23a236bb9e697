import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../context.js';
import { SOLO_MUTATIONS } from '../request-plugins.js';

export type OrgConcurrencySettings = {
  /** Operations of one organization that may run (hold a database connection) at once. */
  maxConcurrent: number;
  /** Operations of one organization that may wait for a slot; more are refused at once. */
  maxQueued: number;
  /** How long an operation waits for a slot before it is refused. */
  queueTimeoutMs: number;
};

/** Seconds a refused client is told to wait (`Retry-After`). */
const RETRY_AFTER_SECONDS = 1;

/** The answer to an operation refused for its organization's concurrency: HTTP 429, code TOO_MANY_REQUESTS. */
export const tooManyOperations = (why: string) =>
  new GraphQLError(`Too many operations of this organization are in progress (${why}); retry shortly`, {
    extensions: {
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 429, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });

type Waiter = { admit: () => void; timer: NodeJS.Timeout };
type Lane = { running: number; queue: Waiter[] };

/**
 * Per-organization slots for operations, first come first served. Each tenant operation holds one
 * pooled database connection for its whole transaction; without a bound per organization, one
 * organization's heavy queries (ten 300 KB searches, the pool's size) took every connection and
 * everyone else's `{ me { id } }` waited behind them. With fewer slots per organization than
 * connections in the pool, the others always find a free connection.
 */
export class OrgConcurrencyLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly settings: OrgConcurrencySettings) {}

  /** Waits for a slot of `organizationId`; resolves with its (idempotent) release. */
  acquire(organizationId: string): Promise<() => void> {
    const lane = this.lanes.get(organizationId) ?? { running: 0, queue: [] };
    this.lanes.set(organizationId, lane);
    if (lane.running < this.settings.maxConcurrent) {
      lane.running += 1;
      return Promise.resolve(this.releaser(organizationId, lane));
    }
    if (lane.queue.length >= this.settings.maxQueued) return Promise.reject(tooManyOperations('queue full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => resolve(this.releaser(organizationId, lane)),
        timer: setTimeout(() => {
          lane.queue.splice(lane.queue.indexOf(waiter), 1);
          reject(tooManyOperations('waited too long'));
        }, this.settings.queueTimeoutMs),
      };
      lane.queue.push(waiter);
    });
  }

  /** Running and waiting operations of one organization (for tests and diagnostics). */
  usage(organizationId: string): { running: number; queued: number } {
    const lane = this.lanes.get(organizationId);
    return { running: lane?.running ?? 0, queued: lane?.queue.length ?? 0 };
  }

  private releaser(organizationId: string, lane: Lane): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = lane.queue.shift();
      if (next) {
        // The slot passes straight to the next in line; `running` stays the same.
        clearTimeout(next.timer);
        next.admit();
        return;
      }
      lane.running -= 1;
      if (lane.running === 0) this.lanes.delete(organizationId);
    };
  }
}

/** Operations that hold no connection while they wait: `askAssistant` ends its transaction before calling the model. */
const holdsNoConnection = (operation: OperationDefinitionNode | undefined) =>
  operation?.operation === 'mutation' && operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && SOLO_MUTATIONS.has(s.name.value));

/**
 * Wires the limiter into the server. `take` runs when the request's context is built, before
 * the operation is parsed or its transaction begins: it waits for a slot of the request's
 * organization, or fails context creation with a top-level TOO_MANY_REQUESTS error (HTTP 429,
 * `Retry-After`), which Apollo answers without running anything. Requests without an
 * organization (sign-in, sign-up) are not limited here; the login guard limits those.
 *
 * The slot is given back once the response is ready (`plugin`), and at the latest when Fastify
 * has sent the response, for requests Apollo refuses before running an operation (a malformed
 * body).
 */
export function orgSlots(app: FastifyInstance, limiter: OrgConcurrencyLimiter) {
  const held = new WeakMap<object, () => void>();
  app.addHook('onResponse', async (request) => {
    held.get(request)?.();
  });
  /** Requests whose operation started: their plugin hooks give the slot back, whatever the socket does. */
  const started = new WeakSet<object>();
  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart({ contextValue }) {
      started.add(contextValue.releaseOrgSlot ?? {});
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (holdsNoConnection(operation)) contextValue.releaseOrgSlot?.();
        },
        async willSendResponse({ contextValue }) {
          contextValue.releaseOrgSlot?.();
        },
      };
    },
  };
  return {
    plugin,
    async take(request: object, ctx: Context, response?: ServerResponse): Promise<Context> {
      const organizationId = ctx.organization?.id;
      if (!organizationId) return ctx;
      const release = await limiter.acquire(organizationId).catch((error: unknown) => {
        ctx.log.warn({ organizationId, ...limiter.usage(organizationId) }, 'operation refused: the organization is at its concurrency limit');
        throw error;
      });
      held.set(request, release);
      ctx.releaseOrgSlot = release;
      // A client that goes away before Apollo runs anything (a malformed body refused before
      // requestDidStart) gets no response, so onResponse never fires: the socket's close does.
      // (The response's close, not the request's: a request stream closes once its body is read.)
      const onClose = () => {
        if (!started.has(release)) release();
      };
      if (response?.closed) onClose();
      else response?.once('close', onClose);
      return ctx;
    },
  };
}
