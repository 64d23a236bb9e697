import { randomUUID } from 'node:crypto';
import { ChangeAction, LeadStatus, SubjectType } from '../modules/customers/customers-enums.js';
import { DAY, HOUR, type Rng, type Row, type SeedContext, spread } from './seed-kit.js';
import { CITIES, companyName, INDUSTRIES, person, phone } from './customer-names.js';
import { at, changeRow, type PlannedAccount, type PlannedContact } from './customers.seed.js';

const LEADS = 300;
/** Leads converted during the year; each became one of the new accounts. */
const CONVERTED_LEADS = 45;

const LEAD_SOURCES = [
  { source: 'website', weight: 35 },
  { source: 'referral', weight: 20 },
  { source: 'trade show', weight: 15 },
  { source: 'cold call', weight: 15 },
  { source: 'webinar', weight: 10 },
  { source: 'partner', weight: 5 },
];
/** Lead statuses other than converted, with counts and score ranges. */
const LEAD_MIX: { status: LeadStatus; count: number; score: [number, number]; path: LeadStatus[]; ageDays: [number, number] }[] = [
  { status: LeadStatus.NEW, count: 70, score: [5, 60], path: [], ageDays: [0, 45] },
  { status: LeadStatus.CONTACTED, count: 70, score: [20, 70], path: [LeadStatus.CONTACTED], ageDays: [5, 120] },
  { status: LeadStatus.QUALIFIED, count: 60, score: [55, 100], path: [LeadStatus.CONTACTED, LeadStatus.QUALIFIED], ageDays: [10, 200] },
  { status: LeadStatus.DISQUALIFIED, count: 55, score: [0, 35], path: [LeadStatus.CONTACTED, LeadStatus.DISQUALIFIED], ageDays: [10, 360] },
];
const LEAD_NOTES = [
  '',
  '',
  'Asked for a catalogue and volume pricing.',
  'Met at the spring trade show; interested in branded apparel.',
  'Opening a second location next quarter.',
  'Currently buys from a competitor; contract ends in the autumn.',
  'Wants samples before committing.',
  'Budget decision expected after the board meeting.',
];

export type PlannedLead = {
  id: string;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phone: string | null;
  source: string;
  status: LeadStatus;
  score: number;
  notes: string;
  createdAt: number;
  /** Status changes after creation, oldest first. */
  changes: { at: number; from: LeadStatus; to: LeadStatus }[];
  conversion: { at: number; account: PlannedAccount; contact: PlannedContact; opportunityId: string | null } | null;
};

/**
 * 300 leads in every status. Converted ones became new accounts: the lead is the account's first
 * contact, converted when the account was created.
 */
export function planLeads(ctx: SeedContext, accounts: PlannedAccount[], companies: Set<string>, emails: Set<string>): PlannedLead[] {
  const { r, now } = ctx;
  const joined = r.shuffle(accounts.filter((a) => a.createdAt >= ctx.start)).slice(0, CONVERTED_LEADS);
  const leads: PlannedLead[] = joined.map((account) => {
    const contact = account.contacts[0];
    const createdAt = account.createdAt - r.between(7, 60) * DAY;
    const [contacted, qualified] = spread(r, createdAt, account.createdAt - HOUR, 2);
    const lead = {
      ...newLead(r, createdAt, [60, 100]),
      firstName: contact.firstName,
      lastName: contact.lastName,
      company: account.name,
      email: contact.email,
      phone: contact.phone,
      status: LeadStatus.CONVERTED,
      changes: [
        { at: contacted, from: LeadStatus.NEW, to: LeadStatus.CONTACTED },
        { at: qualified, from: LeadStatus.CONTACTED, to: LeadStatus.QUALIFIED },
      ],
      conversion: { at: account.createdAt, account, contact, opportunityId: null },
    };
    account.fromLead = lead.id;
    contact.fromLead = lead.id;
    return lead;
  });
  for (const mix of LEAD_MIX) {
    for (let n = 0; n < mix.count && leads.length < LEADS; n++) {
      const industry = r.pick(INDUSTRIES);
      const { name, domain } = companyName(r, industry, companies);
      const createdAt = now - r.between(mix.ageDays[0], mix.ageDays[1]) * DAY - r.between(1, 12) * HOUR;
      const times = mix.path.length ? spread(r, createdAt, createdAt + r.between(0.2, 0.9) * (now - createdAt), mix.path.length) : [];
      const path = [LeadStatus.NEW, ...mix.path];
      leads.push({
        ...newLead(r, createdAt, mix.score),
        ...person(r, domain, emails),
        company: name,
        phone: r.chance(0.6) ? phone(r, r.pick(CITIES).area) : null,
        status: mix.status,
        changes: times.map((at, k) => ({ at, from: path[k], to: path[k + 1] })),
        conversion: null,
      });
    }
  }
  return leads;
}

function newLead(r: Rng, createdAt: number, score: [number, number]) {
  return {
    id: randomUUID(),
    source: r.weighted(LEAD_SOURCES, (s) => s.weight).source,
    score: r.int(score[0], score[1]),
    notes: r.pick(LEAD_NOTES),
    createdAt,
  };
}

export function leadRows(ctx: SeedContext, leads: PlannedLead[]): { leads: Row[]; changes: Row[] } {
  const rows = { leads: [] as Row[], changes: [] as Row[] };
  for (const lead of leads) {
    const conversion = lead.conversion;
    const last = conversion?.at ?? lead.changes.at(-1)?.at ?? lead.createdAt;
    rows.leads.push({
      id: lead.id,
      created_at: at(lead.createdAt),
      updated_at: at(last),
      first_name: lead.firstName,
      last_name: lead.lastName,
      company: lead.company,
      email: lead.email,
      phone: lead.phone,
      source: lead.source,
      status: lead.status,
      score: lead.score,
      owner_id: ctx.userId,
      notes: lead.notes,
      converted_at: at(conversion?.at ?? null),
      converted_account_id: conversion?.account.id ?? null,
      converted_contact_id: conversion?.contact.id ?? null,
      converted_opportunity_id: conversion?.opportunityId ?? null,
    });
    rows.changes.push(changeRow(ctx, SubjectType.LEAD, lead.id, ChangeAction.CREATED, lead.createdAt));
    for (const change of lead.changes)
      rows.changes.push(
        changeRow(ctx, SubjectType.LEAD, lead.id, ChangeAction.STATUS_CHANGED, change.at, { status: { from: change.from, to: change.to } }),
      );
    if (conversion)
      rows.changes.push(
        changeRow(ctx, SubjectType.LEAD, lead.id, ChangeAction.CONVERTED, conversion.at, {
          status: { from: LeadStatus.QUALIFIED, to: LeadStatus.CONVERTED },
          accountId: conversion.account.id,
          contactId: conversion.contact.id,
          opportunityId: conversion.opportunityId,
        }),
      );
  }
  return rows;
}
