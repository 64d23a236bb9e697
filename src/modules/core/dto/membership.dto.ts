import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../../shared/user-error.js';
import { Membership, Role } from '../membership.entity.js';

@InputType({ description: 'Adds an existing user to the current organization.' })
export class AddMemberInput {
  @Field(() => String, { description: 'Username of the user to add.' })
  username!: string;
  @Field(() => Role, { defaultValue: Role.MEMBER, description: 'Role to give; only owners may grant OWNER.' })
  role: Role = Role.MEMBER;
}

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
  @Field(() => [UserError], { description: 'NOT_FOUND, ALREADY_MEMBER, INSUFFICIENT_ROLE or LAST_OWNER.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of `removeMember`.' })
export class RemoveMemberPayload {
  @Field(() => ID, { nullable: true, description: 'ID of the removed membership.' })
  removedMembershipId?: string;
  @Field(() => [UserError], { description: 'INSUFFICIENT_ROLE or LAST_OWNER.' })
  errors!: UserError[];
}
