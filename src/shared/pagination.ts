import { Cursor, type EntityManager, type EntityName, type FilterQuery, type OrderDefinition } from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
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

/** Keyset pagination through MikroORM's cursor API: two statements (page + count) whatever the page size. */
export async function paginate<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: ConnectionArgs,
  orderBy: OrderDefinition<T>,
): Promise<Connection<T>> {
  if (args.after) {
    try {
      Cursor.decode(args.after);
    } catch {
      throw badUserInput('after', '`after` is not a valid cursor: pass an endCursor from a previous page');
    }
  }
  const cursor = await em.findByCursor(entity, { where, first: args.first, after: args.after ?? undefined, orderBy } as never);
  const items = cursor.items as T[];
  return {
    edges: items.map((node) => ({ node, cursor: cursor.from(node as never) })),
    pageInfo: { hasNextPage: cursor.hasNextPage, hasPreviousPage: cursor.hasPrevPage, startCursor: cursor.startCursor, endCursor: cursor.endCursor },
    totalCount: cursor.totalCount as number,
  };
}
