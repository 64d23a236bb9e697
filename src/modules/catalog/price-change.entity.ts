import { Node } from '../../shared/node.type.js';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { minorUnits } from '../../shared/money.js';

export enum PriceKind {
  LIST_PRICE = 'list_price',
  UNIT_COST = 'unit_cost',
}
registerEnumType(PriceKind, { name: 'PriceKind', description: 'Which price of a variant.' });

/**
 * Price history: one row per value a variant's list price or unit cost has had, valid from
 * `validFrom` until `validTo` (null while current). Append-only for the request role; written only
 * by the catalog's price service in the transaction that changes the price.
 */
@Entity({ tableName: 'price_changes' })
@ObjectType({ implements: Node, description: 'One value a variant price had, and when: the price history.' })
@Index({ properties: ['variant', 'kind', 'validFrom'] })
export class PriceChange extends TenantEntity {
  @Field(() => ID, { description: 'UUID of the record.' })
  declare id: string;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @Enum({ items: () => PriceKind, nativeEnumName: 'price_kind' })
  @Field(() => PriceKind, { description: 'List price or unit cost.' })
  kind!: PriceKind;

  /** Previous amount in minor units; null for the first price. */
  @Property(minorUnits({ nullable: true }))
  @Field(() => SafeIntResolver, { nullable: true, description: 'Previous amount in minor units; null for the first price.' })
  oldAmount: number | null = null;

  @Property(minorUnits())
  @Field(() => SafeIntResolver, { description: 'Amount in minor units from validFrom on.' })
  newAmount!: number;

  @Property({ type: 'string', columnType: 'char(3)' })
  @Field(() => String, { description: 'ISO 4217 currency.' })
  currency!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  @Field(() => Date, { description: 'Start of validity (UTC).' })
  validFrom!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'End of validity (UTC); null while current.' })
  validTo: Date | null = null;

  /** User who made the change; null for imports and seeds. */
  @Property({ type: 'uuid', nullable: true })
  @Field(() => ID, { nullable: true, description: 'User who made the change; null for imports and seeds.' })
  changedBy: string | null = null;

  @Property({ type: 'text', default: '' })
  @Field(() => String, { description: 'Why it changed.' })
  reason: string = '';
}
