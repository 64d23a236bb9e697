import type { EntityManager } from '@mikro-orm/sql';
import { isUuid, normalizeId } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { checkCurrency, checkMoney, isCurrencyCode, Money } from '../../shared/money.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Account } from './account.entity.js';
import { Contact } from './contact.entity.js';
import { findRecord } from '../../shared/find-record.js';
import type { CreateOpportunityInput, OpportunityContactRoleInput, SetOpportunityContactRoleInput } from './dto/pipeline-inputs.dto.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from './opportunity.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { defaultPipeline, stagesOf } from './pipeline.service.js';
import { diff, recordChange, snapshot } from './record-change.service.js';
import { emitEvent } from '../events/emit.js';
import { EventType } from '../events/event-types.js';
import { AmountSource, ChangeAction, OpportunityStatus, SubjectType } from './customers-enums.js';
import { type Actor, assignDefined, checkExists, checkOwner, optionalDate, optionalId, optionalText } from './record-input.js';
import { checkLines, MAX_AMOUNT, nextAmount, replaceLines, linesTotal } from './opportunity-lines.service.js';

const MAX_ROLES = 50;
const FIELDS: (keyof Opportunity)[] = [
  'name',
  'account',
  'primaryContact',
  'amount',
  'amountSource',
  'probability',
  'expectedCloseDate',
  'owner',
  'lostReason',
];

export const findOpportunity = (em: EntityManager, id: string, includeDeleted = false, lock = false) =>
  findRecord(em, Opportunity, 'Opportunity', id, { includeDeleted, lock });

const statusOf = (stage: PipelineStage) => (stage.isWon ? OpportunityStatus.WON : stage.isClosed ? OpportunityStatus.LOST : OpportunityStatus.OPEN);

/** The pipeline and stage an opportunity goes to: the stage's pipeline, the named one, or the default; its first stage by default. */
async function resolveStage(
  em: EntityManager,
  check: InputCheck,
  pipelineId: string | null | undefined,
  stageId: string | null | undefined,
): Promise<{ pipeline: Pipeline; stage: PipelineStage } | null> {
  let pipeline: Pipeline | null = null;
  if (pipelineId != null) {
    pipeline = isUuid(pipelineId) ? await em.findOne(Pipeline, { id: pipelineId }) : null;
    if (!pipeline) check.fail('pipelineId', UserErrorCode.NOT_FOUND, `No pipeline ${pipelineId}`);
  }
  const stages = pipeline ? await stagesOf(em, pipeline.id) : [];
  if (stageId != null) {
    const stage = pipeline
      ? stages.find((s) => s.id === normalizeId(stageId))
      : isUuid(stageId)
        ? await em.findOne(PipelineStage, { id: stageId })
        : null;
    if (!stage) {
      check.fail('stageId', UserErrorCode.NOT_FOUND, pipeline ? `No stage ${stageId} in pipeline ${pipeline.name}` : `No stage ${stageId}`);
      return null;
    }
    return { pipeline: pipeline ?? (await em.findOneOrFail(Pipeline, { id: stage.pipeline.id })), stage };
  }
  if (pipelineId != null && !pipeline) return null;
  const chosen = pipeline ?? (await defaultPipeline(em));
  const first = (pipeline ? stages : await stagesOf(em, chosen.id))[0];
  return { pipeline: chosen, stage: first };
}

async function checkRoles(em: EntityManager, check: InputCheck, roles: OpportunityContactRoleInput[]) {
  if (roles.length > MAX_ROLES) {
    check.fail('contactRoles', UserErrorCode.INVALID, `at most ${MAX_ROLES} contacts`);
    return;
  }
  // One query for all the contacts, not one per role.
  const ids = roles
    .map((r) => r.contactId)
    .filter(isUuid)
    .map((id) => id.toLowerCase());
  const found = new Set(ids.length ? (await em.find(Contact, { id: { $in: ids }, deletedAt: null }, { fields: ['id'] })).map((c) => c.id) : []);
  const seen = new Set<string>();
  for (const [i, role] of roles.entries()) {
    const field = `contactRoles.${i}.contactId`;
    check.text(`contactRoles.${i}.role`, role.role, { max: 100 });
    if (!isUuid(role.contactId)) check.fail(field, UserErrorCode.INVALID, 'contactId must be an ID');
    else if (!found.has(role.contactId.toLowerCase())) check.fail(field, UserErrorCode.NOT_FOUND, `No contact ${role.contactId}`);
    const contactId = normalizeId(role.contactId);
    if (seen.has(contactId)) check.fail(field, UserErrorCode.ALREADY_EXISTS, 'A contact is listed twice');
    seen.add(contactId);
  }
}

/**
 * Appends to the stage history. Its times only grow per opportunity: a move that waited for the
 * opportunity's row lock may carry a request time earlier than the move it waited for, and the
 * history must read in the order the moves happened.
 */
