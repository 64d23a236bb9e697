import { AccountResolver } from './account.resolver.js';
import type { NodeSpec } from '../../shared/node.js';
import { FeatureFlag } from './feature-flag.entity.js';
import { Organization } from './organization.entity.js';
import { PasswordResetToken } from './password-reset-token.entity.js';
import { PersonalToken } from './personal-token.entity.js';
import { Subscription } from './subscription.entity.js';
import { SubscriptionPlan } from './subscription-plan.entity.js';
import { User } from './user.entity.js';
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
  /** Its entities, for the ORM (src/db/entities.ts). */
  entities: [Organization, User, Membership, FeatureFlag, SubscriptionPlan, Subscription, PersonalToken, PasswordResetToken, Invitation],
  /** Memberships and invitations of the organization (users and organizations are not organization records: reach them through me and organization). */
  nodes: [
    { entity: Membership, query: 'memberships' },
    { entity: Invitation, query: 'invitations' },
  ] satisfies NodeSpec[],
  handlers: [],
  schedules: [],
  tasks: [],
};
