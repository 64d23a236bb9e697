import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { badUserInput } from './errors.js';
import { LocalDateResolver } from 'graphql-scalars';
import { isUuid } from './ids.js';
import { currencyHint, isCurrencyCode, MoneyInput } from './money.js';

/** Escapes LIKE wildcards so `contains`/`startsWith` match literally. */
const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Search input limits. A search is a handful of words typed by a person: longer input only makes
 * the database work (a full-text query of 50,000 words exhausts PostgreSQL's stack, a 900 KB
 * `ilike` pattern runs to the statement timeout), so it is refused before any SQL is built.
 */
export const SEARCH_MAX_LENGTH = 200;
export const SEARCH_MAX_TERMS = 16;

/** The trimmed search text, or a BAD_USER_INPUT error on `filter.search` when it is over the limits. */
export function checkSearch(q: string): string {
  const text = q.trim();
  if (text.length > SEARCH_MAX_LENGTH) throw badFilter(`filter.search must be at most ${SEARCH_MAX_LENGTH} characters`, 'filter.search');
  const terms = text.split(/[\s\p{P}\p{S}]+/u).filter(Boolean).length;
  if (terms > SEARCH_MAX_TERMS) throw badFilter(`filter.search must have at most ${SEARCH_MAX_TERMS} words`, 'filter.search');
  return text;
}

/** A `search` filter: case-insensitive "contains" over several properties (ORed), wildcards matched literally. */
export const searchOver =
  (...properties: string[]) =>
  (q: string) => {
    const text = checkSearch(q);
    return { $or: properties.map((p) => ({ [p]: { $ilike: `%${likeEscape(text)}%` } })) };
  };

/** A value filter; every operator given must hold (they are ANDed). */
@InputType({ description: 'Conditions on a text field; every condition given must hold. `contains` and `startsWith` ignore case.' })
export class StringFilter {
  @Field(() => String, { nullable: true, description: 'Equal to.' })
  eq?: string | null;
  @Field(() => String, { nullable: true, description: 'Not equal to.' })
  neq?: string | null;
  @Field(() => [String], { nullable: true, description: 'One of (at most 100 values).' })
  in?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Contains, ignoring case.' })
  contains?: string | null;
  @Field(() => String, { nullable: true, description: 'Starts with, ignoring case.' })
  startsWith?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: has no value; false: has a value.' })
  isNull?: boolean | null;
}

@InputType({ description: 'Conditions on a whole-number field; every condition given must hold.' })
export class IntFilter {
  @Field(() => Int, { nullable: true, description: 'Equal to.' })
  eq?: number | null;
  @Field(() => Int, { nullable: true, description: 'Not equal to.' })
  neq?: number | null;
  @Field(() => [Int], { nullable: true, description: 'One of (at most 100 values).' })
  in?: number[] | null;
  @Field(() => Int, { nullable: true, description: 'Greater than.' })
  gt?: number | null;
  @Field(() => Int, { nullable: true, description: 'Greater than or equal to.' })
  gte?: number | null;
  @Field(() => Int, { nullable: true, description: 'Less than.' })
  lt?: number | null;
  @Field(() => Int, { nullable: true, description: 'Less than or equal to.' })
  lte?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'true: has no value; false: has a value.' })
  isNull?: boolean | null;
}

@InputType({ description: 'Conditions on an ID field.' })
export class IDFilter {
  @Field(() => ID, { nullable: true, description: 'Equal to.' })
  eq?: string | null;
  @Field(() => ID, { nullable: true, description: 'Not equal to.' })
  neq?: string | null;
  @Field(() => [ID], { nullable: true, description: 'One of (at most 100 values).' })
  in?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: has no value; false: has a value.' })
  isNull?: boolean | null;
}

@InputType({ description: 'Conditions on a true/false field.' })
export class BooleanFilter {
  @Field(() => Boolean, { nullable: true, description: 'Equal to.' })
  eq?: boolean | null;
}

