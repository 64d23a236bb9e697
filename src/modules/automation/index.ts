import type { EntityManager } from '@mikro-orm/sql';
import { loadFeatures } from '../../context.js';
import type { NodeSpec } from '../../shared/node.js';
import { loaderOfChildren } from '../core/core.loaders.js';
import { EventType } from '../events/event-types.js';
import type { EventHandler, TaskDefinition } from '../jobs/job-types.js';
import { runActionTask } from './actions.js';
import {
  AutomationActionRun,
  AutomationRule,
  AutomationRuleVersion,
  AutomationRun,
  Notification,
  NotificationPreference,
} from './automation.entity.js';
import { notificationDigestSchedule, notificationEmailTask } from './notifications.js';
import { AutomationRuleResolver, AutomationRunResolver, NotificationResolver } from './automation.resolver.js';
import { automationRules } from './automation.rules.js';
import { Campaign, CampaignRecipient } from './campaign.entity.js';
import { CampaignResolver, campaignMetricsLoader } from './campaigns.resolver.js';
import { campaignTasks } from './campaigns.service.js';
import { unsubscribeRoutes } from './unsubscribe.route.js';
import { ACTION_TASK, onEvent } from './engine.js';
import { automationSchedule } from './scheduler.js';

const ruleHandler: EventHandler = {
  key: 'automation.rules',
  description: "Judges every enabled EVENT rule for the event's type and starts the runs that go ahead.",
  events: Object.values(EventType) as string[],
  async run(scope, event) {
    await onEvent(scope, event, await loadFeatures(scope.em, scope.organizationId));
  },
};

const actionTask: TaskDefinition = {
  key: ACTION_TASK,
  description: 'Runs one action of an automation run, then asks for the next.',
  run: runActionTask,
};

/** The automation engine: rules (triggers, conditions, actions), their run log, and notifications. */
export const automationModule = {
  resolvers: [AutomationRuleResolver, AutomationRunResolver, NotificationResolver, CampaignResolver] as const,
  rules: automationRules,
  loaders: (em: EntityManager) => ({
    actionRunsByRunId: loaderOfChildren(em, AutomationActionRun, 'run', { position: 'asc' }),
    campaignMetrics: campaignMetricsLoader(em),
  }),
  entities: [
    AutomationRule,
    AutomationRuleVersion,
    AutomationRun,
    AutomationActionRun,
    Notification,
    NotificationPreference,
    Campaign,
    CampaignRecipient,
  ],
  nodes: [
    { entity: AutomationRule, query: 'automationRules' },
    { entity: AutomationRun, query: 'automationRuns' },
    { entity: Notification, query: 'notifications', ownedByUser: true },
    { entity: Campaign, query: 'campaigns' },
    { entity: CampaignRecipient, query: 'campaignRecipients' },
  ] satisfies NodeSpec[],
  handlers: [ruleHandler],
  schedules: [automationSchedule, notificationDigestSchedule],
  tasks: [actionTask, notificationEmailTask, ...campaignTasks],
  routes: [unsubscribeRoutes],
};
