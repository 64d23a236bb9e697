import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { toWhere } from '../../shared/filters.js';
import { findRecord } from '../../shared/find-record.js';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import type { Config } from '../../config.js';
import { Organization } from '../core/organization.entity.js';
import { Contact } from '../customers/contact.entity.js';
import { contactFilterMapping, leadFilterMapping } from '../customers/dto/customer-filters.dto.js';
import { Lead } from '../customers/lead.entity.js';
import { emitEvent } from '../events/emit.js';
import { EventType } from '../events/event-types.js';
import type { JobScope, TaskDefinition } from '../jobs/job-types.js';
import { requestTask } from '../jobs/tasks.js';
import { CampaignAudienceType, CampaignStatus, RecipientStatus } from './automation-enums.js';
import { Campaign, CampaignRecipient } from './campaign.entity.js';
import type { CampaignAudienceInput, CreateCampaignInput, UpdateCampaignInput } from './dto/campaign.dto.js';
import { mailerFor } from './notifications.js';
import { foreignIds } from './rules.service.js';
import { renderHtmlTemplate, renderTemplate, templateProblem } from './templates.js';

export const START_TASK = 'campaign.start';
export const BATCH_TASK = 'campaign.batch';
/** Recipients one batch job sends to. */
const BATCH = 50;
/** Recipients read per statement when the audience is fixed. */
const PAGE = 1_000;

type Actor = { organizationId: string; userId: string | null; now: Date };

type Person = Contact | Lead;
const AUDIENCE: Record<CampaignAudienceType, { entity: new () => Person; mapping: unknown; type: string; field: string }> = {
  [CampaignAudienceType.CONTACTS]: { entity: Contact, mapping: contactFilterMapping, type: 'Contact', field: 'contacts' },
  [CampaignAudienceType.LEADS]: { entity: Lead, mapping: leadFilterMapping, type: 'Lead', field: 'leads' },
};

/** The records a campaign may go to: its audience, who consented, did not unsubscribe, have an address, are not deleted. */
export function eligible(type: CampaignAudienceType, audience: Record<string, unknown> | null): Record<string, unknown> {
  const parts = [
    audience ? toWhere(audience, AUDIENCE[type].mapping as never) : {},
    { marketingConsent: true, unsubscribedAt: null, email: { $ne: null }, deletedAt: null },
  ].filter((w) => Object.keys(w).length > 0);
  return { $and: parts };
}

async function audienceOf(
  em: EntityManager,
  check: InputCheck,
  organizationId: string,
  type: CampaignAudienceType,
  input: CampaignAudienceInput | null | undefined,
): Promise<Record<string, unknown> | null> {
  if (!input) return null;
  const given = Object.entries(input).filter(([, v]) => v != null);
  if (given.length === 0) return null;
  const expected = AUDIENCE[type].field;
  if (given.length > 1 || given[0][0] !== expected) {
    check.fail('audience', UserErrorCode.INVALID, `The audience of a ${type} campaign is given as { ${expected}: … } and nothing else`);
    return null;
  }
  const json = JSON.parse(JSON.stringify(given[0][1])) as Record<string, unknown>;
  try {
    toWhere(json, AUDIENCE[type].mapping as never);
  } catch (error) {
    check.fail('audience', UserErrorCode.INVALID, `audience: ${(error as Error).message}`);
  }
  const unknown = await foreignIds(em, organizationId, json);
  if (unknown.length) check.fail('audience', UserErrorCode.INVALID, `audience names records that are not in the organization: ${unknown.join(', ')}`);
  return json;
}

