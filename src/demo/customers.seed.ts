import { randomUUID } from 'node:crypto';
import { AccountSize, ChangeAction, LeadStatus, SubjectType } from '../modules/customers/customers-enums.js';
import { type Customer, DAY, HOUR, pgArray, type Rng, type Row, type SeedContext, spread, weightedPicker } from './seed-kit.js';

/** Demo accounts, their contacts and leads: names from word lists, everything in the seeded year. */

const ACCOUNTS = 200;
/** Accounts that joined during the year (the rest are older customers and prospects). */
const NEW_ACCOUNTS = 60;
const CONTACTS = 500;
const LEADS = 300;
/** Leads converted during the year; each became one of the new accounts. */
const CONVERTED_LEADS = 45;

type Industry = { name: string; nouns: string[]; categories: string[] };

const INDUSTRIES: Industry[] = [
  { name: 'Retail', nouns: ['Outfitters', 'General Store', 'Market', 'Goods', 'Trading Co.'], categories: ['Apparel', 'Outdoor'] },
  { name: 'Hospitality', nouns: ['Hotels', 'Inn', 'Hospitality', 'Bistro Group', 'Resorts'], categories: ['Kitchen', 'Apparel'] },
  { name: 'Education', nouns: ['Academy', 'Learning Center', 'School District', 'College', 'Institute'], categories: ['Office', 'Outdoor'] },
  { name: 'Healthcare', nouns: ['Health', 'Medical Group', 'Clinics', 'Care Partners', 'Dental'], categories: ['Office', 'Apparel'] },
  { name: 'Technology', nouns: ['Systems', 'Labs', 'Software', 'Digital', 'Networks'], categories: ['Office', 'Kitchen'] },
  { name: 'Manufacturing', nouns: ['Manufacturing', 'Works', 'Industries', 'Fabrication', 'Tooling'], categories: ['Apparel', 'Kitchen'] },
  { name: 'Professional Services', nouns: ['Consulting', 'Partners', 'Advisors', 'Law Group', 'Accounting'], categories: ['Office'] },
  { name: 'Construction', nouns: ['Builders', 'Construction', 'Contractors', 'Homes', 'Engineering'], categories: ['Apparel', 'Outdoor'] },
];

const PREFIXES = [
  'Blue Ridge',
  'Cedar',
  'Granite',
  'Harborview',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lakeshore',
  'Maple',
  'Northstar',
  'Oakridge',
  'Pinecrest',
  'Riverbend',
  'Silverline',
  'Tidewater',
  'Westfield',
  'Brightwater',
  'Copperleaf',
  'Evergreen',
  'Fairview',
  'Goldcrest',
  'Highland',
  'Lighthouse',
  'Meadowbrook',
  'Oakmont',
  'Prairie',
  'Redwood',
  'Stonebridge',
  'Sunrise',
  'Thornbury',
  'Valley',
  'Willow Creek',
  'Aspen',
  'Bayside',
  'Crescent',
  'Driftwood',
  'Foxglove',
  'Hawthorne',
  'Larkspur',
  'Millstone',
  'Orchard',
  'Pioneer',
  'Quarry',
  'Sterling',
  'Beacon',
];

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Sandra',
  'Mark',
  'Ashley',
  'Priya',
  'Emily',
  'Kevin',
  'Michelle',
  'Brian',
  'Amanda',
  'Wei',
  'Melissa',
  'Jorge',
  'Stephanie',
  'Ryan',
  'Rebecca',
  'Aisha',
  'Laura',
  'Eric',
  'Olivia',
  'Hiroshi',
  'Sofia',
  'Omar',
  'Grace',
  'Noah',
  'Chloe',
  'Liam',
  'Zoe',
  'Mateo',
  'Hannah',
  'Ethan',
  'Isabel',
  'Samuel',
  'Nora',
];

const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Patel',
  'Kim',
  'Chen',
  "O'Brien",
  'Murphy',
  'Cooper',
  'Reed',
  'Bailey',
  'Kelly',
  'Howard',
  'Ward',
  'Brooks',
];

const DECISION_TITLES = ['CEO', 'Owner', 'Managing Director', 'Head of Purchasing', 'Procurement Manager', 'Operations Director', 'General Manager'];
const TITLES = [
  'Office Manager',
  'Facilities Manager',
  'Buyer',
  'Purchasing Assistant',
  'CFO',
  'Finance Manager',
  'IT Manager',
  'Store Manager',
  'Marketing Manager',
  'HR Manager',
  'Executive Assistant',
  'Operations Manager',
  'Accounts Payable Clerk',
];

