import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import type { InputCheck } from '../../shared/input-check.js';
import { UserErrorCode } from '../../shared/user-error.js';
import { Membership } from '../core/membership.entity.js';

export { assignDefined, nonNegativeInt, optionalText } from '../catalog/catalog-input.js';

/** Who acts, in which organization: every sales write names both. */
export type Actor = { organizationId: string; userId: string | null; now: Date };

/** Checks an optional ID argument's shape; returns it when well-formed. */
export function optionalId(check: InputCheck, field: string, value: string | null | undefined): string | null | undefined {
  if (value == null) return value;
  if (!isUuid(value)) {
    check.fail(field, UserErrorCode.INVALID, `${field} must be an ID (UUID)`);
    return undefined;
  }
  return value.toLowerCase();
}

/** An owner must be a member of the organization (the tenant filter hides everyone else's memberships). */
export async function checkOwner(em: EntityManager, check: InputCheck, field: string, ownerId: string | null | undefined): Promise<void> {
  if (ownerId == null || !isUuid(ownerId)) return;
  if (!(await em.count(Membership, { user: ownerId }))) check.fail(field, UserErrorCode.NOT_FOUND, `No member ${ownerId} in this organization`);
}

/** Checks that a referenced record exists in the organization (another organization's IDs are simply not found). */
export async function checkExists(
  em: EntityManager,
  check: InputCheck,
  field: string,
  entity: new () => object,
  id: string | null | undefined,
  label: string,
  where: Record<string, unknown> = { deletedAt: null },
): Promise<void> {
  if (id == null || !isUuid(id)) return;
  if (!(await em.count(entity, { id, ...where } as never))) check.fail(field, UserErrorCode.NOT_FOUND, `No ${label} ${id}`);
}

/** Lower-cased, trimmed e-mail (or null), validated. */
export function optionalEmail(check: InputCheck, field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim().toLowerCase() ?? '';
  if (trimmed === '') return null;
  check.email(field, trimmed);
  return trimmed;
}

/** Tags: trimmed, non-empty, unique, at most 20 of at most 50 characters. */
export function tagList(check: InputCheck, field: string, tags: string[] | null | undefined): string[] | undefined {
  if (tags == null) return undefined;
  const clean = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  if (clean.length > 20) check.fail(field, UserErrorCode.INVALID, `${field} takes at most 20 tags`);
  if (clean.some((t) => t.length > 50)) check.fail(field, UserErrorCode.INVALID, `each of ${field} must be at most 50 characters`);
  return clean;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function optionalDate(check: InputCheck, field: string, value: string | null | undefined): string | null | undefined {
  if (value == null) return value;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  const year = Number(match?.[1]);
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value || year < 1900 || year > 9999) {
    check.fail(field, UserErrorCode.INVALID, `${field} must be a date as YYYY-MM-DD (years 1900 to 9999)`);
    return undefined;
  }
  return value;
}
