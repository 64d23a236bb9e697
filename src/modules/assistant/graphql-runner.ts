import { type DocumentNode, execute, GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';
import type { Context } from '../../context.js';
import { AppError, isClientError } from '../../shared/errors.js';
import { inReadOnlyTransaction } from '../../shared/transaction.js';

/** What a read through the schema gave: its data, or why there is none. */
export type ReadOutcome =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; kind: 'withheld' | 'not_found' | 'invalid' | 'failed'; message: string; feature: string | null };

/** A fixed query document; parsed once, validated against the schema on first use. */
export class ReadQuery {
  readonly document: DocumentNode;
  private readonly validFor = new WeakSet<GraphQLSchema>();

  constructor(readonly source: string) {
    this.document = parse(source);
    const [operation] = this.document.definitions;
    if (this.document.definitions.length !== 1 || operation.kind !== 'OperationDefinition' || operation.operation !== 'query') {
      throw new Error('A ReadQuery is exactly one query operation');
    }
  }

  documentFor(schema: GraphQLSchema): DocumentNode {
    if (!this.validFor.has(schema)) {
      const errors = validate(schema, this.document);
      if (errors.length > 0) throw new Error(`Assistant query does not match the schema: ${errors.map((e) => e.message).join('; ')}`);
      this.validFor.add(schema);
    }
    return this.document;
  }
}

function classify(ctx: Context, errors: readonly GraphQLError[]): ReadOutcome {
  for (const error of errors) {
    const original = error.originalError ?? error;
    if (original instanceof AppError || error instanceof AppError) {
      const code = (original as GraphQLError).extensions?.code;
      const feature = ((original as GraphQLError).extensions?.feature as string | undefined) ?? null;
      if (code === 'NOT_FOUND') return { ok: false, kind: 'not_found', message: error.message, feature: null };
      return { ok: false, kind: 'withheld', message: error.message, feature };
    }
  }
  // Errors without a path are the request's own (variables that do not fit their types): the caller's mistake.
  const unexpected = errors.filter((e) => e.path !== undefined && !isClientError(e));
  if (unexpected.length === 0) return { ok: false, kind: 'invalid', message: errors.map((e) => e.message).join('; '), feature: null };
  for (const error of unexpected) ctx.log.error({ err: error.originalError ?? error, path: error.path }, 'assistant read failed');
  return { ok: false, kind: 'failed', message: 'failed unexpectedly (logged on the server)', feature: null };
}

/**
 * Runs a fixed query through the executable schema with the caller's own context, so the same
 * shield rules, tenant filter and row-level security apply as to the caller's own requests. It runs
 * in a read-only transaction that is rolled back: a query cannot write, whatever it calls.
 */
export async function readThroughSchema(
  ctx: Context,
  schema: GraphQLSchema,
  query: ReadQuery,
  variables: Record<string, unknown>,
): Promise<ReadOutcome> {
  const document = query.documentFor(schema);
  try {
    const result = await inReadOnlyTransaction(ctx, async () => execute({ schema, document, contextValue: ctx, variableValues: variables }));
    if (result.errors?.length) return classify(ctx, result.errors);
    return { ok: true, data: (result.data ?? {}) as Record<string, unknown> };
  } catch (error) {
    ctx.log.error({ err: error }, 'assistant read failed');
    return { ok: false, kind: 'failed', message: 'failed unexpectedly (logged on the server)', feature: null };
  }
}

/** The nodes of a connection in query data (none when it is missing). */
export const nodesOf = (connection: unknown): unknown[] => ((connection as { edges?: { node: unknown }[] } | null)?.edges ?? []).map((e) => e.node);
