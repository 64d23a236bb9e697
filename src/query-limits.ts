import type { ApolloServerPlugin } from '@apollo/server';
import type { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  getVariableValues,
  getNullableType,
  isLeafType,
  isListType,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { type QueryLimit, QueryLimitError, queryLimitOf } from './shared/errors.js';
import { MAX_NODES } from './shared/node.js';
import { MAX_PAGE_SIZE } from './shared/pagination.js';

/**
 * What a list without a `first`/`last` argument is assumed to hold (a product's variants, a
 * variant's stock levels, an order's lines): generous for what such lists hold in practice.
 */
export const UNPAGED_LIST_SIZE = 5;

/** Fragments can multiply the fields visited; past this the query is refused as too costly. */
const MAX_COST_NODES = 10_000;

const pageSize = (args: Record<string, unknown>): number | undefined => {
  const size = args.first ?? args.last;
  return typeof size === 'number' ? Math.min(Math.max(Math.trunc(size), 0), MAX_PAGE_SIZE) : undefined;
};

/**
 * The cost model: roughly the number of objects the response can hold. A scalar or enum field
 * costs 0; an object field 1 plus its selections; a list of objects that many times (1 plus its
 * selections): a field with `first`/`last` (a connection or a capped list) by its page size
 * (capped at 100; the argument's default when not sent; variables included), any other list by
 * UNPAGED_LIST_SIZE. A connection's `edges` count once per page entry (the connection's `first`
 * already multiplies them). Introspection is free (bounded by the schema, off in production).
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  if (isLeafType(getNamedType(field.type))) return 0;
  const isEdges = field.name === 'edges' && type.name.endsWith('Connection');
  // nodes(ids) answers one entry per ID (at most MAX_NODES): counted by the list it was given.
  const ids = Array.isArray(args.ids) ? Math.min(args.ids.length, MAX_NODES) : undefined;
  const count = pageSize(args) ?? ids ?? (isListType(getNullableType(field.type)) && !isEdges ? UNPAGED_LIST_SIZE : 1);
  return count * (1 + childComplexity);
};

/**
 * The operation's cost with these variables; undefined when the variables are invalid (execution
 * refuses them with a 400). Throws BAD_USER_INPUT when a field's argument is bad with valid variables.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number | undefined {
  try {
    return getComplexity({ schema, query: document, variables, operationName, estimators: [costEstimator], maxQueryNodes: MAX_COST_NODES });
  } catch (error) {
    // graphql-query-complexity reports its node limit, bad variables and a field's bad argument as
    // thrown errors. Only bad variables may skip the check (execution refuses them with a 400):
    // a bad argument of one field nulls only that field, so skipping would let the rest run uncosted.
    if (error instanceof GraphQLError && /number of nodes/.test(error.message)) return Number.POSITIVE_INFINITY;
    const operation = getOperationAST(document, operationName);
    const coerced = operation ? getVariableValues(schema, operation.variableDefinitions ?? [], variables) : null;
    if (coerced?.errors?.length || !(error instanceof GraphQLError)) return undefined;
    // Valid variables, yet a field's argument cannot be coerced (a null for a non-null argument):
    // refused before anything runs, as the client's input.
    throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
}

/**
 * Refuses operations over GRAPHQL_MAX_COST. It runs once the operation is resolved rather than as a
 * validation rule: the cost depends on the variables (`first: $n`), and Apollo caches validation
 * per document. Thrown here, the error ends the request before any transaction begins.
 */
export function queryCostPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operation }) {
          if (!operation) return;
          const cost = operationCost(schema, document, request.variables ?? {}, operation.name?.value);
          if (cost !== undefined && cost > maxCost) throw new QueryLimitError('cost', cost);
        },
      };
    },
  };
}

/** Logs every refusal by a limit (which limit, request id via the request logger, operation name, the cost; never variables). */
export const queryLimitLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, request, document }) {
        for (const error of errors) {
          const limit = queryLimitOf(error);
          if (!limit) continue;
          const named = document?.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && Boolean(d.name))?.name
            ?.value;
          const operationName = (request.operationName ?? named ?? null)?.slice(0, 100) ?? null;
          const measure = error instanceof QueryLimitError ? error.measure : undefined;
          // The measured cost is for operators tuning GRAPHQL_MAX_COST; clients never see it.
          const cost = measure === undefined ? {} : { cost: measure, maxCost: contextValue.services.config.graphqlMaxCost };
          contextValue.log.warn({ limit, operationName, ...cost }, 'query refused: over a query limit');
        }
      },
    };
  },
};

type ApolloArmorOptions = NonNullable<ConstructorParameters<typeof ApolloArmor>[0]>;

const reportLimit = (limit: QueryLimit) => (context: ValidationContext | null) => context?.reportError(new QueryLimitError(limit));

/**
 * graphql-armor's depth, alias and directive limits, each reporting which limit was hit. Its cost
 * limit stays off (it reads `first` only from literals, never from variables, and multiplies by
 * depth, so the documented pages were refused while `first: $n` pages of 100 passed), and so does
 * its token limit (it replaces the parser and turned syntax errors into HTTP 500; graphql-js's own
 * `maxTokens` refuses with a 400). Suggestions are cut by the error formatter, for every error.
 */
export function armorOptions(config: Config): ApolloArmorOptions {
  const rejecting = (limit: QueryLimit) => ({ exposeLimits: false, propagateOnRejection: false, onReject: [reportLimit(limit)] });
  return {
    maxDepth: { n: config.graphqlMaxDepth, flattenFragments: true, ...rejecting('depth') },
    maxAliases: { n: config.graphqlMaxAliases, ...rejecting('aliases') },
    maxDirectives: { n: config.graphqlMaxDirectives, ...rejecting('directives') },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  };
}

/** Apollo's own rule names its constructor option; this one names the setting. */
export const noIntrospectionRule: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return;
    context.reportError(
      new GraphQLError(
        'Introspection is turned off on this server (GRAPHQL_INTROSPECTION, off by default in production). Use the published schema.graphql, or set GRAPHQL_INTROSPECTION=true.',
        { nodes: [node], extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' } },
      ),
    );
  },
});
