import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { Context } from './context.js';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { modules as featureModules } from './modules.js';
import { argumentValidationMiddleware } from './shared/argument-validation.js';
import { inputGuardMiddleware } from './shared/input-guard.js';
import { type NodeSpec, nodeModule } from './shared/node.js';
import { allow, applyPermissions, mergeRuleMaps, type RuleMap } from './shared/permissions.js';

const sharedRules: RuleMap = {
  UserError: { '*': allow },
  PageInfo: { '*': allow },
  Money: { '*': allow },
};

/** `node(id)`/`nodes(ids)` over every module's record types, under the rules of their own queries (read from the merged map). */
const nodes = nodeModule(
  featureModules.flatMap((m): NodeSpec[] => m.nodes),
  () => permissionRules,
);

const modules = [...featureModules, nodes];

/** Every module's rule map merged: the whole permission surface (snapshot-tested). */
export const permissionRules: RuleMap = mergeRuleMaps(sharedRules, ...modules.map((m) => m.rules));

const NO_PUB_SUB = {
  publish: () => {
    throw new Error('Subscriptions read the live bus (ctx.services.live), not a type-graphql PubSub');
  },
  subscribe: () => {
    throw new Error('Subscriptions read the live bus (ctx.services.live), not a type-graphql PubSub');
  },
};

/** The schema as type-graphql builds it, before permissions (used to emit schema.graphql). */
export async function buildBareSchema(): Promise<GraphQLSchema> {
  const resolvers = modules.flatMap((m) => [...m.resolvers]) as unknown as NonEmptyArray<Function>;
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    // Subscriptions bring their own source (the request's live bus, db/live.ts): type-graphql insists on a PubSub.
    pubSub: NO_PUB_SUB,
  });
}

/**
 * After each mutation's resolver, the request's DataLoaders and identity map are emptied: what the
 * mutation wrote (in its own transaction fork) is read afresh by its payload's fields, and by the
 * next mutation of the same operation. Only Mutation fields are wrapped.
 */
const freshReadsAfterWrites = {
  Mutation: async (resolve: (...args: unknown[]) => unknown, parent: unknown, args: unknown, ctx: Context, info: unknown) => {
    const result = await resolve(parent, args, ctx, info);
    for (const loader of Object.values(ctx.loaders)) loader.clearAll();
    ctx.em.clear();
    return result;
  },
};

/**
 * The executable schema: type-graphql resolvers behind the input guard (every argument checked
 * before its resolver runs), wrapped by graphql-shield (deny by default, so permissions are
 * decided before input is judged).
 */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  const bare = await buildBareSchema();
  // The input guard runs inside shield (permissions are decided first), before the resolver.
  const guarded = applyMiddleware(bare, inputGuardMiddleware(bare) as never);
  return applyMiddleware(applyPermissions(guarded, permissionRules), freshReadsAfterWrites as never, argumentValidationMiddleware as never);
}
