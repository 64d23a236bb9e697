import { Cursor, type EntityMetadata, type EntityProperty, type FilterQuery, type Platform, raw, ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { TenantEntity } from '../shared/tenant.entity.js';
import { TENANT_FILTER } from './tenancy.js';

/**
 * The read path of GraphQL queries: rows as plain objects, without MikroORM's unit of work.
 *
 * Measured on a page of 50 opportunities with three joined relations (bench:api's data): `em.find`
 * hydrating entities costs 7.4 ms a page (EntityFactory, the prototype's property setters,
 * reference wrappers, the identity map of a fork; a CPU profile of the page workload put MikroORM at
 * 41% and the garbage collector at 23%), the same SQL mapped here costs under a millisecond on top
 * of the statement. The SQL is still MikroORM's (its query builder: the same `where` objects, the
 * cursor conditions of `findByCursor`, the organization named in the statement; row-level security
 * applies as to any statement of the request's transaction).
 *
 * A record read this way is an object whose prototype chain holds the entity's prototype (so
 * `instanceof`, getters such as `weightedAmount` and GraphQL type resolution work as for an entity)
 * with every persistent property shadowed by a plain data property, so assigning them runs none of
 * MikroORM's accessors. Embeddables (Money) are instances of their class; a to-one relation is the
 * joined record when the statement joined it, else a `PlainRef` holding the ID (see
 * shared/lookahead.ts `related`, which loads it through the relation's loader). To-many relations
 * are not set: resolvers read them through loaders. Such records are never handed to the
 * EntityManager: they serve read-only requests only (tenancy.ts `isReadOnly`); mutations keep
 * entities.
 */

const PLAIN = Symbol.for('simplycrm.plainRecord');

/** A to-one relation of a plain record that its statement did not join: its ID only. */
export class PlainRef {
  constructor(readonly id: string) {}
}

/** True for records built by this module (see above). */
export const isPlainRecord = (value: unknown): boolean => typeof value === 'object' && value !== null && PLAIN in value;

type Convert = ((value: unknown) => unknown) | undefined;
type Column = { name: string; column: string; convert: Convert };
type Shape = {
  proto: object;
  /** Every column the record is built from (lazy properties, such as a password hash, are not read). */
  columns: string[];
  scalars: Column[];
  embedded: { name: string; proto: object; fields: Column[]; nullable: boolean }[];
  refs: Column[];
};

const shapes = new WeakMap<EntityMetadata, Shape>();

function converter(prop: EntityProperty, platform: Platform): Convert {
  const type = prop.customType;
  if (type) return (value) => (value == null ? value : type.convertToJSValue(value, platform));
  if (prop.runtimeType === 'Date') return (value) => (value == null || value instanceof Date ? value : platform.parseDate(value as string));
  return undefined;
}

/** A prototype below `base` whose data properties shadow the accessors MikroORM put on the entity's prototype. */
function plainPrototype(base: object, names: string[]): object {
  const proto = Object.create(base) as Record<string | symbol, unknown>;
  for (const name of names) Object.defineProperty(proto, name, { value: undefined, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(proto, PLAIN, { value: true });
  return proto;
}

function shapeOf(meta: EntityMetadata, platform: Platform): Shape {
  let shape = shapes.get(meta);
  if (shape) return shape;
  const scalars: Column[] = [];
  const refs: Column[] = [];
  const embedded: Shape['embedded'] = [];
  const names: string[] = [];
  for (const prop of meta.props) {
    if (prop.persist === false || prop.formula || prop.embedded || prop.lazy) continue;
    if (prop.kind === ReferenceKind.SCALAR) {
      scalars.push({ name: prop.name, column: prop.fieldNames[0]!, convert: converter(prop, platform) });
    } else if (prop.kind === ReferenceKind.EMBEDDED && !prop.object && !prop.array) {
      const children = Object.values(prop.embeddedProps ?? {});
      const embeddable = prop.targetMeta!;
      embedded.push({
        name: prop.name,
        nullable: Boolean(prop.nullable),
        proto: plainPrototype(
          embeddable.prototype,
          children.map((child) => child.embedded![1]),
        ),
        fields: children.map((child) => ({ name: child.embedded![1], column: child.fieldNames[0]!, convert: converter(child, platform) })),
      });
    } else if ((prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) && prop.fieldNames.length === 1) {
      refs.push({ name: prop.name, column: prop.fieldNames[0]!, convert: undefined });
    } else {
      continue; // to-many relations: through loaders
    }
    names.push(prop.name);
  }
  const columns = [...scalars, ...embedded.flatMap((e) => e.fields), ...refs].map((c) => c.column);
  shape = { proto: plainPrototype(meta.prototype, names), columns, scalars, embedded, refs };
  shapes.set(meta, shape);
  return shape;
}

/** One record from a row whose columns carry `prefix` (`''` for the statement's own table, `j1__` for a join). */
function build(shape: Shape, row: Record<string, unknown>, prefix: string, joined?: Map<string, unknown>): Record<string, unknown> {
  const record = Object.create(shape.proto) as Record<string, unknown>;
  for (const { name, column, convert } of shape.scalars) {
    const value = row[prefix + column];
    record[name] = convert ? convert(value) : value;
  }
  for (const { name, proto, fields, nullable } of shape.embedded) {
    const value = Object.create(proto) as Record<string, unknown>;
    let empty = true;
    for (const field of fields) {
      const raw = row[prefix + field.column];
      if (raw != null) empty = false;
      value[field.name] = field.convert ? field.convert(raw) : raw;
    }
    record[name] = empty && nullable ? null : value;
  }
  for (const { name, column } of shape.refs) {
    const id = row[prefix + column] as string | null | undefined;
    record[name] = id == null ? null : (joined?.get(name) ?? new PlainRef(id));
  }
  return record;
}

type CursorDriver = {
  processCursorOptions(meta: EntityMetadata, options: object, orderBy: unknown): { where: object; orderBy: object[] };
};

export type PlainReadOptions = {
  orderBy?: Record<string, unknown> | Record<string, unknown>[];
  limit?: number;
  /** To-one relations (property names) read in the same statement. */
  joins?: readonly string[];
  /** Cursor pagination as `findByCursor` does it: `first` rows after `after`, one more fetched to tell whether more follow. */
  cursor?: { first: number; after?: string | null };
  /** Find options of the caller; `filters: { tenant: false }` (platform queries) drops the organization condition. */
  filters?: Record<string, unknown> | boolean;
  /** One to-many relation read in the same statement (a lookup with its children): `into` receives each record's children by its ID. */
  many?: { name: string; where?: Record<string, unknown>; orderBy: Record<string, 'asc' | 'desc'>; into: Map<string, unknown[]> };
};

/** The organization condition of the request (the tenant filter's, named in the statement), or none for deliberate cross-tenant reads. */
function tenantCondition(em: EntityManager, meta: EntityMetadata, filters: PlainReadOptions['filters']): Record<string, unknown> {
  if (filters === false || (typeof filters === 'object' && filters[TENANT_FILTER] === false)) return {};
  // Exactly the entities the tenant filter scopes (db/entities.ts tenantEntities).
  if (!(meta.prototype instanceof TenantEntity)) return {};
  const params = em.getFilterParams(TENANT_FILTER) as { organizationId?: string } | undefined;
  if (!params?.organizationId) throw new Error(`plain read of ${meta.className} without an organization in scope`);
  return { organization: params.organizationId };
}

/** Rows of `entity` matching `where` (MikroORM filter syntax), as plain records (see above). */
export async function readPlain<T extends object>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<T>,
  options: PlainReadOptions = {},
): Promise<T[]> {
  const meta = em.getMetadata().get(entity) as EntityMetadata;
  const platform = em.getPlatform();
  const shape = shapeOf(meta, platform);
  const quote = (name: string) => platform.quoteIdentifier(name);
  const selectOf = (alias: string, of: Shape, prefix?: string) =>
    of.columns.map((c) => `${quote(alias)}.${quote(c)}${prefix ? ` as ${quote(prefix + c)}` : ''}`).join(', ');
  const qb = em.createQueryBuilder(entity, 'e0').select(raw(selectOf('e0', shape)));
  qb.where({ ...(where as object), ...tenantCondition(em, meta, options.filters) } as never);
  const joins = (options.joins ?? []).map((name, i) => {
    const prop = meta.properties[name as never] as EntityProperty | undefined;
    if (!prop?.targetMeta) throw new Error(`${meta.className}.${name} is not a relation`);
    const alias = `j${i + 1}`;
    const joined = shapeOf(prop.targetMeta, platform);
    qb.leftJoin(`e0.${name}`, alias).addSelect(raw(selectOf(alias, joined, `${alias}__`)));
    return { name, prefix: `${alias}__`, shape: joined };
  });
  const many = options.many;
  let manyShape: Shape | undefined;
  if (many) {
    const prop = meta.properties[many.name as never] as EntityProperty | undefined;
    if (!prop?.targetMeta || prop.kind !== ReferenceKind.ONE_TO_MANY) throw new Error(`${meta.className}.${many.name} is not a one-to-many relation`);
    manyShape = shapeOf(prop.targetMeta, platform);
    const condition = Object.fromEntries(Object.entries(many.where ?? {}).map(([key, value]) => [`m.${key}`, value]));
    qb.leftJoin(`e0.${many.name}`, 'm', condition as never).addSelect(raw(selectOf('m', manyShape, 'm__')));
  }
  if (options.cursor) {
    // The driver's own cursor conditions (protected in its types; MikroORM is pinned exactly, see package.json).
    const driver = em.getDriver() as unknown as CursorDriver;
    const cursor = driver.processCursorOptions(
      meta,
      { first: options.cursor.first, after: options.cursor.after ?? undefined, overfetch: true },
      options.orderBy as never,
    );
    qb.andWhere(cursor.where as never).orderBy(cursor.orderBy as never);
    qb.limit(options.cursor.first + 1);
  } else {
    const childOrder = many ? Object.fromEntries(Object.entries(many.orderBy).map(([key, value]) => [`m.${key}`, value])) : {};
    if (options.orderBy || many) qb.orderBy({ ...(options.orderBy as object), ...childOrder } as never);
    // A limit counts rows of the statement: with a to-many join only for one-record lookups.
    if (options.limit !== undefined && !many) qb.limit(options.limit);
  }
  const rows = (await qb.execute('all', false)) as unknown as Record<string, unknown>[];
  if (many && manyShape) {
    const records = new Map<string, T>();
    for (const row of rows) {
      const id = row.id as string;
      if (!records.has(id)) {
        records.set(id, build(shape, row, '') as T);
        many.into.set(id, []);
      }
      if (row.m__id != null) many.into.get(id)!.push(build(manyShape, row, 'm__'));
    }
    return [...records.values()];
  }
  return rows.map((row) => {
    let joined: Map<string, unknown> | undefined;
    if (joins.length > 0) {
      joined = new Map();
      for (const join of joins) if (row[`${join.prefix}id`] != null) joined.set(join.name, build(join.shape, row, join.prefix));
    }
    return build(shape, row, '', joined) as T;
  });
}

/** A page of plain records in MikroORM's cursor format (the same `endCursor`s `findByCursor` hands out). */
export async function readPlainPage<T extends object>(
  em: EntityManager,
  entity: new () => T,
  where: FilterQuery<T>,
  args: { first: number; after?: string | null },
  orderBy: Record<string, unknown>,
  options: Omit<PlainReadOptions, 'cursor' | 'orderBy' | 'limit'> = {},
): Promise<Cursor<T>> {
  const items = await readPlain(em, entity, where, { ...options, orderBy, cursor: args });
  const meta = em.getMetadata().get(entity);
  return new Cursor(
    items,
    undefined as never,
    { first: args.first, after: args.after ?? undefined, orderBy: orderBy as never, overfetch: true },
    meta,
  );
}
