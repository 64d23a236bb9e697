import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../../../shared/money.js';
import { Granularity } from './metrics.dto.js';

export enum ForecastMethodName {
  SEASONAL_NAIVE = 'seasonal_naive',
  NAIVE = 'naive',
  HOLT_WINTERS = 'holt_winters',
  HOLT = 'holt',
  SES = 'ses',
  CROSTON_SBA = 'croston_sba',
}
registerEnumType(ForecastMethodName, {
  name: 'ForecastMethod',
  description:
    'How a series was forecast (demand forecasts and the run-rate of revenue forecasts): the candidate with the lowest rolling-origin backtest error.',
  valuesConfig: {
    SEASONAL_NAIVE: { description: 'Repeats the last season (the baseline every method is compared with).' },
    NAIVE: { description: 'Repeats the last value (also the answer when the history is too short to backtest).' },
    HOLT_WINTERS: {
      description: 'Exponential smoothing with (damped) trend and seasonality (weekly for daily demand, yearly for monthly revenue).',
    },
    HOLT: { description: 'Exponential smoothing with (damped) trend.' },
    SES: { description: 'Simple exponential smoothing.' },
    CROSTON_SBA: { description: 'Croston with the Syntetos–Boylan correction, for intermittent demand.' },
  },
});

@ObjectType({ description: 'Units in one past period.' })
export class DemandHistoryPoint {
  @Field(() => Date, { description: 'Start of the period (UTC; a Monday for weeks). The history ends before the period in progress.' })
  periodStart!: Date;
  @Field(() => Float, { description: 'Units ordered (orders not draft or cancelled).' })
  units!: number;
}

@ObjectType({ description: 'Expected units in one future period, with a prediction interval.' })
export class DemandForecastPoint {
  @Field(() => Date, { description: 'Start of the period (UTC; a Monday for weeks). The first point is the period in progress.' })
  periodStart!: Date;
  @Field(() => Float, { description: 'Expected units.' })
  expected!: number;
  @Field(() => Float, { description: 'Lower bound of the prediction interval (never below 0).' })
  lower!: number;
  @Field(() => Float, { description: 'Upper bound of the prediction interval.' })
  upper!: number;
}

@ObjectType({ description: 'Backtest accuracy of one candidate method.' })
export class MethodScore {
  @Field(() => ForecastMethodName, { description: 'The method.' })
  method!: ForecastMethodName;
  @Field(() => Float, {
    nullable: true,
    description: 'Mean absolute scaled error over the rolling-origin backtest (lower is better; 1 = as good as the in-sample seasonal naive).',
  })
  mase!: number | null;
}

@ObjectType({ description: 'When and how much to reorder, from the forecast, available stock, lead time and reorder settings.' })
export class ReorderSuggestion {
  @Field(() => Boolean, { description: 'Whether to order now.' })
  reorderNow!: boolean;
  @Field(() => Int, { description: 'Units to order (0 when not now).' })
  quantity!: number;
  @Field(() => Int, { description: 'On hand minus reserved, over live warehouses.' })
  available!: number;
  @Field(() => Int, { description: 'Supplier lead time used, in days.' })
  leadTimeDays!: number;
  @Field(() => Float, { description: 'Expected units over the lead time (upper bound of the interval).' })
  demandDuringLeadTime!: number;
  @Field(() => Float, { nullable: true, description: 'Days the available stock lasts at the expected rate (null without expected demand).' })
  daysOfCover!: number | null;
  @Field(() => Money, { nullable: true, description: 'Cost of the suggested quantity at unit cost.' })
  cost!: Money | null;
  @Field(() => String, { description: 'Why, in plain language.' })
  reason!: string;
}

@ObjectType({
  description:
    'Expected units per period for a variant (or a product: all its variants), with intervals, the method chosen by rolling-origin backtest and its accuracy next to the seasonal-naive baseline. Needs `analytics.insights`.',
})
export class DemandForecast {
  @Field(() => ID, { nullable: true, description: 'The variant, when forecasting one.' })
  variantId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The product, when forecasting all its variants together.' })
  productId!: string | null;
  @Field(() => Granularity, { description: 'Period length (DAY or WEEK: weeks are the 7-day windows ending today).' })
  granularity!: Granularity;
  @Field(() => Int, { description: 'Days ahead covered.' })
  horizonDays!: number;
  @Field(() => ForecastMethodName, { description: 'Method chosen (lowest backtest MASE).' })
  method!: ForecastMethodName;
  @Field(() => Float, { nullable: true, description: 'Backtest MASE of the chosen method (null when the history is too short to backtest).' })
  mase!: number | null;
  @Field(() => Float, { nullable: true, description: 'Backtest MASE of seasonal naive on the same origins, for comparison.' })
  baselineMase!: number | null;
  @Field(() => [MethodScore], { description: 'Every candidate method and its backtest MASE.' })
  scores!: MethodScore[];
  @Field(() => Boolean, { description: 'Whether demand was classed as intermittent (many periods without sales).' })
  intermittent!: boolean;
  @Field(() => Float, { description: 'Coverage of the prediction intervals, e.g. 0.8.' })
  level!: number;
  @Field(() => String, { description: 'Why this method, how accurate, and caveats, in plain language.' })
  reason!: string;
  @Field(() => Float, { description: 'Total expected units over the horizon.' })
  totalExpected!: number;
  @Field(() => [DemandHistoryPoint], { description: 'The history the forecast was fit on, oldest first.' })
  history!: DemandHistoryPoint[];
  @Field(() => [DemandForecastPoint], { description: 'The forecast, one entry per period.' })
  points!: DemandForecastPoint[];
  @Field(() => ReorderSuggestion, { nullable: true, description: 'Reorder suggestion (variants only).' })
  reorder!: ReorderSuggestion | null;
}