const CITIES = [
  { city: 'Portland', state: 'OR', zip: '97205', area: '503' },
  { city: 'Denver', state: 'CO', zip: '80202', area: '303' },
  { city: 'Austin', state: 'TX', zip: '78701', area: '512' },
  { city: 'Columbus', state: 'OH', zip: '43215', area: '614' },
  { city: 'Raleigh', state: 'NC', zip: '27601', area: '919' },
  { city: 'Madison', state: 'WI', zip: '53703', area: '608' },
  { city: 'Sacramento', state: 'CA', zip: '95814', area: '916' },
  { city: 'Boise', state: 'ID', zip: '83702', area: '208' },
  { city: 'Richmond', state: 'VA', zip: '23219', area: '804' },
  { city: 'Minneapolis', state: 'MN', zip: '55401', area: '612' },
  { city: 'Tampa', state: 'FL', zip: '33602', area: '813' },
  { city: 'Providence', state: 'RI', zip: '02903', area: '401' },
];
const STREETS = ['Main', 'Oak', 'Market', 'Elm', 'Commerce', 'Harbor', 'Lake', 'Mill', 'Park', 'Washington', 'Industrial', 'Cedar'];
const STREET_TYPES = ['Street', 'Avenue', 'Road', 'Boulevard', 'Drive', 'Way'];

/** Per size: how often it is picked, how many contacts it tends to have, how much and how large it orders. */
const SIZES = [
  { size: AccountSize.MICRO, weight: 15, contacts: 1, orders: 1, quantity: 4 },
  { size: AccountSize.SMALL, weight: 35, contacts: 2, orders: 2, quantity: 6 },
  { size: AccountSize.MEDIUM, weight: 30, contacts: 3, orders: 3, quantity: 10 },
  { size: AccountSize.LARGE, weight: 15, contacts: 4, orders: 5, quantity: 14 },
  { size: AccountSize.ENTERPRISE, weight: 5, contacts: 5, orders: 8, quantity: 20 },
];

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

export type PlannedContact = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  title: string;
  createdAt: number;
  consentAt: number | null;
  fromLead: string | null;
};

export type PlannedAccount = {
  id: string;
  name: string;
  /** The name without a legal suffix, for opportunity names. */
  short: string;
  domain: string;
  industry: Industry;
  size: (typeof SIZES)[number];
  address: string;
  /** Telephone area code of its city. */
  area: string;
  externalId: string;
  createdAt: number;
  tags: string[];
  fromLead: string | null;
  contacts: PlannedContact[];
  customer: Customer;
};

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

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

function companyName(r: Rng, industry: Industry, used: Set<string>): { name: string; short: string; domain: string } {
  for (;;) {
    const short = `${r.pick(PREFIXES)} ${r.pick(industry.nouns)}`;
    if (used.has(short)) continue;
    used.add(short);
    const legal = short.endsWith('.') || !r.chance(0.35) ? '' : r.pick([' Inc.', ' LLC', ' Ltd.']);
    return { name: short + legal, short, domain: `${ascii(short)}.example` };
  }
}

/** A person with an e-mail address at `domain`, unique across the seed. */
function person(r: Rng, domain: string, emails: Set<string>) {
  const firstName = r.pick(FIRST_NAMES);
  const lastName = r.pick(LAST_NAMES);
  let local = `${ascii(firstName)}.${ascii(lastName)}`;
  for (let n = 2; emails.has(`${local}@${domain}`); n++) local = `${ascii(firstName)}.${ascii(lastName)}${n}`;
  emails.add(`${local}@${domain}`);
  return { firstName, lastName, email: `${local}@${domain}` };
}

const phone = (r: Rng, area: string) => `+1 ${area} 555 01${String(r.int(0, 99)).padStart(2, '0')}`;

/** 200 accounts (a fifth of the older ones prospects that never order) with 500 contacts between them. */
export function planAccounts(ctx: SeedContext, companies: Set<string>, emails: Set<string>): PlannedAccount[] {
  const { r, start } = ctx;
  const accounts = Array.from({ length: ACCOUNTS }, (_, i): PlannedAccount => {
    const id = randomUUID();
    const industry = r.pick(INDUSTRIES);
    const size = r.weighted(SIZES, (s) => s.weight);
    const city = r.pick(CITIES);
    const joined = i >= ACCOUNTS - NEW_ACCOUNTS;
    const createdAt = joined ? start + r.between(5, 355) * DAY : start - r.between(30, 700) * DAY;
    const prospect = !joined && r.chance(0.2);
    return {
      id,
      ...companyName(r, industry, companies),
      industry,
      size,
      address: `${r.int(1, 9999)} ${r.pick(STREETS)} ${r.pick(STREET_TYPES)}, ${city.city}, ${city.state} ${city.zip}`,
      area: city.area,
      externalId: `ACC-${1001 + i}`,
      createdAt,
      tags: [],
      fromLead: null,
      contacts: [],
      customer: {
        id,
        createdAt,
        weight: prospect ? 0 : size.orders * r.between(0.3, 1.7),
        categories: industry.categories,
        quantityScale: size.quantity,
        contacts: [],
      },
    };
  });
  addContacts(ctx, accounts, emails);
  return accounts;
}

