import type { EntityManager } from '@mikro-orm/sql';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { findRecord } from '../../shared/find-record.js';
import type { ConvertLeadInput, CreateLeadInput } from './dto/customer-inputs.dto.js';
import { Lead } from './lead.entity.js';
import type { Opportunity } from './opportunity.entity.js';
import { insertOpportunity } from './opportunity.service.js';
import { diff, recordChange, snapshot } from './record-change.service.js';
import { ChangeAction, LeadStatus, SubjectType } from './customers-enums.js';
import { type Actor, assignDefined, checkExists, checkOwner, optionalEmail, optionalId, optionalText } from './record-input.js';

const FIELDS: (keyof Lead)[] = ['firstName', 'lastName', 'company', 'email', 'phone', 'source', 'score', 'owner', 'notes', 'marketingConsent'];

async function checkLead(em: EntityManager, input: Partial<CreateLeadInput>, creating: boolean): Promise<Partial<Lead>> {
  const check = new InputCheck();
  if (creating || input.firstName !== undefined) check.text('firstName', input.firstName, { max: 100 });
  if (input.status === LeadStatus.CONVERTED) check.fail('status', UserErrorCode.INVALID, 'Use convertLead to convert a lead');
  if (input.score != null && (!Number.isInteger(input.score) || input.score < 0 || input.score > 100))
    check.fail('score', UserErrorCode.INVALID, 'score must be 0 to 100');
  const ownerId = optionalId(check, 'ownerId', input.ownerId);
  await checkOwner(em, check, 'ownerId', ownerId);
  const values = {
    firstName: input.firstName?.trim(),
    lastName: input.lastName === undefined ? undefined : (optionalText(check, 'lastName', input.lastName, 100) ?? ''),
    company: optionalText(check, 'company', input.company, 200),
    email: optionalEmail(check, 'email', input.email),
    phone: optionalText(check, 'phone', input.phone, 50),
    source: optionalText(check, 'source', input.source, 100),
    status: input.status ?? undefined,
    score: input.score ?? undefined,
    owner: ownerId,
    notes: input.notes == null ? undefined : (optionalText(check, 'notes', input.notes, 10_000) ?? ''),
    marketingConsent: input.marketingConsent ?? undefined,
    marketingConsentSource: input.marketingConsent
      ? (optionalText(check, 'marketingConsentSource', input.marketingConsentSource, 100) ?? 'api')
      : undefined,
  } as Partial<Lead>;
  check.done();
  return values;
}

export function createLead(em: EntityManager, actor: Actor, input: CreateLeadInput): Promise<Lead> {
  return inTransaction(em, async (tx) => {
    const values = await checkLead(tx, input, true);
    const lead = tx.create(Lead, {
      ...values,
      organization: actor.organizationId,
      firstName: values.firstName!,
      owner: values.owner === undefined ? actor.userId : values.owner,
      marketingConsentAt: values.marketingConsent ? actor.now : null,
      marketingConsentSource: values.marketingConsent ? values.marketingConsentSource : null,
    } as never);
    recordChange(tx, actor, { type: SubjectType.LEAD, id: lead.id }, ChangeAction.CREATED);
    await tx.flush();
    return lead;
  });
}

export function updateLead(em: EntityManager, actor: Actor, input: Partial<CreateLeadInput> & { id: string }): Promise<Lead> {
  return inTransaction(em, async (tx) => {
    // Locked: a conversion running at the same time either finishes first (and is seen) or waits.
    const lead = await findRecord(tx, Lead, 'Lead', input.id, { lock: true });
    if (lead.status === LeadStatus.CONVERTED) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'A converted lead cannot change');
    const values = await checkLead(tx, input, false);
    const before = { ...snapshot(lead, FIELDS), status: lead.status };
    const consentBefore = { consent: lead.marketingConsent, source: lead.marketingConsentSource };
    assignDefined(lead, values);
    if (values.marketingConsent !== undefined && values.marketingConsent !== consentBefore.consent) {
      lead.marketingConsentAt = actor.now;
      lead.marketingConsentSource = values.marketingConsent ? (values.marketingConsentSource ?? 'api') : null;
      if (values.marketingConsent) lead.unsubscribedAt = null;
    } else lead.marketingConsentSource = consentBefore.source;
    const subject = { type: SubjectType.LEAD, id: lead.id };
    if (lead.status !== before.status)
      recordChange(tx, actor, subject, ChangeAction.STATUS_CHANGED, { status: { from: before.status, to: lead.status } });
    const changes = diff(before, snapshot(lead, FIELDS));
    if (Object.keys(changes).length) recordChange(tx, actor, subject, ChangeAction.UPDATED, changes);
    await tx.flush();
    return lead;
  });
}

