import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Organization } from '../organization.entity.js';
import { User } from '../user.entity.js';

@InputType({ description: 'Credentials to exchange for a personal token.' })
export class ObtainTokenInput {
  @Field(() => String, { description: 'Username (case-insensitive).' })
  username!: string;
  @Field(() => String, { description: 'Password.' })
  password!: string;
  @Field(() => String, {
    nullable: true,
    description: 'A name for the token, up to 100 characters, shown in `myTokens` (e.g. "laptop CLI"); default "sign-in".',
  })
  tokenName?: string | null;
}

@ObjectType({ description: 'Result of `obtainToken`.' })
export class ObtainTokenPayload {
  @Field(() => String, { nullable: true, description: 'The new personal token, shown only this once. Send it as `Authorization: Bearer <token>`.' })
  token?: string;
  @Field(() => Date, { nullable: true, description: 'When the token stops working (UTC).' })
  expiresAt?: Date;
  @Field(() => User, { nullable: true, description: 'The signed-in user.' })
  user?: User;
  @Field(() => [UserError], { description: 'INVALID_CREDENTIALS, LOCKED_OUT or RATE_LIMITED; INVALID for a too long `tokenName`.' })
  errors!: UserError[];
}

@InputType({ description: 'A new user, with a new organization or joining one by invitation.' })
export class SignUpInput {
  @Field(() => String, {
    nullable: true,
    description: 'Name of the new organization (its slug is derived from it). Required unless `invitationToken` is given, and ignored then.',
  })
  organizationName?: string | null;
  @Field(() => String, { description: 'Login name: 3-150 characters, lower-case letters, digits and _ . @ + -.' })
  username!: string;
  @Field(() => String, { description: "E-mail address; with `invitationToken`, the invitation's address." })
  email!: string;
  @Field(() => String, { description: 'Password, 12 to 128 characters.' })
  password!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'An invitation token (`scrm_inv_…`): the new user joins the inviting organization with the invited role instead of creating one. Accepted even when the server sets ALLOW_SIGNUP=false.',
  })
  invitationToken?: string | null;
}

@ObjectType({ description: 'Result of `signUp`.' })
export class SignUpPayload {
  @Field(() => String, { nullable: true, description: 'The new personal token, shown only this once. Send it as `Authorization: Bearer <token>`.' })
  token?: string;
  @Field(() => Date, { nullable: true, description: 'When the token stops working (UTC).' })
  expiresAt?: Date;
  @Field(() => User, { nullable: true, description: 'The new user.' })
  user?: User;
  @Field(() => Organization, {
    nullable: true,
    description:
      'The organization the user now belongs to, with its subscription and features: a new one on the `free` plan with the user as owner, or the inviting one.',
  })
  organization?: Organization;
  @Field(() => [UserError], {
    description:
      'REQUIRED or INVALID (a field, named), ALREADY_EXISTS (username taken), RATE_LIMITED (too many sign-ups from this address), INVALID_TOKEN (the invitation is unknown, expired, revoked or used), EMAIL_MISMATCH (`email` is not the invited address).',
  })
  errors!: UserError[];
}

@InputType({ description: 'Which of your tokens to revoke.' })
export class RevokeTokenInput {
  @Field(() => ID, { nullable: true, description: 'ID of one of your tokens (see `myTokens`); omitted, the token of this request.' })
  tokenId?: string | null;
}

@ObjectType({ description: 'Result of `revokeToken`.' })
export class RevokeTokenPayload {
  @Field(() => Boolean, { description: 'True once the token no longer works.' })
  revoked!: boolean;
  @Field(() => ID, { nullable: true, description: 'ID of the revoked token.' })
  revokedTokenId?: string | null;
  @Field(() => [UserError], {
    description: "Always empty (another user's or an unknown token is a top-level NOT_FOUND); present for a uniform payload shape.",
  })
  errors!: UserError[];
}
