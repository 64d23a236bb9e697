import { Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, connectionType } from '../../shared/pagination.js';
import { inputArg, toPayload } from '../../shared/user-error.js';
import {
  AcceptInvitationInput,
  AcceptInvitationPayload,
  InvitationIdInput,
  InvitationPayload,
  InvitationsArgs,
  InviteMemberInput,
  RevokeInvitationPayload,
} from './dto/invitation.dto.js';
import { Invitation, InvitationStatus } from './invitation.entity.js';
import { acceptInvitation, inviteMember, listInvitations, resendInvitation, revokeInvitation } from './invitation.service.js';
import { User } from './user.entity.js';

export const InvitationConnection = connectionType(Invitation);

@Resolver(() => Invitation)
export class InvitationResolver {
  @Query(() => InvitationConnection, {
    description: "The current organization's invitations, newest first, optionally of one status. Owners and admins.",
  })
  invitations(@Args(() => InvitationsArgs) args: InvitationsArgs, @Ctx() ctx: Context): Promise<Connection<Invitation>> {
    return listInvitations(ctx.em, organizationOf(ctx).id, args, ctx.services.clock.now());
  }

  @FieldResolver(() => InvitationStatus, { description: 'Pending, accepted, revoked or expired (now).' })
  status(@Root() invitation: Invitation, @Ctx() ctx: Context): InvitationStatus {
    return invitation.statusAt(ctx.services.clock.now());
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who sent the invitation (null once they are no longer a member).' })
  invitedBy(@Root() invitation: Invitation, @Ctx() ctx: Context): Promise<User | null> | null {
    return invitation.invitedBy ? ctx.loaders.userById.load(invitation.invitedBy.id) : null;
  }

  @Mutation(() => InvitationPayload, {
    nullable: true,
    description:
      'Invites an e-mail address to the current organization with a role; the invitee accepts with the e-mailed token (`acceptInvitation`, or `signUp` with `invitationToken`) before INVITATION_TTL_SECONDS pass. Nobody is added without accepting, and the answer does not tell whether the address has an account. Owners and admins; only owners may invite an OWNER. Must be sent without other mutations (the e-mail goes out after the invitation is committed).',
  })
  inviteMember(@inputArg(InviteMemberInput) input: InviteMemberInput, @Ctx() ctx: Context): Promise<InvitationPayload> {
    return toPayload(() => inviteMember(ctx, input));
  }

  @Mutation(() => InvitationPayload, {
    nullable: true,
    description:
      'Sends a pending or expired invitation again with a new token and a new expiry; the old token stops working. Owners and admins (admins not for OWNER invitations). Must be sent without other mutations.',
  })
  resendInvitation(@inputArg(InvitationIdInput) input: InvitationIdInput, @Ctx() ctx: Context): Promise<InvitationPayload> {
    return toPayload(() => resendInvitation(ctx, input.invitationId));
  }

  @Mutation(() => RevokeInvitationPayload, {
    nullable: true,
    description: 'Revokes a pending (or expired) invitation: its token stops working. Owners and admins (admins not for OWNER invitations).',
  })
  revokeInvitation(@inputArg(InvitationIdInput) input: InvitationIdInput, @Ctx() ctx: Context): Promise<RevokeInvitationPayload> {
    return toPayload(async () => ({ invitation: await revokeInvitation(ctx, input.invitationId) }));
  }

  @Mutation(() => AcceptInvitationPayload, {
    nullable: true,
    description:
      "Joins the inviting organization with an invitation token sent to your account's e-mail address (single use). Requires authentication; no organization needed.",
  })
  acceptInvitation(@inputArg(AcceptInvitationInput) input: AcceptInvitationInput, @Ctx() ctx: Context): Promise<AcceptInvitationPayload> {
    return toPayload(() => acceptInvitation(ctx, input.token));
  }
}
