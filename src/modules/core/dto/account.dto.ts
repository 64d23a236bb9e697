import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Organization } from '../organization.entity.js';

@InputType({ description: 'Your current password and the new one.' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password you sign in with now.' })
  currentPassword!: string;
  @Field(() => String, { description: 'The new password, 12 to 128 characters, different from the current one.' })
  newPassword!: string;
}

@ObjectType({ description: 'Result of `changePassword`.' })
export class ChangePasswordPayload {
  @Field(() => Boolean, { description: 'True when the password was changed.' })
  changed!: boolean;
  @Field(() => Int, { nullable: true, description: 'How many of your other tokens were revoked (the one of this request keeps working).' })
  revokedTokens?: number | null;
  @Field(() => [UserError], {
    description:
      'INVALID_CREDENTIALS (`currentPassword` is wrong), LOCKED_OUT or RATE_LIMITED (the login guard counts wrong current passwords), REQUIRED or INVALID (`newPassword`).',
  })
  errors!: UserError[];
}

@InputType({ description: 'The e-mail address of the account whose password is forgotten.' })
export class RequestPasswordResetInput {
  @Field(() => String, { description: 'E-mail address (case-insensitive).' })
  email!: string;
}

@ObjectType({ description: 'Result of `requestPasswordReset`: the same whether or not an account has this address.' })
export class RequestPasswordResetPayload {
  @Field(() => Boolean, { description: 'True when the request was taken; an e-mail follows only if an active account has this address.' })
  accepted!: boolean;
  @Field(() => [UserError], {
    description:
      'INVALID or REQUIRED (`email`), RATE_LIMITED (too many requests from this IP or for this address; see `retryAfterSeconds`), NOT_CONFIGURED (the server has no SMTP_URL: an administrator resets passwords with the CLI).',
  })
  errors!: UserError[];
}

@InputType({ description: 'A password-reset token from the e-mail and the new password.' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token (`scrm_pwr_…`) from the e-mail.' })
  token!: string;
  @Field(() => String, { description: 'The new password, 12 to 128 characters.' })
  newPassword!: string;
}

@ObjectType({ description: 'Result of `resetPassword`.' })
export class ResetPasswordPayload {
  @Field(() => Boolean, {
    description: 'True when the password was changed; every token of the user is revoked, so sign in again with `obtainToken`.',
  })
  reset!: boolean;
  @Field(() => [UserError], { description: 'INVALID_TOKEN (unknown, expired or already used), REQUIRED or INVALID (`newPassword`).' })
  errors!: UserError[];
}

@InputType({ description: 'Changes to the current organization; omitted fields stay as they are.' })
export class UpdateOrganizationInput {
  @Field(() => String, { nullable: true, description: 'New display name, up to 200 characters.' })
  name?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      'New slug (lower-case letters, digits and inner hyphens, up to 63). Renaming keeps the slug unless this is given: clients that send the slug in `x-organization` must switch to the new one.',
  })
  slug?: string | null;
  @Field(() => String, { nullable: true, description: "New IANA time zone (e.g. America/New_York) for the organization's schedules." })
  timeZone?: string | null;
}

@ObjectType({ description: 'Result of `updateOrganization`.' })
export class UpdateOrganizationPayload {
  @Field(() => Organization, { nullable: true, description: 'The organization as it is now.' })
  organization?: Organization;
  @Field(() => [UserError], { description: 'REQUIRED (nothing to change), INVALID (`name` or `slug`), ALREADY_EXISTS (the slug is taken).' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of `leaveOrganization`.' })
export class LeaveOrganizationPayload {
  @Field(() => ID, { nullable: true, description: 'ID of the organization you left.' })
  organizationId?: string | null;
  @Field(() => [UserError], { description: 'LAST_OWNER: the last owner cannot leave (make someone else owner first).' })
  errors!: UserError[];
}
