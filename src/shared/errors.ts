import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';

/** Codes of top-level errors (auth, forbidden, not found). Everything else is masked. */
export type TopLevelCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

/** The one family of errors that reach clients as top-level errors with `extensions.code`. */
export class AppError extends GraphQLError {
  constructor(code: TopLevelCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const unauthenticated = (message = 'Authentication required: send Authorization: Bearer <token>') => new AppError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this', extensions: Record<string, unknown> = {}) =>
  new AppError('FORBIDDEN', message, extensions);
export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${id} not found`);

/**
 * The one shape of a bad argument or input value reported as a top-level error: `BAD_USER_INPUT`,
 * a message naming the field and what is wrong, and `extensions.field` (dotted path, e.g. `first`,
 * `filter.name`, `range.from`).
 */
export const badUserInput = (field: string, message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });

/** The query limits a request can hit; `extensions.limit` of a QUERY_TOO_COMPLEX error. */
export type QueryLimit = 'depth' | 'aliases' | 'cost' | 'tokens' | 'directives';

const LIMIT_MESSAGES: Record<QueryLimit, string> = {
  depth: 'Query too complex: it nests fields too deeply (depth limit). Select fewer levels or split it into several queries.',
  aliases: 'Query too complex: it uses too many aliases (aliases limit). Send fewer aliased fields or split it into several operations.',
  cost: 'Query too complex: it asks for too much data at once (cost limit). Ask for smaller pages (`first`), fewer nested lists, or split it.',
  tokens: 'Query too complex: the document is too large (tokens limit). Send a shorter document.',
  directives: 'Query too complex: it uses too many directives (directives limit).',
};

/**
 * A query refused by one of the limits: says which limit, never the number or the query's measure
 * (HTTP 400, `extensions.code` QUERY_TOO_COMPLEX, `extensions.limit`).
 */
export class QueryLimitError extends GraphQLError {
  /** `measure`: what the query measured (its cost), for the server's log only. */
  constructor(
    readonly limit: QueryLimit,
    readonly measure?: number,
  ) {
    super(LIMIT_MESSAGES[limit], { extensions: { code: 'QUERY_TOO_COMPLEX', limit, http: { status: 400 } } });
  }
}

/** graphql-js's own token limit (parse option `maxTokens`): a syntax error naming the number. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/** Which limit refused the request, if one did (armor's rules, the cost check, the parser's token limit). */
export function queryLimitOf(error: unknown): QueryLimit | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  if (error instanceof QueryLimitError) return error.limit;
  if (error.originalError instanceof QueryLimitError) return error.originalError.limit;
  return error.extensions.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(error.message) ? 'tokens' : undefined;
}

/** Codes GraphQL/Apollo/armor use for client mistakes; these are safe to pass through. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  // Per-organization concurrency (org-concurrency.ts): not a client's mistake, but meant for it.
  'TOO_MANY_REQUESTS',
]);

/** True when the error is meant for the client (auth, validation, not found); false for bugs. */
export function isClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError)) return false;
  const original = error.originalError;
  // A GraphQLError wrapping a plain Error is a crash in a resolver, whatever it says.
  if (original && !(original instanceof GraphQLError)) return false;
  if (original instanceof AppError || error instanceof AppError) return true;
  const code = error.extensions?.code ?? (original as GraphQLError | undefined)?.extensions?.code;
  // Parse/validation errors carry no code until Apollo adds one; they have no originalError.
  return code === undefined ? !original : typeof code === 'string' && CLIENT_CODES.has(code);
}

/**
 * graphql-js's cap on variable coercion errors (execute stops after 50): the last error of a request
 * whose variables are bad in many places (150 invalid list rows). It carries no code, so Apollo would
 * call it INTERNAL_SERVER_ERROR; it is the client's input, reported like the errors before it.
 */
const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables, error limit reached\b/;

export function isVariableErrorLimit(error: unknown): boolean {
  return (
    error instanceof GraphQLError &&
    !error.originalError &&
    !error.path &&
    error.extensions?.code === undefined &&
    VARIABLE_ERROR_LIMIT.test(error.message)
  );
}

/** graphql-js's "Did you mean …?" hints name fields, arguments, types and enum values of the schema. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export type ValidationFailure = { path: string; message: string };

/**
 * class-validator's errors (nested through `children`, each with its `target` object and value)
 * flattened to a dotted path and a message naming it: `lines.0.quantity must not be less than 1`.
 */
export function validationFailures(errors: readonly ValidationError[], prefix = ''): ValidationFailure[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      message: message.startsWith(`${error.property} `) ? `${path}${message.slice(error.property.length)}` : `${path}: ${message}`,
    }));
    return [...own, ...validationFailures(error.children ?? [], path)];
  });
}

/** A leftover class-validator failure (a field argument below the root): cleaned, never its `target` object. */
function argumentValidationMessage(error: unknown): { message: string; field: string | null } | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  if (!(original instanceof ArgumentValidationError)) return undefined;
  const [first, ...rest] = validationFailures(original.extensions.validationErrors as ValidationError[]);
  if (!first) return { message: 'An argument is invalid', field: null };
  return { message: [first, ...rest].map((f) => f.message).join('; '), field: first.path };
}

/**
 * Apollo `formatError`: client errors pass without stack traces; anything else is masked (logged by
 * the error-logging plugin). Limits come out as QUERY_TOO_COMPLEX naming the limit, argument
 * validation as BAD_USER_INPUT with `field`, and schema suggestions are cut when `hideSuggestions`.
 */
export function errorFormatter({ hideSuggestions }: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!isClientError(error)) {
      return {
        message: 'Internal server error',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    const { stacktrace: _stack, validationErrors: _raw, ...extensions } = formatted.extensions ?? {};
    const limit = queryLimitOf(error);
    if (limit) return { message: LIMIT_MESSAGES[limit], extensions: { code: 'QUERY_TOO_COMPLEX', limit } };
    if (isVariableErrorLimit(error)) return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
    const invalid = argumentValidationMessage(error);
    if (invalid) return { ...formatted, message: invalid.message, extensions: { code: 'BAD_USER_INPUT', field: invalid.field } };
    const message = hideSuggestions ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    return { ...formatted, message, extensions };
  };
}