function checkTemplates(
  check: InputCheck,
  input: { subject?: string | null; textBody?: string | null; htmlBody?: string | null },
  creating: boolean,
) {
  if (creating || input.subject != null) check.text('subject', input.subject, { max: 500 });
  if (creating || input.textBody != null) check.text('textBody', input.textBody, { max: 100_000 });
  if (input.htmlBody != null && input.htmlBody.length > 500_000)
    check.fail('htmlBody', UserErrorCode.INVALID, 'htmlBody must be at most 500000 characters');
  for (const field of ['subject', 'textBody', 'htmlBody'] as const) {
    const source = input[field];
    if (source == null) continue;
    const problem = templateProblem(source);
    if (problem) check.fail(field, UserErrorCode.INVALID, `${field} is not a valid template: ${problem}`);
  }
}

export const findCampaign = (em: EntityManager, id: string, lock = false) => findRecord(em, Campaign, 'Campaign', id, { includeDeleted: true, lock });

export function createCampaign(em: EntityManager, actor: Actor, input: CreateCampaignInput): Promise<Campaign> {
  return inTransaction(em, async (tx) => {
    const check = new InputCheck();
    check.text('name', input.name, { max: 200 });
    checkTemplates(check, input, true);
    const audience = await audienceOf(tx, check, actor.organizationId, input.audienceType, input.audience);
    check.done();
    const campaign = tx.create(Campaign, {
      organization: actor.organizationId,
      name: input.name.trim(),
      audienceType: input.audienceType,
      audience,
      subject: input.subject,
      textBody: input.textBody,
      htmlBody: input.htmlBody ?? null,
      createdBy: actor.userId,
    } as never);
    await tx.flush();
    return campaign;
  });
}

export function updateCampaign(em: EntityManager, actor: Actor, input: UpdateCampaignInput): Promise<Campaign> {
  return inTransaction(em, async (tx) => {
    const campaign = await findCampaign(tx, input.id, true);
    if (campaign.status !== CampaignStatus.DRAFT) {
      throw PayloadError.of(
        UserErrorCode.INVALID_STATE,
        'id',
        `A ${campaign.status} campaign cannot change: only drafts (cancel a scheduled one first)`,
      );
    }
    const check = new InputCheck();
    if (input.name != null) check.text('name', input.name, { max: 200 });
    checkTemplates(check, input, false);
    const audience =
      input.audience !== undefined ? await audienceOf(tx, check, actor.organizationId, campaign.audienceType, input.audience) : campaign.audience;
    check.done();
    if (input.name != null) campaign.name = input.name.trim();
    if (input.subject != null) campaign.subject = input.subject;
    if (input.textBody != null) campaign.textBody = input.textBody;
    if (input.htmlBody !== undefined) campaign.htmlBody = input.htmlBody ?? null;
    campaign.audience = audience;
    await tx.flush();
    return campaign;
  });
}

/**
 * Sends now or at `at`: refused without SMTP or PUBLIC_URL (the unsubscribe link needs it). The
 * start task fixes the audience when the time comes; a campaign cancelled or re-scheduled meanwhile
 * is left alone by the older task.
 */
export function sendCampaign(em: EntityManager, config: Config, actor: Actor, input: { id: string; at?: Date | null }): Promise<Campaign> {
  return inTransaction(em, async (tx) => {
    const campaign = await findCampaign(tx, input.id, true);
    if (campaign.status !== CampaignStatus.DRAFT && campaign.status !== CampaignStatus.SCHEDULED)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', `A ${campaign.status} campaign cannot be sent again`);
    if (!config.mail) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'E-mail is not configured on this server (SMTP_URL)');
    if (!config.publicUrl) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'PUBLIC_URL is not set: unsubscribe links need it');
    const at = input.at ?? actor.now;
    if (at.getTime() > actor.now.getTime() + 366 * 86_400_000) throw PayloadError.of(UserErrorCode.INVALID, 'at', 'at must be within a year');
    campaign.status = CampaignStatus.SCHEDULED;
    campaign.scheduledAt = at < actor.now ? actor.now : at;
    await tx.flush();
    await requestTask(
      tx,
      actor.organizationId,
      START_TASK,
      { campaignId: campaign.id, at: campaign.scheduledAt.toISOString() },
      { runAfter: campaign.scheduledAt },
    );
    return campaign;
  });
}

