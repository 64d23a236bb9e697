import { rule } from 'graphql-shield';
import type { Context } from '../../context.js';
import { forbidden } from '../../shared/errors.js';
import { allow, hasFeature, hasRole, isAuthenticated, isMember, isSuperuser, and, type RuleMap } from '../../shared/permissions.js';
import { Role } from './membership.entity.js';

const signUpEnabled = rule('signUpEnabled', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  ctx.services.config.allowSignup ? true : forbidden('Sign-up is disabled on this server'),
);

const manager = hasRole(Role.OWNER, Role.ADMIN);

export const coreRules: RuleMap = {
  Query: {
    me: isAuthenticated,
    myOrganizations: isAuthenticated,
    organization: isMember,
    plans: allow,
    allPlans: isSuperuser,
    featureFlags: isSuperuser,
    memberships: isMember,
  },
  Mutation: {
    obtainToken: allow,
    revokeToken: isAuthenticated,
    signUp: signUpEnabled,
    changeSubscription: and(manager, hasFeature('billing.manage_subscriptions')),
    addMember: manager,
    changeMemberRole: manager,
    removeMember: manager,
    createPlan: isSuperuser,
    updatePlan: isSuperuser,
    createFeatureFlag: isSuperuser,
  },
  // Object types are reached only through the fields above, which carry the checks.
  Organization: { '*': allow },
  User: { '*': allow },
  UserOrganization: { '*': allow },
  Membership: { '*': allow },
  Subscription: { '*': allow },
  SubscriptionPlan: { '*': allow },
  FeatureFlag: { '*': allow },
  ObtainTokenPayload: { '*': allow },
  SignUpPayload: { '*': allow },
  RevokeTokenPayload: { '*': allow },
  MembershipPayload: { '*': allow },
  RemoveMemberPayload: { '*': allow },
  ChangeSubscriptionPayload: { '*': allow },
  PlanPayload: { '*': allow },
  FeatureFlagPayload: { '*': allow },
  MembershipConnection: { '*': allow },
  MembershipEdge: { '*': allow },
};
