import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../../../shared/pagination.js';
import { UserError } from '../../../shared/user-error.js';
import { Invitation, InvitationStatus } from '../invitation.entity.js';
import { Membership, Role } from '../membership.entity.js';
import { Organization } from '../organization.entity.js';

export enum InvitationDelivery {
  SENT = 'SENT',
  FAILED = 'FAILED',
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}

registerEnumType(InvitationDelivery, {
  name: 'InvitationDelivery',
  description: 'What became of the invitation e-mail.',
  valuesConfig: {
    SENT: { description: 'Handed to the SMTP server.' },
    FAILED: { description: 'The SMTP server could not be reached or refused it (logged); the invitation stands: try `resendInvitation`.' },
    NOT_CONFIGURED: { description: 'The server has no SMTP_URL: the payload carries the token, to pass on yourself.' },
  },
});

@InputType({ description: 'Invites someone to the current organization by e-mail.' })
export class InviteMemberInput {
  @Field(() => String, { description: 'E-mail address to invite (case-insensitive).' })
  email!: string;
  @Field(() => Role, { defaultValue: Role.MEMBER, description: 'Role on accepting; only owners may invite an OWNER.' })
  role: Role = Role.MEMBER;
}

@InputType({ description: 'An invitation of the current organization.' })
export class InvitationIdInput {
  @Field(() => ID, { description: 'ID of the invitation.' })
  invitationId!: string;
}

@ObjectType({ description: 'Result of `inviteMember` and `resendInvitation`.' })
export class InvitationPayload {
  @Field(() => Invitation, { nullable: true, description: 'The invitation as it is now.' })
  invitation?: Invitation;
  @Field(() => InvitationDelivery, { nullable: true, description: 'Whether the e-mail went out.' })
  delivery?: InvitationDelivery | null;
  @Field(() => String, {
    nullable: true,
    description:
      'The invitation token (`scrm_inv_…`), only when the server has no SMTP_URL (`delivery: NOT_CONFIGURED`), shown this once: pass it on to the invitee. With SMTP it only ever travels to the invited address.',
  })
  token?: string | null;
  @Field(() => [UserError], {
    description:
      'INVALID or REQUIRED (`email`), INSUFFICIENT_ROLE (an admin inviting an owner), ALREADY_MEMBER (a member has this address), ALREADY_EXISTS (a pending invitation for it exists: resend it), INVALID_STATE (resending an accepted or revoked invitation).',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of `revokeInvitation`.' })
export class RevokeInvitationPayload {
  @Field(() => Invitation, { nullable: true, description: 'The revoked invitation.' })
  invitation?: Invitation;
  @Field(() => [UserError], {
    description: 'INSUFFICIENT_ROLE (an admin revoking an owner invitation), INVALID_STATE (already accepted or revoked).',
  })
  errors!: UserError[];
}

@InputType({ description: 'The token of an invitation sent to you.' })
export class AcceptInvitationInput {
  @Field(() => String, { description: 'The invitation token (`scrm_inv_…`).' })
  token!: string;
}

@ObjectType({ description: 'Result of `acceptInvitation`.' })
export class AcceptInvitationPayload {
  @Field(() => Membership, { nullable: true, description: 'Your new membership.' })
  membership?: Membership;
  @Field(() => Organization, { nullable: true, description: 'The organization you joined (send its id or slug in `x-organization`).' })
  organization?: Organization;
  @Field(() => [UserError], {
    description:
      "INVALID_TOKEN (unknown, expired, revoked or used), EMAIL_MISMATCH (the invitation is for another address than your account's), ALREADY_MEMBER.",
  })
  errors!: UserError[];
}

@ArgsType()
export class InvitationsArgs extends ConnectionArgs {
  @Field(() => InvitationStatus, { nullable: true, description: 'Only invitations in this state.' })
  status?: InvitationStatus | null;
}