export function cancelCampaign(em: EntityManager, actor: Actor, id: string): Promise<Campaign> {
  return inTransaction(em, async (tx) => {
    const campaign = await findCampaign(tx, id, true);
    if (campaign.status !== CampaignStatus.SCHEDULED && campaign.status !== CampaignStatus.SENDING)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', `Only a scheduled or sending campaign can be cancelled, not a ${campaign.status} one`);
    campaign.status = CampaignStatus.CANCELLED;
    campaign.finishedAt = actor.now;
    await tx.nativeUpdate(
      CampaignRecipient,
      { campaign: campaign.id, status: RecipientStatus.QUEUED } as never,
      { status: RecipientStatus.SKIPPED } as never,
    );
    await tx.flush();
    return campaign;
  });
}

export function deleteCampaign(em: EntityManager, id: string): Promise<Campaign> {
  return inTransaction(em, async (tx) => {
    const campaign = await findCampaign(tx, id, true);
    if (campaign.status === CampaignStatus.SCHEDULED || campaign.status === CampaignStatus.SENDING)
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', 'Cancel the campaign before deleting it');
    const copy = Object.assign(Object.create(Object.getPrototypeOf(campaign)), campaign) as Campaign;
    tx.remove(campaign);
    await tx.flush();
    return copy;
  });
}

/** How many would receive it now, and a few of them. */
export async function audiencePreview(em: EntityManager, campaign: Campaign) {
  const spec = AUDIENCE[campaign.audienceType];
  const where = eligible(campaign.audienceType, campaign.audience);
  const [count, sample] = await Promise.all([
    em.count(spec.entity as never, where as never),
    em.find(spec.entity as new () => Person, where as never, { orderBy: { id: 'asc' } as never, limit: 10 }),
  ]);
  return { count, sample: sample.map((r) => ({ id: r.id, name: r.name, email: r.email })) };
}

/** Adds one contact or lead (an automation action): refused once the campaign is sent or cancelled; consent is checked when it is sent. */
export async function addRecipient(
  em: EntityManager,
  organizationId: string,
  campaignId: string,
  subjectType: string,
  subjectId: string,
): Promise<string> {
  const campaign = await em.findOne(Campaign, { id: campaignId } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!campaign) throw PayloadError.of(UserErrorCode.INVALID_STATE, 'campaignId', `Campaign ${campaignId} no longer exists`);
  if (AUDIENCE[campaign.audienceType].type !== subjectType)
    throw PayloadError.of(UserErrorCode.INVALID, 'campaignId', `Campaign ${campaign.name} is for ${campaign.audienceType}s, not ${subjectType}s`);
  if (campaign.status === CampaignStatus.SENT || campaign.status === CampaignStatus.CANCELLED)
    throw PayloadError.of(UserErrorCode.INVALID_STATE, 'campaignId', `Campaign ${campaign.name} is ${campaign.status}`);
  const existing = await em.findOne(CampaignRecipient, { campaign: campaign.id, subjectId } as never);
  if (existing) return existing.id;
  const recipient = em.create(CampaignRecipient, { organization: organizationId, campaign, subjectType, subjectId } as never);
  await em.flush();
  return recipient.id;
}

/** The signed token of a recipient's unsubscribe link: its ID and an HMAC of it with the organization's own key. */
export function unsubscribeToken(recipientId: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(`unsubscribe:${recipientId}`).digest('base64url');
  return `${recipientId}.${mac}`;
}

/** The recipient a token names, if its signature holds for `secret`. */
export function verifyUnsubscribeToken(token: string, secretOf: (recipientId: string) => string | null): string | null {
  const [id, mac, extra] = token.split('.');
  if (extra !== undefined || !isUuid(id) || !mac) return null;
  const secret = secretOf(id.toLowerCase());
  if (!secret) return null;
  const expected = Buffer.from(unsubscribeToken(id.toLowerCase(), secret).split('.')[1]);
  const given = Buffer.from(mac);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id.toLowerCase() : null;
}

