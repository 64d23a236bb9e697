import { ActionsResolver } from './actions.resolver.js';
import { analyticsRules } from './analytics.rules.js';
import { MetricsResolver } from './metrics.resolver.js';

export const analyticsModule = {
  resolvers: [MetricsResolver, ActionsResolver] as const,
  rules: analyticsRules,
};
