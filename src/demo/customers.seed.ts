import { randomUUID } from 'node:crypto';
import { AccountSize, ChangeAction, SubjectType } from '../modules/customers/customers-enums.js';
import { type Customer, DAY, HOUR, pgArray, type Rng, type Row, type SeedContext, weightedPicker } from './seed-kit.js';
import { CITIES, companyName, DECISION_TITLES, type Industry, INDUSTRIES, person, phone, STREET_TYPES, STREETS, TITLES } from './customer-names.js';

/** Demo accounts and their contacts (leads: leads.seed.ts; word lists: customer-names.ts), everything in the seeded year. */

const ACCOUNTS = 200;
/** Accounts that joined during the year (the rest are older customers and prospects). */
const NEW_ACCOUNTS = 60;
const CONTACTS = 500;

/** Per size: how often it is picked, how many contacts it tends to have, how much and how large it orders. */
const SIZES = [
  { size: AccountSize.MICRO, weight: 15, contacts: 1, orders: 1, quantity: 4 },
  { size: AccountSize.SMALL, weight: 35, contacts: 2, orders: 2, quantity: 6 },
  { size: AccountSize.MEDIUM, weight: 30, contacts: 3, orders: 3, quantity: 10 },
  { size: AccountSize.LARGE, weight: 15, contacts: 4, orders: 5, quantity: 14 },
  { size: AccountSize.ENTERPRISE, weight: 5, contacts: 5, orders: 8, quantity: 20 },
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

export const at = (ms: number | null) => (ms == null ? null : new Date(ms));

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
