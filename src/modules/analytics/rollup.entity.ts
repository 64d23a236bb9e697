import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { minorUnits } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';

/*
 * Daily rollups of the KPI series, per UTC day (and currency where money is involved). Written only
 * by the analytics refresh (and the migration that created them), for the days marked stale; read by
 * salesMetrics for the whole days of a range that are not stale (see metrics.rollup.ts). Each one
 * says which raw rows it sums: the raw SQL in metrics.raw.ts is the definition it must equal.
 */

/**
 * The money series per UTC day and currency: booked orders (neither draft nor cancelled, by
 * `ordered_at`), invoices issued (neither draft nor void, by `issued_at`), payments (by `paid_at`),
 * and opportunities (not deleted): amounts created by `created_at`; won and lost, and the won
 * deals' summed sales cycle (`closed_at - created_at`, exact microseconds), by `closed_at`. One
 * row a day and currency for all of them: the series read one table.
 */
@Entity({ tableName: 'daily_sales' })
@Unique({ properties: ['organization', 'day', 'currency'] })
export class DailySales extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'string', columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'integer' })
  orderCount!: number;

  /** Sum of the orders' totals, in minor units of `currency`. */
  @Property(minorUnits())
  bookedAmount!: number;

  @Property(minorUnits({ default: 0 }))
  invoicedAmount!: number;

  @Property(minorUnits({ default: 0 }))
  collectedAmount!: number;

  @Property(minorUnits({ default: 0 }))
  createdAmount!: number;

  @Property({ type: 'integer', default: 0 })
  wonCount!: number;

  @Property({ type: 'integer', default: 0 })
  lostCount!: number;

  @Property(minorUnits({ default: 0 }))
  wonCycleMicroseconds!: number;
}

/** Leads (not deleted) by `created_at`, and how many of them are converted now. */
@Entity({ tableName: 'daily_leads' })
@Unique({ properties: ['organization', 'day'] })
export class DailyLeads extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;

  @Property({ type: 'integer' })
  newCount!: number;

  @Property({ type: 'integer' })
  convertedCount!: number;
}

/**
 * A UTC day whose rollups may no longer match the raw rows: marked by triggers on orders,
 * order_lines, invoices, payments, leads and opportunities (every write path, SQL included),
 * cleared by the refresh that recomputes it. Rollups of a stale day are never read.
 */
@Entity({ tableName: 'analytics_stale_days' })
@Unique({ properties: ['organization', 'day'] })
export class StaleDay extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;
}
