import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Membership, Role } from '../membership.entity.js';

@InputType({ description: "Changes a member's role." })
export class ChangeMemberRoleInput {
  @Field(() => ID, { description: 'Membership to change.' })
  membershipId!: string;
  @Field(() => Role, { description: 'New role.' })
  role!: Role;
}

@InputType({ description: 'Removes a member from the current organization.' })
export class RemoveMemberInput {
  @Field(() => ID, { description: 'Membership to remove.' })
  membershipId!: string;
}

@ObjectType({ description: 'Result of a membership change.' })
export class MembershipPayload {
  @Field(() => Membership, { nullable: true, description: 'The membership as it is now.' })
  membership?: Membership;
  @Field(() => [UserError], { description: 'INSUFFICIENT_ROLE (an admin granting or changing the owner role) or LAST_OWNER.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of `removeMember`.' })
export class RemoveMemberPayload {
  @Field(() => ID, { nullable: true, description: 'ID of the removed membership.' })
  removedMembershipId?: string;
  @Field(() => [UserError], { description: 'INSUFFICIENT_ROLE or LAST_OWNER.' })
  errors!: UserError[];
}
