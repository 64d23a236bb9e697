import { AccountResolver } from './account.resolver.js';
import type { NodeSpec } from '../../shared/node.js';
import { Membership } from './membership.entity.js';
import { AuthResolver } from './auth.resolver.js';
import { createCoreLoaders } from './core.loaders.js';
import { coreRules } from './core.rules.js';
import { Invitation } from './invitation.entity.js';
import { InvitationResolver } from './invitation.resolver.js';
import { MembershipResolver } from './membership.resolver.js';
import { OrganizationResolver, SubscriptionPlanResolver, SubscriptionResolver, ViewerResolver } from './organization.resolver.js';
import { PlatformResolver } from './platform.resolver.js';
import { ChangeSubscriptionResolver } from './subscription.resolver.js';

export const coreModule = {
  resolvers: [
    AuthResolver,
    ViewerResolver,
    OrganizationResolver,
    SubscriptionResolver,
    SubscriptionPlanResolver,
    MembershipResolver,
    InvitationResolver,
    AccountResolver,
    ChangeSubscriptionResolver,
    PlatformResolver,
  ] as const,
  rules: coreRules,
  loaders: createCoreLoaders,
  /** Memberships and invitations of the organization (users and organizations are not organization records: reach them through me and organization). */
  nodes: [
    { entity: Membership, query: 'memberships' },
    { entity: Invitation, query: 'invitations' },
  ] satisfies NodeSpec[],
};
