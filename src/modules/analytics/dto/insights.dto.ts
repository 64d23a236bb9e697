import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../../shared/money.js';
import { ForecastMethodName } from './forecast.dto.js';

export enum Confidence {
  HIGH = 'high',
  MEDIUM = 'medium',
  LOW = 'low',
}
registerEnumType(Confidence, { name: 'Confidence', description: 'How far an estimate can be trusted.' });

@ObjectType({
  description:
    'A price recommendation for a variant from its estimated price elasticity (weekly sales against the prices paid), or the reason there is not enough data. Needs `analytics.insights`.',
})
export class PriceRecommendation {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;
  @Field(() => String, { description: 'SKU.' })
  sku!: string;
  @Field(() => Money, { description: 'Current list price.' })
  currentPrice!: Money;
  @Field(() => Money, { description: 'Unit cost.' })
  unitCost!: Money;
  @Field(() => Money, { description: 'Lowest price that keeps the required margin over unit cost.' })
  marginFloorPrice!: Money;
  @Field(() => Boolean, { description: 'Whether the history supports a recommendation; when false the estimates are null and `reason` says why.' })
  enoughData!: boolean;
  @Field(() => Money, { nullable: true, description: 'Recommended list price (null without enough data).' })
  recommendedPrice!: Money | null;
  @Field(() => Float, { nullable: true, description: 'Estimated price elasticity of demand (% change in units per 1% change in price).' })
  elasticity!: number | null;
  @Field(() => Float, { nullable: true, description: 'Standard error of the elasticity.' })
  elasticityStandardError!: number | null;
  @Field(() => Float, { nullable: true, description: 'R² of the log-log fit.' })
  rSquared!: number | null;
  @Field(() => Confidence, { nullable: true, description: 'Confidence in the elasticity.' })
  confidence!: Confidence | null;
  @Field(() => Int, { description: 'Weeks with sales used as observations.' })
  observations!: number;
  @Field(() => Int, { description: 'Distinct prices seen in those weeks.' })
  distinctPrices!: number;
  @Field(() => Float, { nullable: true, description: 'Expected change in units at the recommended price, in percent.' })
  expectedUnitsChangePct!: number | null;
  @Field(() => Float, { nullable: true, description: 'Expected change in revenue, in percent.' })
  expectedRevenueChangePct!: number | null;
  @Field(() => Float, { nullable: true, description: 'Expected change in margin, in percent.' })
  expectedMarginChangePct!: number | null;
  @Field(() => String, { description: 'Why, in plain language.' })
  reason!: string;
}

export enum AnomalyMetric {
  REVENUE = 'revenue',
  ORDER_COUNT = 'order_count',
  AVERAGE_DISCOUNT = 'average_discount',
  VARIANT_DEMAND = 'variant_demand',
  VOIDS = 'voids',
}
registerEnumType(AnomalyMetric, {
  name: 'AnomalyMetric',
  description: 'What an anomaly is about.',
  valuesConfig: {
    REVENUE: { description: 'Booked revenue (minor units).' },
    ORDER_COUNT: { description: 'Orders placed.' },
    AVERAGE_DISCOUNT: { description: 'Discounts as a percentage of the order subtotals (lower is better: only a rise is MEDIUM or HIGH).' },
    VARIANT_DEMAND: { description: 'Units ordered of one of the 20 best-selling variants (those selling in at least half the periods).' },
    VOIDS: { description: 'Voided invoices plus cancelled orders (lower is better: only a rise is MEDIUM or HIGH).' },
  },
});

export enum Severity {
  LOW = 'low',
  MEDIUM = 'medium',
  HIGH = 'high',
}
registerEnumType(Severity, {
  name: 'Severity',
  description:
    'How far outside the expected range (robust z-score 3.5 / 4.5 / 6), in the direction that is bad for the metric: a dip in VOIDS or AVERAGE_DISCOUNT (lower is better) is always LOW, for information.',
});

@ObjectType({ description: 'An unusual day or week of a metric, against a baseline that respects weekly seasonality. Needs `analytics.insights`.' })
export class Anomaly {
  @Field(() => AnomalyMetric, { description: 'The metric.' })
  metric!: AnomalyMetric;
  @Field(() => Date, { description: 'Start of the period (UTC): the day, the Monday of the ISO week, or the 1st of the month.' })
  periodStart!: Date;
  @Field(() => ID, { nullable: true, description: 'The variant, for VARIANT_DEMAND.' })
  variantId!: string | null;
  @Field(() => Float, { description: 'Observed value.' })
  observed!: number;
  @Field(() => Float, { description: 'Expected value from the seasonal baseline.' })
  expected!: number;
  @Field(() => Float, { description: 'Lower end of the expected range.' })
  lower!: number;
  @Field(() => Float, { description: 'Upper end of the expected range.' })
  upper!: number;
  @Field(() => Float, { description: 'Robust z-score of the residual (median/MAD).' })
  score!: number;
  @Field(() => Boolean, { description: 'true for a spike, false for a dip.' })
  spike!: boolean;
  @Field(() => Severity, { description: 'Severity.' })
  severity!: Severity;
  @Field(() => String, { description: 'What was unusual, in plain language.' })
  explanation!: string;
}

@ObjectType({ description: 'Expected booked revenue of one month. Needs `analytics.forecasting`.' })
export class RevenueForecastMonth {
  @Field(() => Date, { description: 'First day of the month (UTC).' })
  month!: Date;
  @Field(() => Money, { description: 'Run-rate: forecast of revenue from orders not tied to an opportunity.' })
  runRate!: Money;
  @Field(() => Money, { description: 'Weighted pipeline expected to close in the month (amount × probability).' })
  weightedPipeline!: Money;
  @Field(() => Money, { description: 'runRate + weightedPipeline.' })
  expected!: Money;
  @Field(() => Money, { description: 'Lower end of the prediction interval.' })
  lower!: Money;
  @Field(() => Money, { description: 'Upper end of the prediction interval.' })
  upper!: Money;
}

@ObjectType({
  description:
    "Next months' booked revenue: a time-series forecast of run-rate revenue (orders without an opportunity) plus the weighted pipeline by expected close month, with intervals. Needs `analytics.forecasting`.",
})
export class RevenueForecast {
  @Field(() => String, { description: 'Currency.' })
  currency!: string;
  @Field(() => ForecastMethodName, { description: 'Method of the run-rate forecast (chosen by backtest, as for demand forecasts).' })
  method!: ForecastMethodName;
  @Field(() => Float, { nullable: true, description: 'Backtest MASE of the run-rate forecast.' })
  mase!: number | null;
  @Field(() => Float, { description: 'Coverage of the intervals.' })
  level!: number;
  @Field(() => Money, { description: 'Weighted open pipeline without an expected close date (in no month).' })
  undatedPipeline!: Money;
  @Field(() => [RevenueForecastMonth], { description: 'One entry per month, starting with the current one.' })
  months!: RevenueForecastMonth[];
  @Field(() => String, { description: 'How it was computed and how far to trust it.' })
  reason!: string;
}
