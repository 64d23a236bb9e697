import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { OrganizationRef } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { type Connection, type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { Membership, Role } from './membership.entity.js';

/** Who may grant or change which role: owners anything, admins everything below owner. */
export function assertCanManage(actor: Role, ...roles: Role[]): void {
  if (actor === Role.OWNER) return;
  if (actor === Role.ADMIN && !roles.includes(Role.OWNER)) return;
  throw PayloadError.of(UserErrorCode.INSUFFICIENT_ROLE, 'role', `An ${actor} cannot grant or change the owner role`);
}

export async function listMemberships(em: EntityManager, organizationId: string, args: ConnectionArgs): Promise<Connection<Membership>> {
  return paginate(em, Membership, { organization: organizationId }, args, { createdAt: 'asc', id: 'asc' });
}

/** Locks the organization's owner rows so two concurrent demotions cannot leave it without an owner. */
export async function lockOwners(em: EntityManager, organizationId: string): Promise<Membership[]> {
  return em.find(Membership, { organization: organizationId, role: Role.OWNER }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

async function findInOrganization(em: EntityManager, organizationId: string, membershipId: string): Promise<Membership> {
  if (!isUuid(membershipId)) throw notFound('Membership', membershipId);
  const membership = await em.findOne(Membership, { id: membershipId, organization: organizationId });
  if (!membership) throw notFound('Membership', membershipId);
  return membership;
}

export async function changeMemberRole(em: EntityManager, org: OrganizationRef, input: { membershipId: string; role: Role }): Promise<Membership> {
  return inTransaction(em, async (tx) => {
    const owners = await lockOwners(tx, org.id);
    const membership = await findInOrganization(tx, org.id, input.membershipId);
    assertCanManage(org.role, membership.role, input.role);
    if (membership.role === Role.OWNER && input.role !== Role.OWNER && owners.length <= 1) {
      throw PayloadError.of(UserErrorCode.LAST_OWNER, 'role', 'The organization must keep at least one owner');
    }
    membership.role = input.role;
    await tx.flush();
    return membership;
  });
}

export async function removeMember(em: EntityManager, org: OrganizationRef, membershipId: string): Promise<string> {
  return inTransaction(em, async (tx) => {
    const owners = await lockOwners(tx, org.id);
    const membership = await findInOrganization(tx, org.id, membershipId);
    assertCanManage(org.role, membership.role);
    if (membership.role === Role.OWNER && owners.length <= 1) {
      throw PayloadError.of(UserErrorCode.LAST_OWNER, 'membershipId', 'The organization must keep at least one owner');
    }
    tx.remove(membership);
    await tx.flush();
    return membershipId;
  });
}
