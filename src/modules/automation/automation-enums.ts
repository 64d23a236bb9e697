import { registerEnumType } from 'type-graphql';

/** The records a rule can be about (each has a typed filter, the rule's condition language). */
export enum AutomationSubject {
  LEAD = 'Lead',
  CONTACT = 'Contact',
  ACCOUNT = 'Account',
  OPPORTUNITY = 'Opportunity',
  ACTIVITY = 'Activity',
  ORDER = 'Order',
  INVOICE = 'Invoice',
  PRODUCT_VARIANT = 'ProductVariant',
}
registerEnumType(AutomationSubject, {
  name: 'AutomationSubject',
  description: "The kind of record a rule is about; its condition is that record type's list filter (LeadFilter, OpportunityFilter, …).",
});

export enum AutomationTriggerKind {
  EVENT = 'event',
  SCHEDULE = 'schedule',
  DATE_OFFSET = 'date_offset',
}
registerEnumType(AutomationTriggerKind, {
  name: 'AutomationTriggerKind',
  description: 'What starts a rule.',
  valuesConfig: {
    EVENT: { description: 'A domain event about a record of the subject type (e.g. opportunity.updated).' },
    SCHEDULE: { description: "A cron schedule in the organization's time zone: runs for every record matching the condition (at most 500 per run)." },
    DATE_OFFSET: {
      description:
        "N days before (negative) or after a date field of the record, in the organization's time zone (e.g. 3 days before expectedCloseDate).",
    },
  },
});

export enum AutomationActionType {
  CREATE_TASK = 'create_task',
  UPDATE_FIELDS = 'update_fields',
  ASSIGN_OWNER = 'assign_owner',
  NOTIFY = 'notify',
  SEND_EMAIL = 'send_email',
  WAIT = 'wait',
  STOP_IF = 'stop_if',
  ADD_TO_CAMPAIGN = 'add_to_campaign',
}
registerEnumType(AutomationActionType, {
  name: 'AutomationActionType',
  description: 'What an action of a rule does.',
  valuesConfig: {
    CREATE_TASK: {
      description:
        'Creates a TASK activity on the record (subject and body are templates), assigned to the owner, a member or round robin over a role.',
    },
    UPDATE_FIELDS: {
      description: "Updates fields of the record (Lead, Contact, Account, Opportunity, Activity) as the record's update mutation would.",
    },
    ASSIGN_OWNER: { description: "Sets the record's owner to a member, or round robin over the members of a role." },
    NOTIFY: { description: 'An in-app notification (and e-mail where the recipient wants it) to the owner, a member or every member of a role.' },
    SEND_EMAIL: { description: "An e-mail from a template to the record's e-mail address, its owner or a member (needs SMTP_URL)." },
    WAIT: { description: 'Waits a number of minutes, then continues with the next action.' },
    STOP_IF: { description: 'Stops the run here unless the record (as it is now) matches a condition.' },
    ADD_TO_CAMPAIGN: {
      description:
        'Adds the contact or lead to a campaign not yet sent (campaignId); consent is checked when it is sent. Needs automation.campaigns.',
    },
  },
});

export enum AssigneeKind {
  OWNER = 'owner',
  MEMBER = 'member',
  ROUND_ROBIN = 'round_robin',
  ROLE = 'role',
  RECORD = 'record',
}
registerEnumType(AssigneeKind, {
  name: 'AutomationRecipientKind',
  description: 'Who an action is for.',
  valuesConfig: {
    OWNER: { description: "The record's owner (nobody when it has none)." },
    MEMBER: { description: 'One member (userId).' },
    ROUND_ROBIN: { description: 'The members of a role in turn (role), one per run.' },
    ROLE: { description: 'Every member of a role (NOTIFY only).' },
    RECORD: { description: "The record's own e-mail address (SEND_EMAIL to a lead or contact)." },
  },
});

