import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { and, type IRule, rule } from 'graphql-shield';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { badUserInput } from './errors.js';
import { isUuid, normalizeId } from './ids.js';
import { Node } from './node.type.js';
import { allow, effectiveRule, isMember, type RuleMap, SHIELD_OPTIONS } from './permissions.js';

/** Most IDs one `nodes` call takes (the page-size cap of the connections). */
export const MAX_NODES = 100;

/**
 * A record type reachable through `node(id)`: its entity (whose table is searched for the ID) and
 * the query whose permission rule reads it, so `node` never shows a record that query would refuse.
 */
export type NodeSpec = {
  /** The entity class; its GraphQL object type must implement Node. */
  entity: new () => object;
  /** The Query field whose rule applies (e.g. `order` for orders and their lines). */
  query: string;
  /** Only the caller's own records (conversations and their messages: private to their author). */
  ownedByUser?: boolean;
};

type Found = { spec: NodeSpec; id: string } | null;

const tooMany = () => badUserInput('ids', `nodes takes at most ${MAX_NODES} IDs`);

/**
 * One statement finds which table holds each ID, across every Node table, in the organization (named
 * in the SQL; row-level security holds the same boundary): IDs are UUIDs, so at most one table has
 * each. Malformed IDs never reach SQL. The loader lives as long as the request's context.
 */
function createTypeLoader(ctx: Context, specs: readonly NodeSpec[]): DataLoader<string, Found> {
  const em = ctx.em as unknown as EntityManager;
  const tables = specs.map((spec) => em.getMetadata().get(spec.entity).tableName);
  return new DataLoader<string, Found>(async (keys) => {
    const organizationId = ctx.organization?.id;
    const userId = ctx.principal?.user.id;
    const ids = [...new Set(keys.filter(isUuid).map(normalizeId))];
    if (!organizationId || !userId || ids.length === 0) return keys.map(() => null);
    const selects = specs.map(
      (spec, i) =>
        `select ${i} as spec, t.id::text as id from ${tables[i]} t join wanted w on w.id = t.id where t.organization_id = ?${spec.ownedByUser ? ' and t.user_id = ?' : ''}`,
    );
    const rows = await em.execute<{ spec: number; id: string }[]>(
      `with wanted(id) as (values ${ids.map(() => '(cast(? as uuid))').join(', ')}) ${selects.join(' union all ')}`,
      [...ids, ...specs.flatMap((spec) => (spec.ownedByUser ? [organizationId, userId] : [organizationId]))],
    );
    const byId = new Map(rows.map((row) => [row.id, { spec: specs[Number(row.spec)], id: row.id }]));
    return keys.map((key) => (isUuid(key) ? (byId.get(normalizeId(key)) ?? null) : null));
  });
}

const typeLoaders = new WeakMap<Context, DataLoader<string, Found>>();
const typeLoaderOf = (ctx: Context, specs: readonly NodeSpec[]) => {
  let loader = typeLoaders.get(ctx);
  if (!loader) {
    loader = createTypeLoader(ctx, specs);
    typeLoaders.set(ctx, loader);
  }
  return loader;
};

/** The records behind `ids`, in order (null where none is visible): one statement per type found, whatever the number of IDs. */
async function loadNodes(ctx: Context, specs: readonly NodeSpec[], ids: readonly string[]): Promise<(object | null)[]> {
  if (ids.length > MAX_NODES) throw tooMany();
  const found = (await typeLoaderOf(ctx, specs).loadMany(ids)).map((f) => (f instanceof Error ? null : f));
  const bySpec = new Map<NodeSpec, string[]>();
  for (const f of found) if (f) bySpec.set(f.spec, [...(bySpec.get(f.spec) ?? []), f.id]);
  const records = new Map<string, object>();
  await Promise.all(
    [...bySpec].map(async ([spec, specIds]) => {
      const where = { id: { $in: specIds }, ...(spec.ownedByUser ? { user: ctx.principal?.user.id } : {}) };
      for (const record of (await ctx.em.find(spec.entity, where as never)) as { id: string }[]) records.set(normalizeId(record.id), record);
    }),
  );
  return found.map((f) => (f ? (records.get(f.id) ?? null) : null));
}

/**
 * `node`, `nodes` and their rules for the given record types. The rule finds the type of each ID
 * (the statement the resolver then reuses) and applies the rule of that type's own query: an order
 * needs `sales.order_management` through `node` exactly as through `order`. IDs of no visible record
 * pass the rule and resolve to null, like another organization's IDs.
 */
export function nodeModule(specs: readonly NodeSpec[], rules: () => RuleMap) {
  @Resolver()
  class NodeResolver {
    @Query(() => Node, {
      nullable: true,
      description:
        "Any record of the organization by its ID (Relay object identification), or null when no record of yours has it (another organization's ID, a malformed one). Needs what the record type's own query needs.",
    })
    async node(@Arg('id', () => ID, { description: 'ID of the record.' }) id: string, @Ctx() ctx: Context): Promise<Node | null> {
      return (await loadNodes(ctx, specs, [id]))[0] as Node | null;
    }

    @Query(() => [Node], {
      nullable: 'items',
      description: `Several records by ID, in the order asked (null for IDs of no record of yours); at most ${MAX_NODES}. Needs what each record type's own query needs: refused as a whole (FORBIDDEN) when one ID names a record your plan or role may not read.`,
    })
    nodes(
      @Arg('ids', () => [ID], { description: `IDs of the records (at most ${MAX_NODES}).` }) ids: string[],
      @Ctx() ctx: Context,
    ): Promise<(Node | null)[]> {
      return loadNodes(ctx, specs, ids) as Promise<(Node | null)[]>;
    }
  }

  // Shield hands rules these options; the rule of each type's query is evaluated with the same ones.
  const options = { ...SHIELD_OPTIONS, hashFunction: ({ args }: { args: unknown }) => JSON.stringify(args) } as unknown as Parameters<
    IRule['resolve']
  >[4];
  const canReadNodes = rule('canReadNodes', { cache: 'strict' })(async (parent, args: { id?: string; ids?: string[] }, ctx: Context, info) => {
    try {
      const ids = args.ids ?? [args.id as string];
      if (ids.length > MAX_NODES) return tooMany();
      const found = await typeLoaderOf(ctx, specs).loadMany(ids);
      const queries = new Set(found.flatMap((f) => (f && !(f instanceof Error) ? [f.spec.query] : [])));
      for (const query of queries) {
        const verdict = await (effectiveRule(rules(), 'Query', query) as IRule).resolve(parent, {}, ctx as never, info, options);
        if (verdict !== true) return verdict;
      }
      return true;
    } catch (error) {
      return error as Error;
    }
  });
  const nodeRule = and(isMember, canReadNodes);
  const nodeRules: RuleMap = {
    Query: { node: nodeRule, nodes: nodeRule },
    // Interface fields resolve on the concrete types, whose own rules apply; listed so every type has a declared rule.
    Node: { '*': allow },
  };
  return { resolvers: [NodeResolver] as const, rules: nodeRules };
}
