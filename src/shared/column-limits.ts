import type { EntityMetadata, EntityProperty, EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { ChangeSetType } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { textProblem } from './text-check.js';
import { PayloadError, type UserError, UserErrorCode, userError } from './user-error.js';

/**
 * What a column can hold, read from the entity metadata (the column type MikroORM maps the
 * property to), so limits follow the entities and cannot drift from the schema.
 */
export type ColumnLimit =
  | { kind: 'text'; maxLength: number | null }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'numeric'; maxAbs: number; scale: number }
  | { kind: 'none' };

const INTEGER_RANGES: Record<string, { min: number; max: number }> = {
  smallint: { min: -32768, max: 32767 },
  int2: { min: -32768, max: 32767 },
  int: { min: -2147483648, max: 2147483647 },
  integer: { min: -2147483648, max: 2147483647 },
  int4: { min: -2147483648, max: 2147483647 },
  serial: { min: -2147483648, max: 2147483647 },
  // A bigint column holds more than a JS number keeps exactly; amounts beyond that are refused too.
  bigint: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  int8: { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
};

/** The limit of one column type, e.g. `varchar(200)`, `int`, `numeric(12,4)`, `text[]` (per element). */
export function limitOfColumnType(columnType: string | undefined): ColumnLimit {
  const type = (columnType ?? '').toLowerCase().replace(/\[\]$/, '').trim();
  const chars = /^(?:varchar|character varying|char|character|bpchar)\s*\((\d+)\)$/.exec(type);
  if (chars) return { kind: 'text', maxLength: Number(chars[1]) };
  if (type === 'text' || type === 'varchar' || type === 'character varying' || type === 'citext') return { kind: 'text', maxLength: null };
  const range = INTEGER_RANGES[type];
  if (range) return { kind: 'integer', ...range };
  const numeric = /^(?:numeric|decimal)\s*\((\d+)\s*(?:,\s*(\d+))?\)$/.exec(type);
  if (numeric) {
    const precision = Number(numeric[1]);
    const scale = Number(numeric[2] ?? 0);
    return { kind: 'numeric', maxAbs: 10 ** (precision - scale), scale };
  }
  return { kind: 'none' };
}

const propertyLimits = new WeakMap<EntityProperty, ColumnLimit>();

/** The limit of an entity property's column (`none` for relations, JSON, dates and the like); parsed once per property. */
export function limitOfProperty(prop: EntityProperty): ColumnLimit {
  let limit = propertyLimits.get(prop);
  if (!limit) {
    limit = prop.kind !== 'scalar' || prop.persist === false ? { kind: 'none' } : limitOfColumnType(prop.columnTypes?.[0]);
    propertyLimits.set(prop, limit);
  }
  return limit;
}

/** The field name a property is reported under: `reference`, or `listPrice.amount` for an embedded value. */
const fieldOf = (prop: EntityProperty) => (prop.embedded ? prop.embedded.join('.') : prop.name);

const propertyValue = (entity: Record<string, unknown>, prop: EntityProperty): unknown => {
  if (!prop.embedded) return entity[prop.name];
  const [outer, inner] = prop.embedded;
  const holder = entity[outer] as Record<string, unknown> | null | undefined;
  return holder?.[inner];
};

/** Why `value` does not fit `limit`, or null when it fits. */
export function columnProblem(field: string, value: unknown, limit: ColumnLimit): string | null {
  if (value == null) return null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = columnProblem(`${field}.${i}`, item, limit);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'string') {
    const text = textProblem(value);
    if (text) return `${field} ${text}`;
    if (limit.kind === 'text' && limit.maxLength !== null && value.length > limit.maxLength) {
      return `${field} must be at most ${limit.maxLength} characters`;
    }
    return null;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    if (limit.kind === 'integer' && (!Number.isInteger(n) || n < limit.min || n > limit.max)) {
      return `${field} must be a whole number from ${limit.min} to ${limit.max}`;
    }
    if (limit.kind === 'numeric' && !(Math.abs(n) < limit.maxAbs)) {
      return `${field} must be less than ${limit.maxAbs} in absolute value`;
    }
  }
  return null;
}

/** Every value of `entity` that its columns cannot hold, as INVALID errors on the property's name. */
export function entityColumnErrors(meta: EntityMetadata, entity: object): UserError[] {
  const errors: UserError[] = [];
  for (const prop of Object.values(meta.props) as EntityProperty[]) {
    const limit = limitOfProperty(prop);
    // Derived columns (tsvector) and non-text types are left to the values they come from.
    if (limit.kind === 'none') continue;
    const field = fieldOf(prop);
    const problem = columnProblem(field, propertyValue(entity as Record<string, unknown>, prop), limit);
    if (problem) errors.push(userError(UserErrorCode.INVALID, field, problem));
  }
  return errors;
}

/**
 * Checks values that a service writes with SQL of its own (not through the unit of work) against
 * the columns of `entity` they end up in, e.g. a stock movement's `reference`.
 */
export function checkColumns(em: EntityManager, entity: string, values: Record<string, unknown>, fieldPrefix = ''): void {
  const meta = em.getMetadata().getByClassName(entity, false);
  if (!meta) throw new Error(`checkColumns(): unknown entity ${entity}`);
  const errors: UserError[] = [];
  for (const [name, value] of Object.entries(values)) {
    const prop = meta.props.find((p) => p.name === name);
    if (!prop) throw new Error(`checkColumns(): ${entity} has no property ${name}`);
    const field = `${fieldPrefix}${name}`;
    const problem = columnProblem(field, value, limitOfProperty(prop));
    if (problem) errors.push(userError(UserErrorCode.INVALID, field, problem));
  }
  if (errors.length > 0) throw new PayloadError(errors);
}

/** PostgreSQL's SQLSTATE for a number outside its column's range ("integer out of range"). */
export const NUMERIC_OUT_OF_RANGE = '22003';

/** True when a database error is PostgreSQL's "out of range" (e.g. a sum that overflows `int`). */
export const isOutOfRange = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === NUMERIC_OUT_OF_RANGE;

/**
 * Before any statement of a flush is sent, every created or changed entity is checked against
 * its columns: a value too long, a number out of range or a string with NUL or a lone surrogate
 * becomes an INVALID payload error naming the property, and the flush writes nothing.
 */
export class ColumnLimitSubscriber implements EventSubscriber {
  onFlush({ uow }: FlushEventArgs): void {
    const errors: UserError[] = [];
    for (const changeSet of uow.getChangeSets()) {
      if (changeSet.type !== ChangeSetType.CREATE && changeSet.type !== ChangeSetType.UPDATE) continue;
      errors.push(...entityColumnErrors(changeSet.meta, changeSet.entity));
    }
    if (errors.length > 0) throw new PayloadError(errors);
  }
}
