import { GraphQLError, type GraphQLFormattedError } from 'graphql';

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

/** Apollo `formatError`: client errors pass without stack traces; anything else is masked (logged by the error-logging plugin). */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isClientError(error)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // Limits are not echoed to clients (graphql-js names its token limit in the message).
    const message = /Document contains more tha[nt] \d+ tokens/.test(formatted.message)
      ? 'Syntax Error: the document is too large.'
      : formatted.message;
    return { ...formatted, message, extensions };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
