import { allowAll, and, hasFeature, isMember, type RuleMap } from '../../shared/permissions.js';

const INSIGHTS = and(isMember, hasFeature('analytics.insights'));
const FORECASTING = and(isMember, hasFeature('analytics.forecasting'));

export const analyticsRules: RuleMap = {
  Query: {
    salesMetrics: INSIGHTS,
    demandForecast: INSIGHTS,
    demandForecasts: INSIGHTS,
    revenueForecast: FORECASTING,
    priceRecommendations: INSIGHTS,
    anomalies: INSIGHTS,
    nextBestActions: INSIGHTS,
  },
  ...allowAll(
    'SalesMetrics',
    'MetricsPeriod',
    'TopProduct',
    'TopAccount',
    'NextBestAction',
    'NextBestActionConnection',
    'NextBestActionEdge',
    'DemandForecast',
    'DemandHistoryPoint',
    'DemandForecastPoint',
    'MethodScore',
    'ReorderSuggestion',
    'DemandForecastConnection',
    'DemandForecastEdge',
    'PriceRecommendation',
    'PriceRecommendationConnection',
    'PriceRecommendationEdge',
    'Anomaly',
    'AnomalyConnection',
    'AnomalyEdge',
    'RevenueForecast',
    'RevenueForecastMonth',
  ),
};
