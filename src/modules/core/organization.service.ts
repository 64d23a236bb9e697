import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { flushUnique, inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Membership, Role } from './membership.entity.js';
import { lockOwners } from './membership.service.js';
import { isTimeZone, Organization } from './organization.entity.js';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Renames the request's organization. The slug changes only when asked: clients and bookmarks use
 * it in `x-organization`, so a rename should not break them by surprise.
 */
export async function updateOrganization(
  ctx: Context,
  input: { name?: string | null; slug?: string | null; timeZone?: string | null },
): Promise<Organization> {
  const org = organizationOf(ctx);
  const check = new InputCheck();
  if (input.name == null && input.slug == null && input.timeZone == null)
    check.fail('name', UserErrorCode.REQUIRED, 'Give a new name, slug or time zone');
  const timeZone = input.timeZone?.trim();
  if (timeZone != null && !isTimeZone(timeZone))
    check.fail('timeZone', UserErrorCode.INVALID, `timeZone "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  if (input.name != null) check.text('name', input.name, { max: 200 });
  const slug = input.slug?.trim();
  if (slug != null) {
    check.text('slug', slug, { max: 63, pattern: SLUG, hint: 'may contain lower-case letters, digits and inner hyphens' });
    // The x-organization header takes an ID or a slug: a slug shaped like an ID could never be used.
    if (isUuid(slug)) check.fail('slug', UserErrorCode.INVALID, 'slug must not look like an ID');
  }
  check.done();
  return inTransaction(ctx.em, async (tx) => {
    const organization = await tx.findOneOrFail(Organization, { id: org.id });
    if (input.name != null) organization.name = input.name.trim();
    if (slug != null) organization.slug = slug;
    if (timeZone != null) organization.timeZone = timeZone;
    await flushUnique(tx, 'slug', 'This slug is taken');
    return organization;
  });
}

/** Removes the caller's own membership; the last owner stays (owner rows locked against a concurrent leave or demotion). */
export async function leaveOrganization(ctx: Context): Promise<string> {
  const org = organizationOf(ctx);
  return inTransaction(ctx.em, async (tx) => {
    const owners = await lockOwners(tx, org.id);
    // A concurrent leave or removal may have deleted it while this request waited for the lock.
    const membership = await tx.findOne(Membership, { id: org.membershipId, organization: org.id });
    if (!membership) throw notFound('Membership', org.membershipId);
    if (membership.role === Role.OWNER && owners.length <= 1) {
      throw PayloadError.of(UserErrorCode.LAST_OWNER, null, 'You are the last owner: make another member owner before leaving');
    }
    tx.remove(membership);
    await tx.flush();
    return org.id;
  });
}
