import type { MetricsScope } from '../metrics.service.js';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../../shared/money.js';

export enum Granularity {
  DAY = 'day',
  WEEK = 'week',
  MONTH = 'month',
}
/**
 * The one period-length enum of the API. Each operation says which values it takes; one it does not
 * take is refused with BAD_USER_INPUT naming the argument and the values it accepts (see `supportedGranularity`).
 */
registerEnumType(Granularity, {
  name: 'Granularity',
  description: 'Period length of a series (UTC). salesMetrics takes all three; anomalies, demandForecast and demandForecasts take DAY and WEEK.',
  valuesConfig: {
    DAY: { description: 'UTC days.' },
    WEEK: {
      description: 'Weeks: Monday-start calendar weeks (salesMetrics, anomalies), or the 7-day windows ending today (demand forecasts).',
    },
    MONTH: { description: 'Calendar months (salesMetrics only).' },
  },
});

@InputType({ description: 'A time range [from, to) in UTC.' })
export class DateRangeInput {
  @Field(() => Date, { description: 'Start (inclusive).' })
  from!: Date;
  @Field(() => Date, { description: 'End (exclusive).' })
  to!: Date;
}

@ObjectType({ description: 'Sales metrics of one period of the series.' })
export class MetricsPeriod {
  @Field(() => Date, { description: 'Start of the period (UTC).' })
  periodStart!: Date;
  @Field(() => Money, { description: 'Booked revenue: totals of orders placed in the period (not drafts or cancelled).' })
  bookedRevenue!: Money;
  @Field(() => Money, { description: 'Invoiced revenue: totals of invoices issued in the period (not void).' })
  invoicedRevenue!: Money;
  @Field(() => Money, { description: 'Collected revenue: payments received in the period.' })
  collectedRevenue!: Money;
  @Field(() => Int, { description: 'Orders placed.' })
  orderCount!: number;
  @Field(() => Money, { description: 'Booked revenue ÷ orders, rounded half up (zero without orders).' })
  averageOrderValue!: Money;
  @Field(() => Int, { description: 'Leads created.' })
  newLeads!: number;
  @Field(() => Int, { description: 'Of the leads created in the period, how many are converted.' })
  convertedLeads!: number;
  @Field(() => Float, { nullable: true, description: 'convertedLeads ÷ newLeads (null without new leads).' })
  leadConversionRate!: number | null;
  @Field(() => Int, { description: 'Opportunities won (closed in the period).' })
  wonDeals!: number;
  @Field(() => Int, { description: 'Opportunities lost (closed in the period).' })
  lostDeals!: number;
  @Field(() => Float, { nullable: true, description: 'won ÷ (won + lost) (null when none closed).' })
  winRate!: number | null;
  @Field(() => Money, { description: 'Amounts of opportunities created in the period.' })
  pipelineCreated!: Money;
  @Field(() => Float, { nullable: true, description: 'Average days from creation to win of the deals won in the period.' })
  averageSalesCycleDays!: number | null;
}

@ObjectType({ description: 'A product variant ranked by booked revenue.' })
export class TopProduct {
  @Field(() => ID, { description: 'Variant ID.' })
  variantId!: string;
  @Field(() => String, { description: 'SKU when ordered.' })
  sku!: string;
  @Field(() => String, { description: 'Description when ordered.' })
  description!: string;
  @Field(() => SafeIntResolver, { description: 'Units ordered.' })
  units!: number;
  @Field(() => Money, { description: 'Booked revenue (line totals).' })
  revenue!: Money;
}

@ObjectType({ description: 'An account ranked by booked revenue.' })
export class TopAccount {
  @Field(() => ID, { description: 'Account ID.' })
  accountId!: string;
  @Field(() => String, { description: 'Account name.' })
  name!: string;
  @Field(() => Int, { description: 'Orders placed.' })
  orders!: number;
  @Field(() => Money, { description: 'Booked revenue.' })
  revenue!: Money;
}

@ObjectType({
  description:
    'Sales KPIs over a range, in one currency, with a per-period series for charts. Money metrics count orders, invoices and payments in `currency` only. Needs `analytics.insights`.',
})
export class SalesMetrics {
  @Field(() => Date, { description: 'Range start.' })
  from!: Date;
  @Field(() => Date, { description: 'Range end (exclusive).' })
  to!: Date;
  @Field(() => Granularity, { description: 'Period length of the series.' })
  granularity!: Granularity;
  @Field(() => String, { description: 'Currency of the money metrics.' })
  currency!: string;
  @Field(() => Money, { description: 'Booked revenue over the range.' })
  bookedRevenue!: Money;
  @Field(() => Money, { description: 'Invoiced revenue over the range.' })
  invoicedRevenue!: Money;
  @Field(() => Money, { description: 'Collected revenue over the range.' })
  collectedRevenue!: Money;
  @Field(() => Int, { description: 'Orders placed.' })
  orderCount!: number;
  @Field(() => Money, { description: 'Average order value.' })
  averageOrderValue!: Money;
  @Field(() => Int, { description: 'Leads created.' })
  newLeads!: number;
  @Field(() => Float, { nullable: true, description: 'Share of the leads created in the range that are converted.' })
  leadConversionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Won ÷ closed among opportunities closed in the range.' })
  winRate!: number | null;
  @Field(() => Money, { description: 'Open pipeline now: amounts of open opportunities (in this currency).' })
  openPipeline!: Money;
  @Field(() => Money, { description: 'Weighted open pipeline now: Σ amount × probability.' })
  weightedPipeline!: Money;
  @Field(() => Float, { nullable: true, description: 'Average days from creation to win of deals won in the range.' })
  averageSalesCycleDays!: number | null;
  /** The query behind these figures, for the fields read only when asked for (topProducts, topAccounts). */
  scope!: MetricsScope;
  @Field(() => [MetricsPeriod], { description: 'One entry per period of the range, oldest first (periods without activity are zeros).' })
  series!: MetricsPeriod[];
}
