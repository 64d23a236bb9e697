import { Cursor, type EntityManager, type EntityName, type FilterQuery, type OrderDefinition } from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { readPlainPage } from '../db/plain-rows.js';
import { isReadOnly, readOptions } from '../db/tenancy.js';
import { badUserInput } from './errors.js';
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';

export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More items follow `endCursor`.' })
  hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'Items precede `startCursor`.' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first edge.' })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; pass as `after` for the next page.' })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { defaultValue: 20, description: `Page size, 1 to ${MAX_PAGE_SIZE}.` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (an `endCursor` from a previous page).' })
  after?: string | null;
}

export type Connection<T> = { edges: { node: T; cursor: string }[]; pageInfo: PageInfo; totalCount: number };

/** Builds `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function connectionType<T extends object>(node: ClassType<T>, name: string = node.name): ClassType<Connection<T>> {
  @ObjectType(`${name}Edge`, { description: `An edge to a ${name}.` })
  class Edge {
    @Field(() => node, { description: `The ${name}.` })
    node!: T;
    @Field(() => String, { description: 'Opaque cursor of this edge.' })
    cursor!: string;
  }
  @ObjectType(`${name}Connection`, { description: `A page of ${name} records (Relay connection).` })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The records of this page.' })
    edges!: Edge[];
    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Number of records matching, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** BAD_USER_INPUT for an `after` that no page of this list handed out. */
export const invalidCursor = () => badUserInput('after', '`after` is not a valid cursor: pass an endCursor from a previous page');

/** A sort key: the values a list is ordered by, ending in something unique. */
export type SortKey = readonly (string | number)[];

/** Opaque cursor holding a sort key (base64url JSON), so a page after it stays right when earlier items come or go. */
export const encodeKeyCursor = (key: SortKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The sort key of a cursor from `encodeKeyCursor`, checked against the shape of this list's keys (types in order). */
export function decodeKeyCursor(cursor: string, shape: readonly ('string' | 'number')[]): SortKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((value, i) => typeof value === shape[i] && (typeof value !== 'number' || Number.isFinite(value)));
  if (!fits) throw invalidCursor();
  return key as SortKey;
}

/** The value types of a key cursor as it stands (an invalid cursor for anything but an array of strings and numbers). */
function shapeOf(cursor: string): ('string' | 'number')[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) return key.map((v) => (typeof v === 'number' ? 'number' : 'string'));
  } catch {
    // falls through to the error below
  }
  throw invalidCursor();
}

/**
 * A page of a list computed in memory (ranked suggestions, anomalies): sorted by `compare` over the
 * items' keys, the page starting after the item whose key the cursor holds (or where it would be).
 * Keys must be unique and end in an identifying value, so ties never reorder between pages.
 */
export function connectionOf<T>(
  items: readonly T[],
  args: ConnectionArgs,
  keyOf: (item: T) => SortKey,
  compare: (a: SortKey, b: SortKey) => number,
): Connection<T> {
  const keyed = items.map((item) => ({ item, key: keyOf(item) })).sort((a, b) => compare(a.key, b.key));
  const shape = keyed[0]?.key.map((v) => (typeof v === 'number' ? 'number' : 'string')) ?? [];
  let start = 0;
  if (args.after) {
    if (keyed.length === 0) {
      // No key to check the shape against: any key cursor is well-formed, and nothing follows it.
      decodeKeyCursor(args.after, shapeOf(args.after));
    } else {
      const after = decodeKeyCursor(args.after, shape);
      start = keyed.findIndex((k) => compare(k.key, after) > 0);
      if (start < 0) start = keyed.length;
    }
  }
  const page = keyed.slice(start, start + args.first);
  const edges = page.map(({ item, key }) => ({ node: item, cursor: encodeKeyCursor(key) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: start + page.length < keyed.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: keyed.length,
  };
}

/** Compares two values: numbers numerically, strings by code point (deterministic, unlike localeCompare). */
export const compareValues = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Keyset pagination through MikroORM's cursor API: one statement for the page whatever its size, one more only when totalCount is selected. */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: ConnectionArgs,
  orderBy: OrderDefinition<T>,
  /** Find options merged in (filters lifted by platform queries). */
  options: object = {},
): Promise<Connection<T>> {
  if (args.after) {
    try {
      Cursor.decode(args.after);
    } catch {
      throw invalidCursor();
    }
  }
  // The count is its own statement, run only when totalCount is read (and once): a copy of the
  // conditions is taken first, since MikroORM may rewrite a where object in place.
  let countWhere: FilterQuery<T> | undefined;
  try {
    countWhere = structuredClone(where);
  } catch {
    countWhere = undefined; // conditions holding something uncloneable: counted with the page, as before
  }
  // Joined relations (look-ahead) change nothing in the count: it counts the list's own table.
  const { populate, strategy: _strategy, ...countOptions } = options as Record<string, unknown>;
  // A read-only request (a GraphQL query) reads plain records; a mutation's page stays entities.
  const plain = isReadOnly(em) && countWhere !== undefined;
  const cursor = plain
    ? await readPlainPage(em as never, entity as never, where as never, args, orderBy as Record<string, unknown>, {
        joins: (populate as string[] | undefined) ?? [],
        filters: countOptions.filters as never,
      })
    : await em.findByCursor(entity, {
        where,
        first: args.first,
        after: args.after ?? undefined,
        orderBy,
        includeCount: countWhere === undefined,
        ...readOptions(em),
        ...options,
      } as never);
  const items = cursor.items as T[];
  let count: Promise<number> | undefined;
  return {
    edges: items.map((node) => ({ node, cursor: cursor.from(node as never) })),
    pageInfo: { hasNextPage: cursor.hasNextPage, hasPreviousPage: cursor.hasPrevPage, startCursor: cursor.startCursor, endCursor: cursor.endCursor },
    // A getter: GraphQL reads it only when totalCount is selected.
    get totalCount() {
      count ??=
        countWhere === undefined ? Promise.resolve(cursor.totalCount as number) : em.count(entity, countWhere as never, countOptions as never);
      return count as unknown as number;
    },
  };
}
