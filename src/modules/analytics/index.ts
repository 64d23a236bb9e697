import { ActionsResolver } from './actions.resolver.js';
import { analyticsRules } from './analytics.rules.js';
import { anomalyScanSchedule } from './anomaly.schedule.js';
import { analyticsRefreshSchedule } from './refresh.schedule.js';
import {
  CumulativeAccountSales,
  CumulativeVariantSales,
  DailyAccountSales,
  DailyVariantSales,
  MonthlyAccountSales,
  MonthlyVariantSales,
} from './rollup-top.entity.js';
import { DailyLeads, DailySales, StaleDay } from './rollup.entity.js';
import { ForecastResolver } from './forecast.resolver.js';
import { InsightsResolver } from './insights.resolver.js';
import { MetricsResolver } from './metrics.resolver.js';

export const analyticsModule = {
  resolvers: [MetricsResolver, ActionsResolver, ForecastResolver, InsightsResolver] as const,
  rules: analyticsRules,
  /** Reads through services with their own queries: no per-request loaders. */
  loaders: () => ({}),
  /** Reads the other modules' tables; owns the rollups the nightly refresh precomputes, and the stale-day marks. */
  entities: [
    DailySales,
    DailyLeads,
    DailyVariantSales,
    MonthlyVariantSales,
    CumulativeVariantSales,
    DailyAccountSales,
    MonthlyAccountSales,
    CumulativeAccountSales,
    StaleDay,
  ],
  /** Analytics results are computed, not records: nothing to refetch by ID. */
  nodes: [],
  handlers: [],
  schedules: [anomalyScanSchedule, analyticsRefreshSchedule],
  tasks: [],
};
