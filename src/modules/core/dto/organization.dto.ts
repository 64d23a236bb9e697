import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Role } from '../membership.entity.js';
import { Organization } from '../organization.entity.js';
import { Subscription } from '../subscription.entity.js';

@ObjectType({ description: 'An organization the signed-in user belongs to, with their role there.' })
export class UserOrganization {
  @Field(() => ID, { description: 'UUID of the organization (usable in the `x-organization` header).' })
  id!: string;
  @Field(() => String, { description: 'Slug of the organization (usable in the `x-organization` header).' })
  slug!: string;
  @Field(() => String, { description: 'Display name.' })
  name!: string;
  @Field(() => Role, { description: "The user's role there." })
  role!: Role;
}

@InputType({ description: 'Moves the organization to another plan.' })
export class ChangeSubscriptionInput {
  @Field(() => String, { description: 'Code of a self-serve plan, e.g. `free`.' })
  planCode!: string;
}

@ObjectType({ description: 'Result of `changeSubscription`.' })
export class ChangeSubscriptionPayload {
  @Field(() => Organization, { nullable: true, description: 'The organization, with its new plan and features.' })
  organization?: Organization;
  @Field(() => Subscription, { nullable: true, description: 'The updated subscription.' })
  subscription?: Subscription;
  @Field(() => [UserError], {
    description: 'NOT_FOUND when no public or self-serve plan has this code; NOT_SELF_SERVE when the plan is set only by a platform administrator.',
  })
  errors!: UserError[];
}