async function secretOf(em: EntityManager, organizationId: string): Promise<string> {
  const [row] = await em.execute<{ signing_secret: string }[]>('select signing_secret from organizations where id = ?', [organizationId]);
  return row.signing_secret;
}

/** The start task: fixes the audience (recipients who may receive it now), then the first batch. */
async function start(scope: JobScope, data: Record<string, unknown>) {
  const { em } = scope;
  const campaign = await em.findOne(Campaign, { id: String(data.campaignId ?? '') } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
  // Cancelled, sent, or re-scheduled to another time meanwhile: another task is in charge.
  if (!campaign || campaign.status !== CampaignStatus.SCHEDULED || campaign.scheduledAt?.toISOString() !== data.at) return;
  const spec = AUDIENCE[campaign.audienceType];
  const where = eligible(campaign.audienceType, campaign.audience);
  for (let offset = 0; ; offset += PAGE) {
    const page = await em.find(spec.entity, where as never, { fields: ['id'] as never, orderBy: { id: 'asc' } as never, limit: PAGE, offset });
    if (page.length === 0) break;
    await em
      .createQueryBuilder(CampaignRecipient)
      .insert(
        page.map((r) => ({
          id: randomUUID(),
          createdAt: scope.now,
          updatedAt: scope.now,
          organization: scope.organizationId,
          campaign: campaign.id,
          subjectType: spec.type,
          subjectId: r.id,
          status: RecipientStatus.QUEUED,
        })) as never,
      )
      .onConflict(['organization', 'campaign', 'subjectId'] as never)
      .ignore()
      .execute();
    if (page.length < PAGE) break;
  }
  campaign.status = CampaignStatus.SENDING;
  campaign.startedAt = scope.now;
  await em.flush();
  await requestTask(em, scope.organizationId, BATCH_TASK, { campaignId: campaign.id });
}

/** Per recipient: the record as it is now (consent, unsubscription, address). */
async function subjectsOf(em: EntityManager, type: CampaignAudienceType, ids: string[]) {
  const rows = ids.length ? await em.find(AUDIENCE[type].entity, { id: { $in: ids } } as never) : [];
  return new Map(rows.map((r) => [r.id, r as Contact | Lead]));
}

/** A batch: up to 50 queued recipients, each sent, failed or skipped; then the next batch at the organization's rate, or the end. */
async function batch(scope: JobScope, data: Record<string, unknown>) {
  const { em, config } = scope;
  const campaign = await em.findOne(Campaign, { id: String(data.campaignId ?? '') } as never, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!campaign || campaign.status !== CampaignStatus.SENDING) return;
  const recipients = await em.find(CampaignRecipient, { campaign: campaign.id, status: RecipientStatus.QUEUED } as never, {
    orderBy: { id: 'asc' },
    limit: BATCH,
  });
  const mailer = mailerFor(config);
  const organization = await em.findOneOrFail(Organization, { id: scope.organizationId });
  const secret = await secretOf(em, scope.organizationId);
  const subjects = await subjectsOf(
    em,
    campaign.audienceType,
    recipients.map((r) => r.subjectId),
  );
  for (const recipient of recipients) {
    const subject = subjects.get(recipient.subjectId);
    if (!subject || subject.deletedAt || !subject.email) {
      recipient.status = RecipientStatus.SKIPPED;
      continue;
    }
    if (!subject.marketingConsent || subject.unsubscribedAt) {
      recipient.status = RecipientStatus.UNSUBSCRIBED;
      continue;
    }
    if (!mailer || !config.publicUrl) {
      recipient.status = RecipientStatus.FAILED;
      recipient.error = !mailer ? 'E-mail is not configured on this server (SMTP_URL)' : 'PUBLIC_URL is not set';
      continue;
    }
    const url = `${config.publicUrl}/unsubscribe/${unsubscribeToken(recipient.id, secret)}`;
    const variables = {
      recipient: { firstName: subject.firstName, lastName: subject.lastName, name: subject.name, email: subject.email },
      organization: { name: organization.name },
      campaign: { name: campaign.name },
      unsubscribeUrl: url,
    };
    recipient.email = subject.email;
    try {
      const text = `${await renderTemplate(campaign.textBody, variables)}\n\n--\nUnsubscribe: ${url}\n`;
      const html = campaign.htmlBody ? `${await renderHtmlTemplate(campaign.htmlBody, variables)}<p><a href="${url}">Unsubscribe</a></p>` : undefined;
      await mailer.send({
        to: subject.email,
        subject: (await renderTemplate(campaign.subject, variables)).trim() || campaign.name,
        text,
        html,
        // RFC 8058 one-click unsubscribe, which mail clients show as a button.
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      recipient.status = RecipientStatus.SENT;
      recipient.sentAt = scope.now;
      recipient.error = null;
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      recipient.status = code !== undefined && code >= 550 && code < 560 ? RecipientStatus.BOUNCED : RecipientStatus.FAILED;
      recipient.error = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    }
  }
  await em.flush();
  const left = await em.count(CampaignRecipient, { campaign: campaign.id, status: RecipientStatus.QUEUED } as never);
  if (left > 0) {
    // The organization's rate: CAMPAIGN_RATE_PER_MINUTE e-mails a minute, in batches.
    const delayMs = Math.ceil((BATCH / config.campaignRatePerMinute) * 60_000);
    await requestTask(em, scope.organizationId, BATCH_TASK, { campaignId: campaign.id }, { runAfter: new Date(scope.now.getTime() + delayMs) });
    return;
  }
  campaign.status = CampaignStatus.SENT;
  campaign.finishedAt = scope.now;
  const metrics = await metricsOf(em, [campaign.id]);
  emitEvent(em, {
    organizationId: scope.organizationId,
    type: EventType.CAMPAIGN_SENT,
    subject: { type: 'Campaign', id: campaign.id },
    data: { ...metrics.get(campaign.id) },
  });
  await em.flush();
}

export type CampaignMetrics = { total: number; queued: number; sent: number; failed: number; bounced: number; unsubscribed: number; skipped: number };

/** Per campaign, its recipients by status (one statement for all). */
export async function metricsOf(em: EntityManager, ids: readonly string[]): Promise<Map<string, CampaignMetrics>> {
  const rows = await em.execute<{ campaign_id: string; status: string; n: number; unsubscribed: number }[]>(
    `select campaign_id, status::text as status, count(*)::int as n, count(unsubscribed_at)::int as unsubscribed
       from campaign_recipients where campaign_id in (${ids.map(() => '?').join(', ')}) group by 1, 2`,
    [...ids],
  );
  const result = new Map<string, CampaignMetrics>();
  for (const id of ids) result.set(id, { total: 0, queued: 0, sent: 0, failed: 0, bounced: 0, unsubscribed: 0, skipped: 0 });
  for (const row of rows) {
    const m = result.get(row.campaign_id);
    if (!m) continue;
    m.total += row.n;
    if (row.status === RecipientStatus.UNSUBSCRIBED) m.unsubscribed += row.n;
    else {
      m[row.status as Exclude<keyof CampaignMetrics, 'total'>] += row.n;
      m.unsubscribed += row.unsubscribed;
    }
  }
  return result;
}

export const campaignTasks: TaskDefinition[] = [
  { key: START_TASK, description: 'Fixes a campaign audience when its time comes and starts its batches.', run: start },
  { key: BATCH_TASK, description: 'Sends one batch of a campaign, then asks for the next at the organization rate.', run: batch },
];

export { secretOf };