export enum AutomationRunStatus {
  RUNNING = 'running',
  WAITING = 'waiting',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  STOPPED = 'stopped',
  SKIPPED = 'skipped',
}
registerEnumType(AutomationRunStatus, {
  name: 'AutomationRunStatus',
  description: 'Where a run of a rule stands.',
  valuesConfig: {
    RUNNING: { description: 'Actions are being run.' },
    WAITING: { description: 'Paused by a WAIT action until its time.' },
    SUCCEEDED: { description: 'Every action ran.' },
    FAILED: { description: 'An action failed (its error is on the action); the actions after it did not run.' },
    STOPPED: { description: 'A STOP_IF condition did not hold; the actions after it did not run.' },
    SKIPPED: {
      description:
        'The rule did not run for this trigger: see reason (condition not met, not newly true, loop guard, depth limit, fields not listened to).',
    },
  },
});

export enum AutomationActionStatus {
  PENDING = 'pending',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
  SKIPPED = 'skipped',
}
registerEnumType(AutomationActionStatus, {
  name: 'AutomationActionStatus',
  description: 'Where one action of a run stands (PENDING also while it is retried: see attempts and error).',
});

export enum NotificationKind {
  AUTOMATION = 'automation',
  REMINDER = 'reminder',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about, for preferences.',
  valuesConfig: {
    AUTOMATION: { description: "Sent by an automation rule's NOTIFY action." },
    REMINDER: { description: 'A due-activity reminder (the built-in rule).' },
  },
});

export enum NotificationEmail {
  NONE = 'none',
  EACH = 'each',
  DAILY_DIGEST = 'daily_digest',
}
registerEnumType(NotificationEmail, {
  name: 'NotificationEmail',
  description: 'Whether notifications of a kind are also e-mailed (needs SMTP_URL on the server).',
  valuesConfig: {
    NONE: { description: 'Not e-mailed.' },
    EACH: { description: 'One e-mail per notification, as it is sent.' },
    DAILY_DIGEST: { description: "One e-mail a day listing the day's unread notifications of the kind (SCHEDULE_NOTIFICATION_DIGEST)." },
  },
});

export enum CampaignAudienceType {
  CONTACTS = 'contact',
  LEADS = 'lead',
}
registerEnumType(CampaignAudienceType, { name: 'CampaignAudienceType', description: 'Who a campaign goes to: contacts or leads.' });

export enum CampaignStatus {
  DRAFT = 'draft',
  SCHEDULED = 'scheduled',
  SENDING = 'sending',
  SENT = 'sent',
  CANCELLED = 'cancelled',
}
registerEnumType(CampaignStatus, {
  name: 'CampaignStatus',
  description: 'Where a campaign stands.',
  valuesConfig: {
    DRAFT: { description: 'Being written; not sent.' },
    SCHEDULED: { description: 'To be sent at scheduledAt.' },
    SENDING: { description: 'Its audience is fixed and e-mails are going out in batches.' },
    SENT: { description: 'Every recipient was tried.' },
    CANCELLED: { description: 'Stopped; recipients not yet sent to were skipped.' },
  },
});

export enum RecipientStatus {
  QUEUED = 'queued',
  SENT = 'sent',
  FAILED = 'failed',
  BOUNCED = 'bounced',
  UNSUBSCRIBED = 'unsubscribed',
  SKIPPED = 'skipped',
}
registerEnumType(RecipientStatus, {
  name: 'CampaignRecipientStatus',
  description: 'What became of one recipient of a campaign.',
  valuesConfig: {
    QUEUED: { description: 'Waiting for its batch.' },
    SENT: { description: 'Accepted by the SMTP server.' },
    FAILED: { description: 'Refused by the SMTP server (see error).' },
    BOUNCED: { description: 'Refused permanently (a 5xx answer for the recipient).' },
    UNSUBSCRIBED: { description: 'Unsubscribed or withdrew consent before their e-mail went out.' },
    SKIPPED: { description: 'Not sent: the campaign was cancelled, or the record is gone or has no e-mail address.' },
  },
});
