import { Field, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Organization } from '../organization.entity.js';
import { User } from '../user.entity.js';

@InputType({ description: 'Credentials to exchange for a personal token.' })
export class ObtainTokenInput {
  @Field(() => String, { description: 'Username (case-insensitive).' })
  username!: string;
  @Field(() => String, { description: 'Password.' })
  password!: string;
}

@ObjectType({ description: 'Result of `obtainToken`.' })
export class ObtainTokenPayload {
  @Field(() => String, { nullable: true, description: 'The new personal token, shown only this once. Send it as `Authorization: Bearer <token>`.' })
  token?: string;
  @Field(() => Date, { nullable: true, description: 'When the token stops working (UTC).' })
  expiresAt?: Date;
  @Field(() => User, { nullable: true, description: 'The signed-in user.' })
  user?: User;
  @Field(() => [UserError], { description: 'INVALID_CREDENTIALS, LOCKED_OUT or RATE_LIMITED.' })
  errors!: UserError[];
}

@InputType({ description: 'A new user and their organization.' })
export class SignUpInput {
  @Field(() => String, { description: 'Name of the new organization; its slug is derived from it.' })
  organizationName!: string;
  @Field(() => String, { description: 'Login name: 3-150 characters, lower-case letters, digits and _ . @ + -.' })
  username!: string;
  @Field(() => String, { description: 'E-mail address.' })
  email!: string;
  @Field(() => String, { description: 'Password, 12 to 128 characters.' })
  password!: string;
}

@ObjectType({ description: 'Result of `signUp`.' })
export class SignUpPayload extends ObtainTokenPayload {
  @Field(() => Organization, { nullable: true, description: 'The new organization, on the `free` plan, with the user as owner.' })
  organization?: Organization;
}

@ObjectType({ description: 'Result of `revokeToken`.' })
export class RevokeTokenPayload {
  @Field(() => Boolean, { description: 'True once the token used for this request no longer works.' })
  revoked!: boolean;
  @Field(() => [UserError], { description: 'Always empty; present for a uniform payload shape.' })
  errors!: UserError[];
}
