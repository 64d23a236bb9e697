import { BigIntType, type Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';

export enum PriceKind {
  LIST_PRICE = 'list_price',
  UNIT_COST = 'unit_cost',
}

/**
 * Price history: one row per value a variant's list price or unit cost has had, valid from
 * `validFrom` until `validTo` (null while current). Append-only for the request role; written only
 * by the catalog's price service in the transaction that changes the price.
 */
@Entity({ tableName: 'price_changes' })
@Index({ properties: ['variant', 'kind', 'validFrom'] })
export class PriceChange extends TenantEntity {
  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @Enum({ items: () => PriceKind, nativeEnumName: 'price_kind' })
  kind!: PriceKind;

  /** Previous amount in minor units; null for the first price. */
  @Property({ type: new BigIntType('number'), columnType: 'bigint', nullable: true })
  oldAmount: number | null = null;

  @Property({ type: new BigIntType('number'), columnType: 'bigint' })
  newAmount!: number;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  validFrom!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  validTo: Date | null = null;

  /** User who made the change; null for imports and seeds. */
  @Property({ type: 'uuid', nullable: true })
  changedBy: string | null = null;

  @Property({ type: 'text', default: '' })
  reason: string = '';
}
