import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Context, PrincipalUser } from '../../context.js';
import { SYSTEM_READ } from '../../db/tenancy.js';
import { organizationOf, principalOf } from '../../shared/context-access.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { InputCheck } from '../../shared/input-check.js';
import { type Connection, type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { inTransaction, releaseRequestTransaction, reopenRequestTransaction, systemEm } from '../../shared/transaction.js';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { InvitationDelivery } from './dto/invitation.dto.js';
import { Invitation, InvitationStatus } from './invitation.entity.js';
import { invitationMail } from './mailer.js';
import { Membership, Role } from './membership.entity.js';
import { assertCanManage } from './membership.service.js';
import { Organization } from './organization.entity.js';
import { attachPlan } from './organization-view.js';
import { generateToken, hashToken, INVITATION_TOKEN_PREFIX } from './token.js';
import { User } from './user.entity.js';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export type InvitationResult = { invitation: Invitation; delivery: InvitationDelivery; token: string | null };

/** The rows of one status, computed from the timestamps at `now`. */
function statusWhere(status: InvitationStatus, now: Date): Record<string, unknown> {
  switch (status) {
    case InvitationStatus.ACCEPTED:
      return { acceptedAt: { $ne: null } };
    case InvitationStatus.REVOKED:
      return { acceptedAt: null, revokedAt: { $ne: null } };
    case InvitationStatus.EXPIRED:
      return { acceptedAt: null, revokedAt: null, expiresAt: { $lte: now } };
    case InvitationStatus.PENDING:
      return { acceptedAt: null, revokedAt: null, expiresAt: { $gt: now } };
  }
}

export function listInvitations(
  em: EntityManager,
  organizationId: string,
  args: ConnectionArgs & { status?: InvitationStatus | null },
  now: Date,
): Promise<Connection<Invitation>> {
  const where = { organization: organizationId, ...(args.status ? statusWhere(args.status, now) : {}) };
  return paginate(em, Invitation, where as never, args, { createdAt: 'desc', id: 'desc' });
}

const expiryFrom = (ctx: Context, now: Date) => new Date(now.getTime() + ctx.services.config.invitationTtlSeconds * 1000);

/**
 * Invites an e-mail address to the request's organization. The answer is the same whether or not
 * the address has an account (only members of this organization, whose addresses the inviter
 * already sees, are reported). One pending invitation per address: the organization row is locked
 * while checking, so two concurrent invitations cannot both pass.
 */
export async function inviteMember(ctx: Context, input: { email: string; role: Role }): Promise<InvitationResult> {
  const org = organizationOf(ctx);
  const inviter = principalOf(ctx).user;
  new InputCheck().email('email', input.email).done();
  assertCanManage(org.role, input.role);
  const email = normalizeEmail(input.email);
  const now = ctx.services.clock.now();
  const { token, hash } = generateToken(INVITATION_TOKEN_PREFIX);
  const invitation = await inTransaction(ctx.em, async (tx) => {
    await checkInvitable(tx, org.id, email, now, 'email');
    const created = tx.create(Invitation, {
      organization: org.id,
      email,
      role: input.role,
      tokenHash: hash,
      invitedBy: inviter.id,
      expiresAt: expiryFrom(ctx, now),
      lastSentAt: now,
    });
    await tx.flush();
    return created;
  });
  return deliver(ctx, invitation, token, inviter);
}

/**
 * The address is not a member yet and has no other pending invitation. The organization row is
 * locked first, so two concurrent invitations (or re-sends) of one address cannot both pass.
 */
async function checkInvitable(tx: EntityManager, organizationId: string, email: string, now: Date, field: string, except?: string): Promise<void> {
  await tx.findOneOrFail(Organization, { id: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const [member] = await tx.execute<{ n: number }[]>(
    'select count(*)::int as n from memberships m join users u on u.id = m.user_id where m.organization_id = ? and lower(u.email) = ?',
    [organizationId, email],
  );
  if (member.n > 0) throw PayloadError.of(UserErrorCode.ALREADY_MEMBER, field, 'A member of this organization already has this e-mail address');
  const others = { organization: organizationId, email, ...statusWhere(InvitationStatus.PENDING, now), ...(except ? { id: { $ne: except } } : {}) };
  if (await tx.count(Invitation, others)) {
    throw PayloadError.of(UserErrorCode.ALREADY_EXISTS, field, 'A pending invitation for this address exists: resend it with resendInvitation');
  }
}

async function findInvitation(em: EntityManager, organizationId: string, invitationId: string): Promise<Invitation> {
  if (!isUuid(invitationId)) throw notFound('Invitation', invitationId);
  const invitation = await em.findOne(Invitation, { id: invitationId, organization: organizationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!invitation) throw notFound('Invitation', invitationId);
  return invitation;
}

/** Issues a new token (the old one stops working) with a fresh expiry, and sends it again. Pending or expired invitations only. */
export async function resendInvitation(ctx: Context, invitationId: string): Promise<InvitationResult> {
  const org = organizationOf(ctx);
  const now = ctx.services.clock.now();
  const { token, hash } = generateToken(INVITATION_TOKEN_PREFIX);
  const invitation = await inTransaction(ctx.em, async (tx) => {
    const found = await findInvitation(tx, org.id, invitationId);
    assertCanManage(org.role, found.role);
    const status = found.statusAt(now);
    if (status !== InvitationStatus.PENDING && status !== InvitationStatus.EXPIRED) {
      throw PayloadError.of(
        UserErrorCode.INVALID_STATE,
        'invitationId',
        `The invitation is ${status.toLowerCase()}; invite the address again instead`,
      );
    }
    // An expired invitation comes back to life: the address may have joined or been invited since.
    await checkInvitable(tx, org.id, found.email, now, 'invitationId', found.id);
    Object.assign(found, { tokenHash: hash, expiresAt: expiryFrom(ctx, now), lastSentAt: now });
    await tx.flush();
    return found;
  });
  return deliver(ctx, invitation, token, principalOf(ctx).user);
}

export async function revokeInvitation(ctx: Context, invitationId: string): Promise<Invitation> {
  const org = organizationOf(ctx);
  const now = ctx.services.clock.now();
  return inTransaction(ctx.em, async (tx) => {
    const invitation = await findInvitation(tx, org.id, invitationId);
    assertCanManage(org.role, invitation.role);
    const status = invitation.statusAt(now);
    if (status === InvitationStatus.ACCEPTED || status === InvitationStatus.REVOKED) {
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'invitationId', `The invitation is already ${status.toLowerCase()}`);
    }
    invitation.revokedAt = now;
    await tx.flush();
    return invitation;
  });
}

/**
 * Sends the invitation once its row is committed: the request's transaction ends first, so no
 * connection (on PGlite, the only one) is held while the SMTP server answers, and a failed send
 * leaves a valid invitation behind. Hence inviteMember and resendInvitation are sent alone.
 * Without SMTP the token goes back to the inviter, once: there is no other way to deliver it.
 * With SMTP it never does: only the owner of the address can accept, so an inviter cannot
 * sign up in the invitee's name.
 */
async function deliver(ctx: Context, invitation: Invitation, token: string, inviter: PrincipalUser): Promise<InvitationResult> {
  const { mailer, config } = ctx.services;
  if (!mailer) return { invitation, delivery: InvitationDelivery.NOT_CONFIGURED, token };
  const org = organizationOf(ctx);
  const message = invitationMail({
    to: invitation.email,
    organizationName: org.name,
    inviterName: inviter.username,
    role: invitation.role,
    token,
    expiresAt: invitation.expiresAt,
    publicUrl: config.publicUrl,
  });
  await releaseRequestTransaction(ctx);
  try {
    await mailer.send(message);
    return { invitation, delivery: InvitationDelivery.SENT, token: null };
  } catch (error) {
    ctx.log.warn({ err: error, invitationId: invitation.id, organizationId: org.id }, 'invitation e-mail could not be sent');
    return { invitation, delivery: InvitationDelivery.FAILED, token: null };
  } finally {
    await reopenRequestTransaction(ctx);
  }
}

/** The pending invitation a token names, locked for the rest of the transaction; INVALID_TOKEN otherwise. */
/**
 * The pending invitation `token` names, or INVALID_TOKEN. `lock` (inside a transaction) holds its
 * row until the join commits; without it, a check before any write (signUp looks first, so an
 * unknown token reveals nothing about usernames).
 */
export async function pendingInvitation(tx: EntityManager, token: string, now: Date, field: string, lock = true): Promise<Invitation> {
  const invitation = await tx.findOne(
    Invitation,
    { tokenHash: hashToken(token?.trim() ?? '') },
    lock ? { ...SYSTEM_READ, lockMode: LockMode.PESSIMISTIC_WRITE } : SYSTEM_READ,
  );
  if (!invitation || invitation.statusAt(now) !== InvitationStatus.PENDING) {
    throw PayloadError.of(UserErrorCode.INVALID_TOKEN, field, 'This invitation is unknown, expired, revoked or already used');
  }
  return invitation;
}

/**
 * An invitation is only as good as its sender: once the inviter has left, been removed or been
 * demoted below a role that may grant the invitation's role, it no longer admits anyone (a removed
 * admin could otherwise come back through an invitation they had sent to another address).
 */
async function checkInviterStillGrants(tx: EntityManager, invitation: Invitation, field: string): Promise<void> {
  const inviterId = invitation.invitedBy?.id;
  const inviter = inviterId ? await tx.findOne(Membership, { organization: invitation.organization.id, user: inviterId }, SYSTEM_READ) : null;
  const grants = inviter?.role === Role.OWNER || (inviter?.role === Role.ADMIN && invitation.role !== Role.OWNER);
  if (!grants) {
    throw PayloadError.of(
      UserErrorCode.INVALID_TOKEN,
      field,
      'This invitation is no longer valid: the member who sent it can no longer grant its role',
    );
  }
}

/**
 * Makes `user` a member through the invitation `token` names, inside the caller's (owner)
 * transaction: the invitation must be pending and for the user's e-mail address.
 */
export async function joinByInvitation(
  tx: EntityManager,
  user: PrincipalUser,
  token: string,
  now: Date,
  fields: { token: string; email: string },
): Promise<{ membership: Membership; organization: Organization }> {
  const invitation = await pendingInvitation(tx, token, now, fields.token);
  if (normalizeEmail(user.email) !== invitation.email) {
    throw PayloadError.of(UserErrorCode.EMAIL_MISMATCH, fields.email, 'This invitation was sent to another e-mail address');
  }
  const organizationId = invitation.organization.id;
  // Serializes joins of one organization: two pending invitations of one address accepted at once
  // cannot both insert a membership (the second sees the first and answers ALREADY_MEMBER).
  await tx.findOneOrFail(Organization, { id: organizationId }, { ...SYSTEM_READ, lockMode: LockMode.PESSIMISTIC_WRITE });
  await checkInviterStillGrants(tx, invitation, fields.token);
  if (await tx.count(Membership, { organization: organizationId, user: user.id }, SYSTEM_READ)) {
    throw PayloadError.of(UserErrorCode.ALREADY_MEMBER, fields.token, 'You are already a member of this organization');
  }
  const membership = tx.create(Membership, { organization: organizationId, user: user.id, role: invitation.role });
  Object.assign(invitation, { acceptedAt: now, acceptedBy: tx.getReference(User, user.id, { wrapped: true }) });
  await tx.flush();
  const organization = await tx.findOneOrFail(Organization, { id: organizationId });
  return { membership, organization: await attachPlan(tx, organization) };
}

/** `acceptInvitation`: a system operation, since the membership is written in an organization the request is not (yet) in. */
export async function acceptInvitation(ctx: Context, token: string): Promise<{ membership: Membership; organization: Organization }> {
  const user = principalOf(ctx).user;
  const now = ctx.services.clock.now();
  return inTransaction(systemEm(ctx), (tx) => joinByInvitation(tx, user, token, now, { token: 'token', email: 'token' }));
}
