import { and } from 'graphql-shield';
import { allowAll, hasFeature, hasRole, isMember, type RuleMap } from '../../shared/permissions.js';
import { Role } from '../core/membership.entity.js';

/** Rules act on the whole organization: owners and admins, on plans with automation rules. */
const RULE_ADMIN = and(hasRole(Role.OWNER, Role.ADMIN), hasFeature('automation.rules'));

export const automationRules: RuleMap = {
  Query: {
    automationRules: RULE_ADMIN,
    automationRule: RULE_ADMIN,
    automationRuns: RULE_ADMIN,
    notifications: isMember,
    unreadNotificationCount: isMember,
    notificationPreferences: isMember,
  },
  Mutation: {
    createAutomationRule: RULE_ADMIN,
    updateAutomationRule: RULE_ADMIN,
    deleteAutomationRule: RULE_ADMIN,
    testAutomationRule: RULE_ADMIN,
    markNotificationsRead: isMember,
    setNotificationPreference: isMember,
  },
  Subscription: { notificationAdded: isMember },
  AutomationRule: { '*': RULE_ADMIN },
  AutomationRuleConnection: { '*': RULE_ADMIN },
  AutomationRuleEdge: { '*': RULE_ADMIN },
  AutomationRun: { '*': RULE_ADMIN },
  AutomationRunConnection: { '*': RULE_ADMIN },
  AutomationRunEdge: { '*': RULE_ADMIN },
  AutomationActionRun: { '*': RULE_ADMIN },
  AutomationRulePayload: { '*': RULE_ADMIN },
  AutomationTestPayload: { '*': RULE_ADMIN },
  AutomationTestResult: { '*': RULE_ADMIN },
  AutomationActionPreview: { '*': RULE_ADMIN },
  Notification: { '*': isMember },
  NotificationConnection: { '*': isMember },
  NotificationEdge: { '*': isMember },
  NotificationPreference: { '*': isMember },
  ...allowAll('MarkNotificationsReadPayload', 'NotificationPreferencePayload'),
};
