import { and } from 'graphql-shield';
import { allowAll, hasFeature, hasRole, isMember, type RuleMap } from '../../shared/permissions.js';
import { Role } from '../core/membership.entity.js';

/** Rules act on the whole organization: owners and admins, on plans with automation rules. */
const RULE_ADMIN = and(hasRole(Role.OWNER, Role.ADMIN), hasFeature('automation.rules'));
/** Campaigns are marketing's work: any member but viewers, on plans with campaigns. */
const CAMPAIGNER = and(hasRole(Role.OWNER, Role.ADMIN, Role.MEMBER), hasFeature('automation.campaigns'));

export const automationRules: RuleMap = {
  Query: {
    automationRules: RULE_ADMIN,
    automationRule: RULE_ADMIN,
    automationRuns: RULE_ADMIN,
    notifications: isMember,
    unreadNotificationCount: isMember,
    notificationPreferences: isMember,
    campaigns: CAMPAIGNER,
    campaign: CAMPAIGNER,
    campaignRecipients: CAMPAIGNER,
  },
  Mutation: {
    createAutomationRule: RULE_ADMIN,
    updateAutomationRule: RULE_ADMIN,
    deleteAutomationRule: RULE_ADMIN,
    testAutomationRule: RULE_ADMIN,
    markNotificationsRead: isMember,
    setNotificationPreference: isMember,
    createCampaign: CAMPAIGNER,
    updateCampaign: CAMPAIGNER,
    sendCampaign: CAMPAIGNER,
    cancelCampaign: CAMPAIGNER,
    deleteCampaign: CAMPAIGNER,
  },
  Campaign: { '*': CAMPAIGNER },
  CampaignConnection: { '*': CAMPAIGNER },
  CampaignEdge: { '*': CAMPAIGNER },
  CampaignRecipient: { '*': CAMPAIGNER },
  CampaignRecipientConnection: { '*': CAMPAIGNER },
  CampaignRecipientEdge: { '*': CAMPAIGNER },
  CampaignMetricsView: { '*': CAMPAIGNER },
  CampaignAudiencePreview: { '*': CAMPAIGNER },
  CampaignAudienceMember: { '*': CAMPAIGNER },
  CampaignPayload: { '*': CAMPAIGNER },
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
