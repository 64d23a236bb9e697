import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection } from './filters.js';

type ClassOf<T> = new () => T;

/** `{ eq, in }` conditions on an enum field, one input type per enum. */
export function enumFilter<E extends Record<string, string>>(values: E, name: string): ClassOf<{ eq?: E[keyof E] | null; in?: E[keyof E][] | null }> {
  @InputType(`${name}Filter`, { description: `Conditions on a ${name} value.` })
  class EnumFilter {
    @Field(() => values, { nullable: true, description: 'Equal to.' })
    eq?: E[keyof E] | null;
    @Field(() => [values], { nullable: true, description: 'One of.' })
    in?: E[keyof E][] | null;
  }
  return EnumFilter;
}

/** A sort-order input: a field enum plus a direction (ties broken by ID). */
/**
 * Sort inputs are `<Type>Sort` with a `<Type>SortField` enum (the argument stays `orderBy`): in this
 * API "Order" in a type name always means a sales order, so a sort input never reads `OrderOrder`.
 */
export function orderInput<F extends Record<string, string>>(fields: F, name: string): ClassOf<{ field: F[keyof F]; direction: OrderDirection }> {
  registerEnumType(fields, { name: `${name}SortField`, description: `What to sort ${name} records by.` });
  @InputType(`${name}Sort`, { description: `Sort order of ${name} records (ties broken by ID).` })
  class Order {
    @Field(() => fields, { description: 'Field to sort by.' })
    field!: F[keyof F];
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Direction.' })
    direction: OrderDirection = OrderDirection.ASC;
  }
  return Order;
}

export type SortOrder = { field: string; direction: OrderDirection } | null | undefined;