async function recordStage(tx: EntityManager, actor: Actor, opportunity: Opportunity, from: PipelineStage | null, to: PipelineStage) {
  const [last] = from
    ? await tx.find(OpportunityStageChange, { opportunity: opportunity.id }, { orderBy: { changedAt: 'desc' }, limit: 1, fields: ['changedAt'] })
    : [];
  const changedAt = last && last.changedAt >= actor.now ? new Date(last.changedAt.getTime() + 1) : actor.now;
  tx.create(OpportunityStageChange, {
    organization: actor.organizationId,
    opportunity,
    fromStage: from,
    toStage: to,
    probability: opportunity.probability,
    amount: Money.of(opportunity.amount.amount, opportunity.amount.currency),
    changedAt,
    changedBy: actor.userId,
  });
}

function moveTo(opportunity: Opportunity, stage: PipelineStage, now: Date): void {
  opportunity.stage = stage as never;
  opportunity.status = statusOf(stage);
  opportunity.closedAt = stage.isClosed ? (opportunity.closedAt ?? now) : null;
}

type OpportunityValues = { check: InputCheck; probability?: number | null; currency?: string | null };
type CommonValues = OpportunityValues & Omit<Partial<Opportunity>, 'probability'>;

async function checkCommon(em: EntityManager, input: Partial<CreateOpportunityInput>, creating: boolean): Promise<CommonValues> {
  const check = new InputCheck();
  if (creating || input.name !== undefined) check.text('name', input.name, { max: 200 });
  const accountId = optionalId(check, 'accountId', input.accountId);
  const contactId = optionalId(check, 'primaryContactId', input.primaryContactId);
  const ownerId = optionalId(check, 'ownerId', input.ownerId);
  await checkExists(em, check, 'accountId', Account, accountId, 'account');
  await checkExists(em, check, 'primaryContactId', Contact, contactId, 'contact');
  await checkOwner(em, check, 'ownerId', ownerId);
  if (input.probability != null && (!Number.isInteger(input.probability) || input.probability < 0 || input.probability > 100))
    check.fail('probability', UserErrorCode.INVALID, 'probability must be 0 to 100');
  // The deal's one currency: the one named, else the amount's; lines are checked against it.
  const named = checkCurrency(check, 'currency', input.currency) ? input.currency : null;
  checkMoney(check, 'amount', input.amount, { max: MAX_AMOUNT, currency: named, what: 'the opportunity' });
  const amountCurrency = isCurrencyCode(input.amount?.currency) ? input.amount.currency : null;
  if (input.accountId === null) check.fail('accountId', UserErrorCode.REQUIRED, 'An opportunity needs an account');
  return {
    check,
    name: input.name?.trim(),
    account: accountId as never,
    primaryContact: contactId as never,
    owner: ownerId as never,
    expectedCloseDate: optionalDate(check, 'expectedCloseDate', input.expectedCloseDate),
    lostReason: optionalText(check, 'lostReason', input.lostReason, 500),
    probability: input.probability,
    currency: named ?? amountCurrency,
  };
}

/** Creates an opportunity in the caller's transaction (also used by convertLead). */
export async function insertOpportunity(tx: EntityManager, actor: Actor, input: CreateOpportunityInput): Promise<Opportunity> {
  const { check, probability, currency: given, ...values } = await checkCommon(tx, input, true);
  const placed = await resolveStage(tx, check, input.pipelineId, input.stageId);
  const lines = await checkLines(tx, check, input.lines ?? [], given ?? null);
  await checkRoles(tx, check, input.contactRoles ?? []);
  check.done();
  const currency = given ?? lines[0]?.variant.listPrice.currency ?? 'USD';
  if (!given && lines.some((l) => l.variant.listPrice.currency !== currency))
    throw PayloadError.of(UserErrorCode.CURRENCY_MISMATCH, 'lines', 'The lines are priced in different currencies');
  // No amount given: it follows the lines (0 until there are some) and keeps following them.
  const amount = input.amount?.amount ?? linesTotal(lines, currency);
  const { pipeline, stage } = placed!;
  const opportunity = tx.create(Opportunity, {
    ...(values as object),
    organization: actor.organizationId,
    name: values.name!,
    account: values.account!,
    owner: values.owner === undefined ? actor.userId : values.owner,
    amount: Money.of(amount, currency),
    amountSource: input.amount != null ? AmountSource.MANUAL : AmountSource.LINES,
    pipeline,
    stage,
    probability: probability ?? stage.probability,
  } as never) as Opportunity;
  moveTo(opportunity, stage, actor.now);
  replaceLines(tx, actor, opportunity, lines);
  for (const role of input.contactRoles ?? [])
    tx.create(OpportunityContactRole, { organization: actor.organizationId, opportunity, contact: role.contactId, role: role.role.trim() });
  await recordStage(tx, actor, opportunity, null, stage);
  recordChange(tx, actor, { type: SubjectType.OPPORTUNITY, id: opportunity.id }, ChangeAction.CREATED, { stage: stage.name });
  await tx.flush();
  return opportunity;
}

export const createOpportunity = (em: EntityManager, actor: Actor, input: CreateOpportunityInput) =>
  inTransaction(em, (tx) => insertOpportunity(tx, actor, input));

