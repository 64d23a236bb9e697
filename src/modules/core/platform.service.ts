import type { EntityManager } from '@mikro-orm/sql';
import { SYSTEM_READ } from '../../db/tenancy.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { checkMoney, Money, type MoneyValue } from '../../shared/money.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { FeatureFlag } from './feature-flag.entity.js';
import { Organization } from './organization.entity.js';
import { attachPlan } from './organization-view.js';
import { switchPlan } from './subscription.service.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';

const FEATURE_CODE = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const PLAN_CODE = /^[a-z][a-z0-9_-]{1,49}$/;

export type PlanInput = {
  code: string;
  name?: string | null;
  monthlyPrice?: MoneyValue | null;
  description?: string | null;
  isPublic?: boolean | null;
  isSelfServe?: boolean | null;
  featureCodes?: string[] | null;
};

async function resolveFeatures(em: EntityManager, codes: string[]): Promise<FeatureFlag[]> {
  const found = await em.find(FeatureFlag, { code: { $in: codes } });
  const known = new Set(found.map((f) => f.code));
  const check = new InputCheck();
  codes.forEach((code, i) => {
    if (!known.has(code)) check.fail(`featureCodes.${i}`, UserErrorCode.NOT_FOUND, `Unknown feature "${code}"`);
  });
  check.done();
  return found;
}

function checkPlan(input: PlanInput, creating: boolean): void {
  const check = new InputCheck().text('code', input.code, { max: 50, pattern: PLAN_CODE, hint: 'must be lower-case letters, digits, _ or -' });
  if (creating || input.name != null) check.text('name', input.name, { max: 100 });
  checkMoney(check, 'monthlyPrice', input.monthlyPrice);
  if (creating && input.monthlyPrice == null) check.fail('monthlyPrice', UserErrorCode.REQUIRED, 'monthlyPrice is required');
  check.done();
}

export async function createPlan(em: EntityManager, input: PlanInput): Promise<SubscriptionPlan> {
  checkPlan(input, true);
  return inTransaction(em, async (tx) => {
    if (await tx.count(SubscriptionPlan, { code: input.code }))
      throw PayloadError.of(UserErrorCode.ALREADY_EXISTS, 'code', `Plan "${input.code}" exists`);
    const plan = tx.create(SubscriptionPlan, {
      code: input.code,
      name: (input.name ?? '').trim(),
      monthlyPrice: Money.of(input.monthlyPrice!.amount, input.monthlyPrice!.currency),
      description: input.description ?? '',
      isPublic: input.isPublic ?? true,
      isSelfServe: input.isSelfServe ?? false,
    });
    plan.features.set(await resolveFeatures(tx, input.featureCodes ?? []));
    await tx.flush();
    return plan;
  });
}

export async function updatePlan(em: EntityManager, input: PlanInput): Promise<SubscriptionPlan> {
  checkPlan(input, false);
  return inTransaction(em, async (tx) => {
    const plan = await tx.findOne(SubscriptionPlan, { code: input.code }, { populate: ['features'] });
    if (!plan) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'code', `No plan "${input.code}"`);
    const features = input.featureCodes != null ? await resolveFeatures(tx, input.featureCodes) : null;
    if (input.name != null) plan.name = input.name.trim();
    if (input.monthlyPrice != null) plan.monthlyPrice = Money.of(input.monthlyPrice.amount, input.monthlyPrice.currency);
    if (input.description != null) plan.description = input.description;
    if (input.isPublic != null) plan.isPublic = input.isPublic;
    if (input.isSelfServe != null) plan.isSelfServe = input.isSelfServe;
    if (features) plan.features.set(features);
    await tx.flush();
    return plan;
  });
}

export async function createFeatureFlag(em: EntityManager, input: { code: string; description?: string | null }): Promise<FeatureFlag> {
  new InputCheck().text('code', input.code, { max: 100, pattern: FEATURE_CODE, hint: 'must look like module.capability' }).done();
  return inTransaction(em, async (tx) => {
    if (await tx.count(FeatureFlag, { code: input.code }))
      throw PayloadError.of(UserErrorCode.ALREADY_EXISTS, 'code', `Feature "${input.code}" exists`);
    const flag = tx.create(FeatureFlag, { code: input.code, description: input.description ?? '' });
    await tx.flush();
    return flag;
  });
}

/** Puts an organization on any plan, self-serve or not (platform administrators; the billing side of a paid plan). */
export async function setOrganizationPlan(em: EntityManager, input: { organizationId: string; planCode: string }): Promise<Organization> {
  if (!isUuid(input.organizationId)) throw notFound('Organization', input.organizationId);
  const organization = await em.findOne(Organization, { id: input.organizationId }, SYSTEM_READ);
  if (!organization) throw notFound('Organization', input.organizationId);
  const plan = await em.findOne(SubscriptionPlan, { code: input.planCode?.trim() ?? '' });
  if (!plan) throw PayloadError.of(UserErrorCode.NOT_FOUND, 'planCode', `No plan "${input.planCode}"`);
  await switchPlan(em, organization.id, plan);
  return attachPlan(em.fork(), organization);
}