/** One contact per account, the rest spread by company size; the first is created with the account. */
function addContacts(ctx: SeedContext, accounts: PlannedAccount[], emails: Set<string>): void {
  const { r, now } = ctx;
  const counts = accounts.map(() => 1);
  const pick = weightedPicker(
    accounts.map((_, i) => i),
    accounts.map((a) => a.size.contacts),
  );
  for (let n = accounts.length; n < CONTACTS; n++) counts[pick(r)]++;
  accounts.forEach((account, i) => {
    for (let n = 0; n < counts[i]; n++) {
      const createdAt = n === 0 ? account.createdAt : Math.min(account.createdAt + r.between(1, 300) * DAY, now - HOUR);
      const contact: PlannedContact = {
        id: randomUUID(),
        ...person(r, account.domain, emails),
        phone: r.chance(0.8) ? phone(r, account.area) : null,
        title: n === 0 ? r.pick(DECISION_TITLES) : r.pick(TITLES),
        createdAt,
        consentAt: r.chance(0.4) ? Math.min(createdAt + r.between(0, 30) * DAY, now - HOUR) : null,
        fromLead: null,
      };
      account.contacts.push(contact);
      account.customer.contacts.push({ id: contact.id, createdAt });
    }
  });
}

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

/** Tags from what the order plan did: customers, key accounts (the ten biggest buyers), prospects. */
export function tagAccounts(r: Rng, accounts: PlannedAccount[], ordersByAccount: Map<string, number>): void {
  const top = new Set(
    [...ordersByAccount.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([id]) => id),
  );
  for (const account of accounts) {
    const tags = [ordersByAccount.has(account.id) ? 'customer' : 'prospect'];
    if (top.has(account.id)) tags.push('key-account');
    if ((account.industry.name === 'Retail' || account.industry.name === 'Hospitality') && r.chance(0.4)) tags.push('wholesale');
    if (r.chance(0.3)) tags.push('newsletter');
    account.tags = tags;
  }
}

const at = (ms: number | null) => (ms == null ? null : new Date(ms));

/** A timeline entry, as the services append them (actor: the demo user). */
export function changeRow(ctx: SeedContext, subjectType: SubjectType, subjectId: string, action: ChangeAction, when: number, changes = {}): Row {
  return {
    id: randomUUID(),
    created_at: at(when),
    updated_at: at(when),
    subject_type: subjectType,
    subject_id: subjectId,
    action,
    changes,
    at: at(when),
    actor_id: ctx.userId,
  };
}

export function accountRows(ctx: SeedContext, accounts: PlannedAccount[]): { accounts: Row[]; contacts: Row[]; changes: Row[] } {
  const rows = { accounts: [] as Row[], contacts: [] as Row[], changes: [] as Row[] };
  for (const a of accounts) {
    rows.accounts.push({
      id: a.id,
      created_at: at(a.createdAt),
      updated_at: at(a.createdAt),
      name: a.name,
      domain: a.domain,
      industry: a.industry.name,
      size: a.size.size,
      address: a.address,
      owner_id: ctx.userId,
      tags: pgArray(a.tags),
      external_id: a.externalId,
    });
    rows.changes.push(changeRow(ctx, SubjectType.ACCOUNT, a.id, ChangeAction.CREATED, a.createdAt, a.fromLead ? { fromLead: a.fromLead } : {}));
    for (const c of a.contacts) {
      rows.contacts.push({
        id: c.id,
        created_at: at(c.createdAt),
        updated_at: at(c.consentAt ?? c.createdAt),
        first_name: c.firstName,
        last_name: c.lastName,
        email: c.email,
        phone: c.phone,
        title: c.title,
        account_id: a.id,
        owner_id: ctx.userId,
        marketing_consent: c.consentAt != null,
        marketing_consent_at: at(c.consentAt),
      });
      rows.changes.push(changeRow(ctx, SubjectType.CONTACT, c.id, ChangeAction.CREATED, c.createdAt, c.fromLead ? { fromLead: c.fromLead } : {}));
    }
  }
  return rows;
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
