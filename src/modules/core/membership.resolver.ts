import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { organizationOf } from '../../shared/context-access.js';
import { type Connection, ConnectionArgs, connectionType } from '../../shared/pagination.js';
import { toPayload } from '../../shared/user-error.js';
import { ChangeMemberRoleInput, MembershipPayload, RemoveMemberInput, RemoveMemberPayload } from './dto/membership.dto.js';
import { Membership } from './membership.entity.js';
import { changeMemberRole, listMemberships, removeMember } from './membership.service.js';
import { User } from './user.entity.js';

export const MembershipConnection = connectionType(Membership);

@Resolver(() => Membership)
export class MembershipResolver {
  @Query(() => MembershipConnection, { description: 'Members of the current organization, oldest first. Requires membership.' })
  memberships(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<Membership>> {
    return listMemberships(ctx.em, organizationOf(ctx).id, args);
  }

  @FieldResolver(() => User, { description: 'The member.' })
  async user(@Root() membership: Membership, @Ctx() ctx: Context): Promise<User> {
    const user = await ctx.loaders.userById.load(membership.user.id);
    if (!user) throw new Error(`User ${membership.user.id} of membership ${membership.id} is missing`);
    return user;
  }

  @Mutation(() => MembershipPayload, {
    nullable: true,
    description: "Changes a member's role. Owners and admins; admins cannot touch owners; the last owner stays.",
  })
  changeMemberRole(
    @Arg('input', () => ChangeMemberRoleInput, { description: 'What to do; see the input type.' }) input: ChangeMemberRoleInput,
    @Ctx() ctx: Context,
  ): Promise<MembershipPayload> {
    return toPayload(async () => ({ membership: await changeMemberRole(ctx.em, organizationOf(ctx), input) }));
  }

  @Mutation(() => RemoveMemberPayload, {
    nullable: true,
    description: 'Removes a member. Owners and admins; admins cannot remove owners; the last owner stays.',
  })
  removeMember(
    @Arg('input', () => RemoveMemberInput, { description: 'What to do; see the input type.' }) input: RemoveMemberInput,
    @Ctx() ctx: Context,
  ): Promise<RemoveMemberPayload> {
    return toPayload(async () => ({ removedMembershipId: await removeMember(ctx.em, organizationOf(ctx), input.membershipId) }));
  }
}
