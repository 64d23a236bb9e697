import { GraphQLObjectType, type GraphQLSchema, isIntrospectionType, isObjectType } from 'graphql';
import { allow, and, deny, type IRules, rule, shield } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';
import type { Context } from '../context.js';
import type { Role } from '../modules/core/membership.entity.js';
import { forbidden, unauthenticated } from './errors.js';

export { allow, and, deny };

export type ShieldRule = Parameters<typeof and>[number];

/** A rule map per type: `{ Query: { field: rule }, SomeType: { '*': rule } }`. */
export type RuleMap = Record<string, Record<string, ShieldRule>>;

// Rules read only the request context, so shield's contextual cache evaluates each once per request.
export const isAuthenticated = rule('isAuthenticated', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.principal ? true : (ctx.authError ?? unauthenticated()),
);

export const isSuperuser = rule('isSuperuser', { cache: 'contextual' })((_parent, _args, ctx: Context) => {
  if (!ctx.principal) return ctx.authError ?? unauthenticated();
  return ctx.principal.user.isSuperuser ? true : forbidden('Only platform administrators may do this');
});

export const isMember = rule('isMember', { cache: 'contextual' })((_parent, _args, ctx: Context) => {
  if (!ctx.principal) return ctx.authError ?? unauthenticated();
  return ctx.organization ? true : (ctx.organizationError ?? forbidden());
});

const memo = <R>(cache: Map<string, R>, key: string, make: () => R): R => {
  const found = cache.get(key);
  if (found) return found;
  const made = make();
  cache.set(key, made);
  return made;
};
const roleRules = new Map<string, ReturnType<ReturnType<typeof rule>>>();
const featureRules = new Map<string, ReturnType<ReturnType<typeof rule>>>();

/** One rule instance per role set: shield refuses two rules of the same name, and modules share these. */
export const hasRole = (...roles: Role[]) =>
  memo(roleRules, roles.join(','), () =>
    rule(`hasRole:${roles.join(',')}`, { cache: 'contextual' })((_parent, _args, ctx: Context) => {
      if (!ctx.principal) return ctx.authError ?? unauthenticated();
      if (!ctx.organization) return ctx.organizationError ?? forbidden();
      return roles.includes(ctx.organization.role) ? true : forbidden(`This needs one of the roles: ${roles.join(', ')}`);
    }),
  );

/** Whether the request's organization has a plan feature: true, or the error to deny with. */
export async function featureVerdict(ctx: Context, code: string): Promise<true | Error> {
  if (!ctx.principal) return ctx.authError ?? unauthenticated();
  if (!ctx.organization) return ctx.organizationError ?? forbidden();
  return (await ctx.features()).has(code) ? true : forbidden(`Your plan does not include the feature "${code}"`, { feature: code });
}

/** Plan feature gate; `FORBIDDEN` with `extensions.feature` naming the missing code. */
export const hasFeature = (code: string) =>
  memo(featureRules, code, () => rule(`hasFeature:${code}`, { cache: 'contextual' })((_parent, _args, ctx: Context) => featureVerdict(ctx, code)));

/** Object types every field of which anyone who reached them may read (their query or mutation was checked). */
export const allowAll = (...types: string[]): RuleMap => Object.fromEntries(types.map((type) => [type, { '*': allow }]));

/** Merges module rule maps; a type or field declared twice is a programming error. */
export function mergeRuleMaps(...maps: RuleMap[]): RuleMap {
  const merged: RuleMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      merged[type] ??= {};
      for (const [field, value] of Object.entries(fields)) {
        if (field in merged[type]) throw new Error(`Permission rule for ${type}.${field} is declared twice`);
        merged[type][field] = value;
      }
    }
  }
  return merged;
}

/** The rule that applies to a field: its own, else its type's wildcard, else deny. */
export function effectiveRule(rules: RuleMap, type: string, field: string): ShieldRule {
  return rules[type]?.[field] ?? rules[type]?.['*'] ?? deny;
}

export const SHIELD_OPTIONS = {
  fallbackRule: deny,
  allowExternalErrors: true,
  debug: false,
  fallbackError: () => forbidden(),
};

/**
 * Applies the rule map with graphql-shield, deny by default. Fields whose effective rule is `allow`
 * are left unwrapped: they need no check, and wrapping every scalar of every list item would make
 * each one async (the main cost of shield on large lists).
 */
export function applyPermissions(schema: GraphQLSchema, rules: RuleMap): GraphQLSchema {
  const generated = shield(rules as IRules, SHIELD_OPTIONS).generate(schema) as Record<string, Record<string, unknown>>;
  const needed: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.keys((type as GraphQLObjectType).getFields())) {
      if (effectiveRule(rules, type.name, field) === allow) continue;
      const middleware = generated[type.name]?.[field];
      if (!middleware) continue;
      needed[type.name] ??= {};
      needed[type.name][field] = middleware;
    }
  }
  return applyMiddleware(schema, needed as never);
}
