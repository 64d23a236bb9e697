import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { Context } from './context.js';
import { isClientError } from './shared/errors.js';

/**
 * One database transaction per GraphQL operation. It begins once the operation is known, with
 * the organization's row-level-security context (role + setting) applied by MikroORM, and ends
 * when the response is ready: committed, or rolled back when a resolver failed unexpectedly.
 */
export const tenantTransactionPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue }) {
        await contextValue.em.begin();
      },
      async willSendResponse(request) {
        await finishTransaction(request);
      },
    };
  },
};

async function finishTransaction(request: GraphQLRequestContext<Context>): Promise<void> {
  const { em, log } = request.contextValue;
  if (!em.isInTransaction()) return;
  if (request.contextValue.failed) {
    await em.rollback();
    return;
  }
  try {
    await em.commit();
  } catch (error) {
    log.error({ err: error }, 'commit of the request transaction failed');
    await em.rollback().catch(() => undefined);
    const body = request.response.body;
    if (body?.kind === 'single') {
      body.singleResult.data = null;
      body.singleResult.errors = [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }];
    }
  }
}

/** Logs unexpected errors with the request id (Fastify's request logger carries it) and marks the request failed. */
export const errorLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors }) {
        for (const error of errors) {
          if (isClientError(error)) continue;
          contextValue.failed = true;
          contextValue.log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error while serving GraphQL');
        }
      },
    };
  },
};
