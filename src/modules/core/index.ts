import { AccountResolver } from './account.resolver.js';
import { AuthResolver } from './auth.resolver.js';
import { coreRules } from './core.rules.js';
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
};