export type Conversion = { lead: Lead; account: Account; contact: Contact; opportunity: Opportunity | null };

/**
 * Turns a lead into an account and contact (created from the lead, or existing ones linked), and
 * optionally an opportunity, all in one transaction. The lead row is locked first, so a second
 * conversion, even a concurrent one, finds it converted and fails with INVALID_STATE.
 */
export function convertLead(em: EntityManager, actor: Actor, input: ConvertLeadInput): Promise<Conversion> {
  return inTransaction(em, async (tx) => {
    const lead = await findRecord(tx, Lead, 'Lead', input.leadId, { lock: true });
    if (lead.status === LeadStatus.CONVERTED) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'leadId', 'The lead is already converted');
    if (lead.status === LeadStatus.DISQUALIFIED)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'leadId', 'A disqualified lead cannot be converted');
    const check = new InputCheck();
    const accountId = optionalId(check, 'accountId', input.accountId);
    const contactId = optionalId(check, 'contactId', input.contactId);
    await checkExists(tx, check, 'accountId', Account, accountId, 'account');
    await checkExists(tx, check, 'contactId', Contact, contactId, 'contact');
    if (!accountId && !lead.company) check.fail('accountId', UserErrorCode.REQUIRED, 'The lead has no company: name an existing account');
    check.done();
    const account =
      (accountId && (await tx.findOneOrFail(Account, { id: accountId }))) ||
      tx.create(Account, { organization: actor.organizationId, name: lead.company!, owner: lead.owner } as never);
    const contact =
      (contactId && (await tx.findOneOrFail(Contact, { id: contactId }))) ||
      tx.create(Contact, {
        organization: actor.organizationId,
        firstName: lead.firstName,
        lastName: lead.lastName,
        email: lead.email,
        phone: lead.phone,
        account,
        owner: lead.owner,
        // The lead's consent (and unsubscription) travels with the person.
        marketingConsent: lead.marketingConsent,
        marketingConsentAt: lead.marketingConsentAt,
        marketingConsentSource: lead.marketingConsentSource,
        unsubscribedAt: lead.unsubscribedAt,
      } as never);
    if (!contact.account) contact.account = account as never;
    if (!accountId) recordChange(tx, actor, { type: SubjectType.ACCOUNT, id: account.id }, ChangeAction.CREATED, { fromLead: lead.id });
    if (!contactId) recordChange(tx, actor, { type: SubjectType.CONTACT, id: contact.id }, ChangeAction.CREATED, { fromLead: lead.id });
    await tx.flush();
    const opportunity = input.opportunity
      ? await insertOpportunity(tx, actor, {
          ...input.opportunity,
          accountId: account.id,
          primaryContactId: contact.id,
          ownerId: lead.owner?.id ?? actor.userId,
        }).catch((error: unknown) => {
          // Name the nested input in the errors, so the client knows which part was refused.
          if (error instanceof PayloadError) for (const e of error.errors) e.field = `opportunity.${e.field ?? ''}`.replace(/\.$/, '');
          throw error;
        })
      : null;
    const before = lead.status;
    Object.assign(lead, { status: LeadStatus.CONVERTED, convertedAt: actor.now, convertedAccount: account, convertedContact: contact });
    if (opportunity) lead.convertedOpportunity = opportunity as never;
    recordChange(tx, actor, { type: SubjectType.LEAD, id: lead.id }, ChangeAction.CONVERTED, {
      status: { from: before, to: LeadStatus.CONVERTED },
      accountId: account.id,
      contactId: contact.id,
      opportunityId: opportunity?.id ?? null,
    });
    await tx.flush();
    return { lead, account, contact, opportunity };
  });
}
