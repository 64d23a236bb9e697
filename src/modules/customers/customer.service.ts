import type { EntityManager } from '@mikro-orm/sql';
import { findRecord } from '../../shared/find-record.js';
import { InputCheck } from '../../shared/input-check.js';
import { flushUnique, inTransaction } from '../../shared/transaction.js';
import { UserErrorCode } from '../../shared/user-error.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import type { CreateAccountInput, CreateContactInput } from './dto/customer-inputs.dto.js';
import { diff, recordChange, snapshot } from './record-change.service.js';
import { ChangeAction, SubjectType } from './customers-enums.js';
import { type Actor, assignDefined, checkExists, checkOwner, optionalEmail, optionalId, optionalText, tagList } from './record-input.js';

const ACCOUNT_FIELDS: (keyof Account)[] = ['name', 'domain', 'industry', 'size', 'address', 'owner', 'tags', 'externalId'];
const CONTACT_FIELDS: (keyof Contact)[] = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'title',
  'account',
  'owner',
  'marketingConsent',
  'marketingConsentSource',
  'externalId',
];

async function checkAccount(em: EntityManager, input: Partial<CreateAccountInput>, creating: boolean): Promise<Partial<Account>> {
  const check = new InputCheck();
  if (creating || input.name !== undefined) check.text('name', input.name, { max: 200 });
  const domain = optionalText(check, 'domain', input.domain, 253)?.toLowerCase();
  if (domain && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) check.fail('domain', UserErrorCode.INVALID, 'domain must look like example.com');
  const ownerId = optionalId(check, 'ownerId', input.ownerId);
  await checkOwner(em, check, 'ownerId', ownerId);
  const values = {
    name: input.name?.trim(),
    domain,
    industry: optionalText(check, 'industry', input.industry, 100),
    size: input.size === undefined ? undefined : input.size,
    address: optionalText(check, 'address', input.address, 2000),
    owner: ownerId === undefined ? undefined : ownerId,
    tags: tagList(check, 'tags', input.tags),
    externalId: optionalText(check, 'externalId', input.externalId, 200),
  } as Partial<Account>;
  check.done();
  return values;
}

export function createAccount(em: EntityManager, actor: Actor, input: CreateAccountInput): Promise<Account> {
  return inTransaction(em, async (tx) => {
    const values = await checkAccount(tx, input, true);
    const account = tx.create(Account, { ...values, organization: actor.organizationId, name: values.name! } as never);
    recordChange(tx, actor, { type: SubjectType.ACCOUNT, id: account.id }, ChangeAction.CREATED);
    await flushUnique(tx, 'externalId', 'Another account has this externalId');
    return account;
  });
}

export function updateAccount(em: EntityManager, actor: Actor, input: Partial<CreateAccountInput> & { id: string }): Promise<Account> {
  return inTransaction(em, async (tx) => {
    const account = await findRecord(tx, Account, 'Account', input.id, { lock: true });
    const values = await checkAccount(tx, input, false);
    const before = snapshot(account, ACCOUNT_FIELDS);
    assignDefined(account, values);
    const changes = diff(before, snapshot(account, ACCOUNT_FIELDS));
    if (Object.keys(changes).length) recordChange(tx, actor, { type: SubjectType.ACCOUNT, id: account.id }, ChangeAction.UPDATED, changes);
    await flushUnique(tx, 'externalId', 'Another account has this externalId');
    return account;
  });
}

async function checkContact(em: EntityManager, input: Partial<CreateContactInput>, creating: boolean): Promise<Partial<Contact>> {
  const check = new InputCheck();
  if (creating || input.firstName !== undefined) check.text('firstName', input.firstName, { max: 100 });
  const ownerId = optionalId(check, 'ownerId', input.ownerId);
  const accountId = optionalId(check, 'accountId', input.accountId);
  await checkOwner(em, check, 'ownerId', ownerId);
  await checkExists(em, check, 'accountId', Account, accountId, 'account');
  const values = {
    firstName: input.firstName?.trim(),
    lastName: input.lastName === undefined ? undefined : (optionalText(check, 'lastName', input.lastName, 100) ?? ''),
    email: optionalEmail(check, 'email', input.email),
    phone: optionalText(check, 'phone', input.phone, 50),
    title: optionalText(check, 'title', input.title, 150),
    account: accountId,
    owner: ownerId,
    marketingConsent: input.marketingConsent ?? undefined,
    marketingConsentSource: input.marketingConsent
      ? (optionalText(check, 'marketingConsentSource', input.marketingConsentSource, 100) ?? 'api')
      : undefined,
    externalId: optionalText(check, 'externalId', input.externalId, 200),
  } as Partial<Contact>;
  check.done();
  return values;
}

export function createContact(em: EntityManager, actor: Actor, input: CreateContactInput): Promise<Contact> {
  return inTransaction(em, async (tx) => {
    const values = await checkContact(tx, input, true);
    const contact = tx.create(Contact, {
      ...values,
      organization: actor.organizationId,
      firstName: values.firstName!,
      marketingConsentAt: values.marketingConsent ? actor.now : null,
      marketingConsentSource: values.marketingConsent ? values.marketingConsentSource : null,
    } as never);
    recordChange(tx, actor, { type: SubjectType.CONTACT, id: contact.id }, ChangeAction.CREATED);
    await flushUnique(tx, 'externalId', 'Another contact has this externalId');
    return contact;
  });
}

export function updateContact(em: EntityManager, actor: Actor, input: Partial<CreateContactInput> & { id: string }): Promise<Contact> {
  return inTransaction(em, async (tx) => {
    const contact = await findRecord(tx, Contact, 'Contact', input.id, { lock: true });
    const values = await checkContact(tx, input, false);
    const before = snapshot(contact, CONTACT_FIELDS);
    assignDefined(contact, values);
    if (values.marketingConsent !== undefined && values.marketingConsent !== before.marketingConsent) {
      contact.marketingConsentAt = actor.now;
      // Consenting again ends an unsubscription; withdrawing keeps no source.
      contact.marketingConsentSource = values.marketingConsent ? (values.marketingConsentSource ?? 'api') : null;
      if (values.marketingConsent) contact.unsubscribedAt = null;
    } else if (values.marketingConsent !== true) contact.marketingConsentSource = before.marketingConsentSource as string | null;
    const changes = diff(before, snapshot(contact, CONTACT_FIELDS));
    if (Object.keys(changes).length) recordChange(tx, actor, { type: SubjectType.CONTACT, id: contact.id }, ChangeAction.UPDATED, changes);
    await flushUnique(tx, 'externalId', 'Another contact has this externalId');
    return contact;
  });
}

type SoftDeletable = { id: string; deletedAt: Date | null };

/** Soft delete or restore, recorded on the timeline. */
export function setDeleted<T extends SoftDeletable>(
  em: EntityManager,
  actor: Actor,
  entity: new () => T,
  subject: SubjectType,
  label: string,
  id: string,
  deleted: boolean,
): Promise<T> {
  return inTransaction(em, async (tx) => {
    const record = await findRecord(tx, entity, label, id, { includeDeleted: true, lock: true });
    if (Boolean(record.deletedAt) !== deleted) {
      record.deletedAt = deleted ? actor.now : null;
      recordChange(tx, actor, { type: subject, id: record.id }, deleted ? ChangeAction.DELETED : ChangeAction.RESTORED);
    }
    await tx.flush();
    return record;
  });
}
