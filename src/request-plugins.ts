import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Context } from './context.js';
import { isClientError } from './shared/errors.js';

/**
 * Mutations that run as system operations: they act before or above any organization (signing in
 * and up, platform administration) and write global tables the tenant role may not touch.
 */
export const SYSTEM_MUTATIONS = new Set([
  'obtainToken',
  'signUp',
  'createPlan',
  'updatePlan',
  'createFeatureFlag',
  'setOrganizationPlan',
  // Accounts: they write users, tokens or another organization's memberships, which the tenant role may not.
  'acceptInvitation',
  'changePassword',
  'requestPasswordReset',
  'resetPassword',
]);

/**
 * Mutations that must be sent alone: they end the request's transaction early (while waiting on
 * an outside service), which would commit whatever other fields of the operation had done.
 */
export const SOLO_MUTATIONS = new Set(['askAssistant', 'inviteMember', 'resendInvitation']);

/** Root field names of a selection set, looking through inline fragments and fragment spreads. */
function rootFieldNames(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFieldNames(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFieldNames(fragment.selectionSet, fragments, seen);
  });
}

/**
 * Why these root mutations cannot run together, or undefined when they can: a solo mutation must
 * be alone, and system mutations run outside the organization's transaction, so never with others.
 */
function mixingProblem(names: string[]): string | undefined {
  const solo = names.find((n) => SOLO_MUTATIONS.has(n));
  if (solo && names.length > 1) return `${solo} must be sent without other mutations in the same operation: send it in an operation of its own`;
  const system = names.filter((n) => SYSTEM_MUTATIONS.has(n));
  if (system.length === 0 || system.length === names.length) return undefined;
  return `${system[0]} must be sent without other mutations in the same operation (${[...SYSTEM_MUTATIONS].join(', ')} run outside the organization's transaction): send it in an operation of its own`;
}

const fragmentsOf = (document?: DocumentNode) =>
  new Map(
    (document?.definitions ?? []).filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );

const mutationFieldNames = (operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>) =>
  rootFieldNames(operation.selectionSet, fragments).filter((n) => n !== '__typename');

/**
 * Validation rule: refuses a mutation operation that mixes a solo or system mutation with others.
 * A property of the document, so a validation error (HTTP 400, GRAPHQL_VALIDATION_FAILED), found
 * before anything runs and cached with the parsed document.
 */
export const separateMutationsRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'mutation') return;
    const problem = mixingProblem(mutationFieldNames(operation, fragmentsOf(context.getDocument())));
    if (problem) context.reportError(new GraphQLError(problem, { nodes: [operation] }));
  },
});

/** `system` when every root field is a system mutation, `tenant` when none is; mixing them is refused. */
export function operationMode(operation: OperationDefinitionNode, document?: DocumentNode): 'tenant' | 'system' {
  if (operation.operation !== 'mutation') return 'tenant';
  const names = mutationFieldNames(operation, fragmentsOf(document));
  // separateMutationsRule refuses these in validation; this keeps the invariant where it is relied on.
  const problem = mixingProblem(names);
  if (problem) throw new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  return names.some((n) => SYSTEM_MUTATIONS.has(n)) ? 'system' : 'tenant';
}

/**
 * One database transaction per GraphQL operation. It begins once the operation is known and accepted, with
 * the organization's row-level-security context (role + setting) applied by MikroORM, and ends
 * when the response is ready: committed, or rolled back when a resolver failed unexpectedly.
 */
export const tenantTransactionPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, document }) {
        contextValue.mode = operation ? operationMode(operation, document) : 'tenant';
        // System operations run outside any tenant transaction, so nothing would re-check a cached session.
        if (contextValue.mode === 'system') await contextValue.authenticateFresh();
      },
      // After every plugin accepted the operation (the cost check refuses in didResolveOperation),
      // so a refused operation never opens a transaction.
      async executionDidStart({ contextValue, operation }) {
        if (contextValue.mode === 'tenant') await contextValue.beginTransaction({ readOnly: operation?.operation === 'query' });
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
    await em.rollback().catch((error) => log.error({ err: error }, 'rollback of the request transaction failed'));
    // Nothing of this operation was kept: a mutation must not report fields as done.
    const body = request.response.body;
    if (request.operation?.operation === 'mutation' && body?.kind === 'single') body.singleResult.data = null;
    return;
  }
  try {
    // Writes happen in nested transactions that flush themselves; whatever is still dirty here
    // belongs to a write that failed, so it is dropped rather than flushed by the commit.
    em.clear();
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
