import { registerEnumType } from 'type-graphql';

export enum AccountSize {
  MICRO = 'micro',
  SMALL = 'small',
  MEDIUM = 'medium',
  LARGE = 'large',
  ENTERPRISE = 'enterprise',
}
registerEnumType(AccountSize, {
  name: 'AccountSize',
  description: 'Company size by head count.',
  valuesConfig: {
    MICRO: { description: '1–9 people.' },
    SMALL: { description: '10–49 people.' },
    MEDIUM: { description: '50–249 people.' },
    LARGE: { description: '250–999 people.' },
    ENTERPRISE: { description: '1000 people or more.' },
  },
});

export enum LeadStatus {
  NEW = 'new',
  CONTACTED = 'contacted',
  QUALIFIED = 'qualified',
  DISQUALIFIED = 'disqualified',
  CONVERTED = 'converted',
}
registerEnumType(LeadStatus, {
  name: 'LeadStatus',
  description: 'Where a lead stands. CONVERTED is set only by convertLead.',
});

export enum OpportunityStatus {
  OPEN = 'open',
  WON = 'won',
  LOST = 'lost',
}
registerEnumType(OpportunityStatus, { name: 'OpportunityStatus', description: 'Follows the stage: open, or closed as won or lost.' });

export enum AmountSource {
  LINES = 'lines',
  MANUAL = 'manual',
}
registerEnumType(AmountSource, {
  name: 'AmountSource',
  description: "Where an opportunity's amount comes from.",
  valuesConfig: {
    LINES: { description: "The lines' total (0 without lines), recomputed whenever the lines change." },
    MANUAL: { description: 'Set by hand (an `amount` in createOpportunity or updateOpportunity); line changes leave it alone.' },
  },
});

export enum ActivityType {
  TASK = 'task',
  CALL = 'call',
  MEETING = 'meeting',
  NOTE = 'note',
  EMAIL = 'email',
}
registerEnumType(ActivityType, { name: 'ActivityType', description: 'Kind of activity.' });

export enum ChangeAction {
  CREATED = 'created',
  UPDATED = 'updated',
  STAGE_CHANGED = 'stage_changed',
  STATUS_CHANGED = 'status_changed',
  CONVERTED = 'converted',
  DELETED = 'deleted',
  RESTORED = 'restored',
}
registerEnumType(ChangeAction, { name: 'ChangeAction', description: 'What happened to a record.' });

export enum SubjectType {
  ACCOUNT = 'account',
  CONTACT = 'contact',
  LEAD = 'lead',
  OPPORTUNITY = 'opportunity',
}
registerEnumType(SubjectType, { name: 'SubjectType', description: 'Which kind of record an activity or change is about.' });