@InputType({ description: 'Conditions on a date-time field (UTC); every condition given must hold.' })
export class DateTimeFilter {
  @Field(() => Date, { nullable: true, description: 'Equal to.' })
  eq?: Date | null;
  @Field(() => Date, { nullable: true, description: 'After.' })
  gt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'At or after.' })
  gte?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Before.' })
  lt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'At or before.' })
  lte?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'true: has no value; false: has a value.' })
  isNull?: boolean | null;
}

@InputType({ description: 'Conditions on a calendar-date field (YYYY-MM-DD); every condition given must hold.' })
export class LocalDateFilter {
  @Field(() => LocalDateResolver, { nullable: true, description: 'On this day.' })
  eq?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Not on this day.' })
  neq?: string | null;
  @Field(() => [LocalDateResolver], { nullable: true, description: 'One of these days (at most 100).' })
  in?: string[] | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'After this day.' })
  gt?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'On or after this day.' })
  gte?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'Before this day.' })
  lt?: string | null;
  @Field(() => LocalDateResolver, { nullable: true, description: 'On or before this day.' })
  lte?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: has no value; false: has a value.' })
  isNull?: boolean | null;
}

/**
 * Amounts only compare within one currency, so each bound is a `MoneyInput`: `gt: { amount: 10000,
 * currency: "USD" }` keeps amounts in USD above 100.00 USD (never an amount in another currency).
 */
@InputType({
  description:
    'Conditions on an amount of money; every condition given must hold. Each bound names its currency and matches only amounts in that currency.',
})
export class MoneyFilter {
  @Field(() => String, { nullable: true, description: 'In this ISO 4217 currency.' })
  currency?: string | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Equal to.' })
  eq?: MoneyInput | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Greater than (same currency).' })
  gt?: MoneyInput | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Greater than or equal to (same currency).' })
  gte?: MoneyInput | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Less than (same currency).' })
  lt?: MoneyInput | null;
  @Field(() => MoneyInput, { nullable: true, description: 'Less than or equal to (same currency).' })
  lte?: MoneyInput | null;
}

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}
// `SortDirection` in the API: "Order" in a type name means a sales order (see the sort inputs).
registerEnumType(OrderDirection, { name: 'SortDirection', description: 'Sort direction.' });

type Operators = Partial<Record<'eq' | 'neq' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'startsWith' | 'isNull', unknown>>;

const MAX_IN = 100;

/**
 * Translates one field's operators into MikroORM conditions on `property`, ANDed. `neq` keeps rows
 * where the field is empty (SQL's `<>` would drop them), as "not equal" reads.
 */
export function fieldConditions(
  property: string,
  ops: Operators,
  wrap: (leaf: Record<string, unknown>) => Record<string, unknown> = (leaf) => leaf,
): Record<string, unknown>[] {
  const conds: Record<string, unknown>[] = [];
  const leaf = (value: unknown) => wrap({ [property]: value });
  const add = (op: string, value: unknown) => conds.push(leaf({ [op]: value }));
  if (ops.eq != null) add('$eq', ops.eq);
  if (ops.neq != null) conds.push({ $or: [leaf({ $ne: ops.neq }), leaf(null)] });
  if (ops.in != null) {
    if ((ops.in as unknown[]).length > MAX_IN) throw badFilter(`${property}.in accepts at most ${MAX_IN} values`);
    add('$in', ops.in);
  }
  if (ops.gt != null) add('$gt', ops.gt);
  if (ops.gte != null) add('$gte', ops.gte);
  if (ops.lt != null) add('$lt', ops.lt);
  if (ops.lte != null) add('$lte', ops.lte);
  if (ops.contains != null) add('$ilike', `%${likeEscape(String(ops.contains))}%`);
  if (ops.startsWith != null) add('$ilike', `${likeEscape(String(ops.startsWith))}%`);
  if (ops.isNull != null) add(ops.isNull ? '$eq' : '$ne', null);
  return conds;
}

/** A bad filter: BAD_USER_INPUT with `extensions.field`, the filter's dotted path when known. */
export const badFilter = (message: string, field = 'filter') => badUserInput(field, message);