export function updateOpportunity(em: EntityManager, actor: Actor, input: Partial<CreateOpportunityInput> & { id: string }): Promise<Opportunity> {
  return inTransaction(em, async (tx) => {
    // Locked, so concurrent stage moves record the stage each one really left.
    const opportunity = await findOpportunity(tx, input.id, false, true);
    const { check, probability, currency, ...values } = await checkCommon(tx, input, false);
    const moving = input.stageId != null || input.pipelineId != null;
    const placed = moving ? await resolveStage(tx, check, input.pipelineId, input.stageId) : null;
    if (currency && currency !== opportunity.amount.currency && input.lines == null && (await tx.count(OpportunityLine, { opportunity })))
      check.fail('currency', UserErrorCode.CURRENCY_MISMATCH, 'Replace the lines too when changing the currency');
    const newCurrency = currency ?? opportunity.amount.currency;
    // Variants already on the opportunity stay allowed on it even if their product is no longer for sale.
    const onRecord = async () =>
      new Set((await tx.find(OpportunityLine, { opportunity: opportunity.id }, { fields: ['variant'] })).map((l) => l.variant.id));
    const lines = input.lines != null ? await checkLines(tx, check, input.lines, newCurrency, await onRecord()) : null;
    if (input.contactRoles != null) await checkRoles(tx, check, input.contactRoles);
    check.done();
    const before = snapshot(opportunity, FIELDS);
    const fromStage = await tx.findOneOrFail(PipelineStage, { id: opportunity.stage.id });
    assignDefined(opportunity, values as Partial<Opportunity>);
    // Before the stage move, so the stage history records the amount the opportunity ends up with.
    Object.assign(opportunity, await nextAmount(tx, opportunity, input, lines, newCurrency));
    const changedStage = placed && placed.stage.id !== fromStage.id ? placed : null;
    if (changedStage) {
      opportunity.pipeline = changedStage.pipeline as never;
      opportunity.probability = probability ?? changedStage.stage.probability;
      moveTo(opportunity, changedStage.stage, actor.now);
      await recordStage(tx, actor, opportunity, fromStage, changedStage.stage);
      recordChange(tx, actor, { type: SubjectType.OPPORTUNITY, id: opportunity.id }, ChangeAction.STAGE_CHANGED, {
        stage: { from: fromStage.name, to: changedStage.stage.name },
      });
      if (changedStage.stage.isClosed && !fromStage.isClosed) {
        emitEvent(tx, {
          organizationId: actor.organizationId,
          type: changedStage.stage.isWon ? EventType.OPPORTUNITY_WON : EventType.OPPORTUNITY_LOST,
          subject: { type: 'Opportunity', id: opportunity.id },
          changes: { stage: { from: fromStage.name, to: changedStage.stage.name } },
        });
      }
    } else if (probability != null) opportunity.probability = probability;
    if (lines) {
      await tx.nativeDelete(OpportunityLine, { opportunity: opportunity.id });
      replaceLines(tx, actor, opportunity, lines);
    }
    if (input.contactRoles != null) {
      await tx.nativeDelete(OpportunityContactRole, { opportunity: opportunity.id });
      for (const role of input.contactRoles)
        tx.create(OpportunityContactRole, { organization: actor.organizationId, opportunity, contact: role.contactId, role: role.role.trim() });
    }
    const changes = diff(before, snapshot(opportunity, FIELDS));
    if (Object.keys(changes).length) recordChange(tx, actor, { type: SubjectType.OPPORTUNITY, id: opportunity.id }, ChangeAction.UPDATED, changes);
    await tx.flush();
    return opportunity;
  });
}

export function setOpportunityContactRole(em: EntityManager, actor: Actor, input: SetOpportunityContactRoleInput): Promise<Opportunity> {
  return inTransaction(em, async (tx) => {
    const opportunity = await findOpportunity(tx, input.opportunityId, false, true);
    const check = new InputCheck();
    await checkRoles(tx, check, [{ contactId: input.contactId, role: input.role }]);
    check.done();
    const existing = await tx.findOne(OpportunityContactRole, { opportunity, contact: input.contactId });
    if (existing) existing.role = input.role.trim();
    else tx.create(OpportunityContactRole, { organization: actor.organizationId, opportunity, contact: input.contactId, role: input.role.trim() });
    await tx.flush();
    return opportunity;
  });
}

export function removeOpportunityContactRole(em: EntityManager, input: { opportunityId: string; contactId: string }): Promise<Opportunity> {
  return inTransaction(em, async (tx) => {
    const opportunity = await findOpportunity(tx, input.opportunityId, false, true);
    if (!isUuid(input.contactId)) throw PayloadError.of(UserErrorCode.INVALID, 'contactId', 'contactId must be an ID');
    const removed = await tx.nativeDelete(OpportunityContactRole, { opportunity, contact: input.contactId });
    if (!removed) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'contactId', `Contact ${input.contactId} has no role on this opportunity`);
    return opportunity;
  });
}
