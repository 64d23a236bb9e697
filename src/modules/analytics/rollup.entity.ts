import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { minorUnits } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';

/**
 * Booked orders per UTC day and currency (orders neither draft nor cancelled, by `ordered_at`),
 * precomputed by the nightly analytics refresh for the days marked stale.
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
}

/**
 * A UTC day whose rollups no longer match the orders: marked by a trigger on `orders` (every write
 * path, SQL included), cleared by the nightly refresh that recomputes it.
 */
@Entity({ tableName: 'analytics_stale_days' })
@Unique({ properties: ['organization', 'day'] })
export class StaleDay extends TenantEntity {
  @Property({ type: 'date' })
  day!: string;
}
