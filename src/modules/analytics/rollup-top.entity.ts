import type { Ref } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { minorUnits } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from '../catalog/product-variant.entity.js';
import { Account } from '../customers/account.entity.js';

/*
 * Rollups of the top lists: booked order lines per variant and booked orders per account, per UTC
 * day of `ordered_at` and per calendar month (the sum of the month's daily rows), so a year is read
 * as whole months plus edge days. A month's row is read only when none of its days is stale.
 * Rows go with their variant or account (cascade: its days are stale already when its lines went);
 * the (organization, variant or account, day or month) index serves that key and the top ten's
 * SKUs and descriptions. The unique keys include the sums: a range's rows are read from the index.
 */

/** Booked order lines of one variant on one day, in the order's currency. */
@Entity({ tableName: 'daily_variant_sales' })
@Unique({ properties: ['organization', 'day', 'currency', 'variant'], include: ['units', 'revenue'] })
@Index({ properties: ['organization', 'variant', 'day'] })
export class DailyVariantSales extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @Property(minorUnits())
  units!: number;

  @Property(minorUnits())
  revenue!: number;

  /** max() of the lines' SKU: max() over days and months is the max over the range's lines. */
  @Property({ type: 'string', length: 100 })
  sku!: string;

  /** max() of the lines' description, like `sku`. */
  @Property({ type: 'string', length: 600 })
  description!: string;
}

/** DailyVariantSales summed over a calendar month (`month` is its first day). */
@Entity({ tableName: 'monthly_variant_sales' })
@Unique({ properties: ['organization', 'month', 'currency', 'variant'], include: ['units', 'revenue'] })
@Index({ properties: ['organization', 'variant', 'month'] })
export class MonthlyVariantSales extends TenantEntity {
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @Property(minorUnits())
  units!: number;

  @Property(minorUnits())
  revenue!: number;

  @Property({ type: 'string', length: 100 })
  sku!: string;

  @Property({ type: 'string', length: 600 })
  description!: string;
}

/** Booked orders of one account on one day. */
@Entity({ tableName: 'daily_account_sales' })
@Unique({ properties: ['organization', 'day', 'currency', 'account'], include: ['orderCount', 'revenue'] })
@Index({ properties: ['organization', 'account', 'day'] })
export class DailyAccountSales extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @ManyToOne({ entity: () => Account, ref: true, deleteRule: 'cascade' })
  account!: Ref<Account>;

  @Property({ type: 'integer' })
  orderCount!: number;

  @Property(minorUnits())
  revenue!: number;
}

/** DailyAccountSales summed over a calendar month (`month` is its first day). */
@Entity({ tableName: 'monthly_account_sales' })
@Unique({ properties: ['organization', 'month', 'currency', 'account'], include: ['orderCount', 'revenue'] })
@Index({ properties: ['organization', 'account', 'month'] })
export class MonthlyAccountSales extends TenantEntity {
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @ManyToOne({ entity: () => Account, ref: true, deleteRule: 'cascade' })
  account!: Ref<Account>;

  @Property({ type: 'integer' })
  orderCount!: number;

  @Property(minorUnits())
  revenue!: number;
}

/*
 * Running totals of the monthly rollups: a row per variant (or account), currency and month holds
 * the sum of its monthly rows up to and including that month, so a run of whole months is two rows
 * per variant (the total at its last month less the total before its first) instead of one per
 * month. Dense: from the month of the first sale to the organization's latest rolled-up month, every
 * month has its row (a month without sales repeats the total), so a missing row means nothing was
 * sold up to then. Rewritten by the refresh from the earliest month it recomputed, in the same
 * transaction as the monthly rows, so both always agree.
 */

/** MonthlyVariantSales summed over every month up to `month`. */
@Entity({ tableName: 'cumulative_variant_sales' })
@Unique({ properties: ['organization', 'month', 'currency', 'variant'], include: ['units', 'revenue'] })
@Index({ properties: ['organization', 'variant', 'month'] })
export class CumulativeVariantSales extends TenantEntity {
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade' })
  variant!: Ref<ProductVariant>;

  @Property(minorUnits())
  units!: number;

  @Property(minorUnits())
  revenue!: number;
}

/** MonthlyAccountSales summed over every month up to `month`. */
@Entity({ tableName: 'cumulative_account_sales' })
@Unique({ properties: ['organization', 'month', 'currency', 'account'], include: ['orderCount', 'revenue'] })
@Index({ properties: ['organization', 'account', 'month'] })
export class CumulativeAccountSales extends TenantEntity {
  @Property({ type: 'date' })
  month!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @ManyToOne({ entity: () => Account, ref: true, deleteRule: 'cascade' })
  account!: Ref<Account>;

  @Property(minorUnits())
  orderCount!: number;

  @Property(minorUnits())
  revenue!: number;
}