/** At most this many filters in one `and`/`or` list (the nesting depth is capped by `toWhere`). */
const MAX_COMPOSITE = 20;

/** How each filter field maps to an entity condition (`and`/`or`/`not` are handled here). */
export type FilterMapping<F> = { [K in keyof F]?: (value: NonNullable<F[K]>) => Record<string, unknown> };

type Composite<F> = F & { and?: F[] | null; or?: F[] | null; not?: F | null };

/** Turns a typed filter with and/or/not into a MikroORM where clause (depth-limited by the query limits). */
export function toWhere<F extends object>(filter: Composite<F> | null | undefined, mapping: FilterMapping<F>, depth = 0): Record<string, unknown> {
  if (!filter) return {};
  if (depth > 5) throw badFilter('filter nests and/or/not more than 5 levels deep');
  const parts: Record<string, unknown>[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value == null) continue;
    if ((key === 'and' || key === 'or') && (value as F[]).length > MAX_COMPOSITE) {
      throw badFilter(`filter.${key} accepts at most ${MAX_COMPOSITE} filters`);
    }
    // Every filter's `search` is held to the same limits, whichever mapping builds its SQL.
    if (key === 'search' && typeof value === 'string') checkSearch(value);
    if (key === 'and') parts.push({ $and: (value as F[]).map((f) => toWhere(f as Composite<F>, mapping, depth + 1)) });
    else if (key === 'or') parts.push({ $or: (value as F[]).map((f) => toWhere(f as Composite<F>, mapping, depth + 1)) });
    else if (key === 'not') parts.push({ $not: toWhere(value as Composite<F>, mapping, depth + 1) });
    else {
      const map = mapping[key as keyof F];
      if (!map) throw badFilter(`Unknown filter field ${key}`);
      parts.push(map(value as never));
    }
  }
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0] : { $and: parts };
}

const all = (conds: Record<string, unknown>[]) => (conds.length === 1 ? conds[0] : { $and: conds });

/** Maps a filter field to property conditions. */
export const on =
  (property: string) =>
  (ops: Operators): Record<string, unknown> =>
    all(fieldConditions(property, ops));

/** Conditions on a property of a relation or embeddable, e.g. `onPath('product', 'category')`. */
export const onPath =
  (outer: string, property: string) =>
  (ops: Operators): Record<string, unknown> =>
    all(fieldConditions(property, ops, (leaf) => ({ [outer]: leaf })));

/** Like `on`, for ID (UUID) fields: a malformed ID is a clear input error, not a database error. */
export const onId =
  (property: string) =>
  (ops: Operators): Record<string, unknown> => {
    for (const value of [ops.eq, ops.neq, ...((ops.in as unknown[] | null | undefined) ?? [])]) {
      if (value != null && !isUuid(value)) throw badFilter(`${property}: "${String(value)}" is not an ID`);
    }
    return all(fieldConditions(property, ops));
  };

/**
 * Maps a MoneyFilter to conditions on an amount and its currency (`at` wraps a leaf, e.g. into an
 * embeddable): each bound becomes `currency = bound.currency and amount <op> bound.amount`.
 */
export const onMoney =
  (amount: string, currency: string, at: (leaf: Record<string, unknown>) => Record<string, unknown> = (leaf) => leaf) =>
  (ops: MoneyFilter): Record<string, unknown> => {
    const conds: Record<string, unknown>[] = [];
    const code = (field: string, value: unknown) => {
      if (!isCurrencyCode(value)) throw badFilter(`${field} ${currencyHint}`);
      return value;
    };
    if (ops.currency != null) conds.push(at({ [currency]: code('currency', ops.currency) }));
    for (const op of ['eq', 'gt', 'gte', 'lt', 'lte'] as const) {
      const bound = ops[op];
      if (bound == null) continue;
      if (!Number.isSafeInteger(bound.amount)) throw badFilter(`${op}.amount must be a whole number of minor units`);
      conds.push(at({ [currency]: code(`${op}.currency`, bound.currency), [amount]: { [`$${op}`]: bound.amount } }));
    }
    return conds.length === 0 ? {} : all(conds);
  };
