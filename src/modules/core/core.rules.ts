import { rule } from 'graphql-shield';
import type { Context } from '../../context.js';
import { forbidden } from '../../shared/errors.js';
import { allow, hasFeature, hasRole, isAuthenticated, isMember, isSuperuser, and, type RuleMap } from '../../shared/permissions.js';
import { Role } from './membership.entity.js';

/** ALLOW_SIGNUP=false closes open sign-up, not sign-up by invitation (the service checks the token). */
const signUpEnabled = rule('signUpEnabled', { cache: 'strict' })((_parent, args: { input?: { invitationToken?: string | null } }, ctx: Context) =>
  ctx.services.config.allowSignup || args.input?.invitationToken?.trim() ? true : forbidden('Sign-up is disabled on this server'),
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
    invitations: manager,
    myTokens: isAuthenticated,
  },
  Mutation: {
    obtainToken: allow,
    revokeToken: isAuthenticated,
    signUp: signUpEnabled,
    changeSubscription: and(manager, hasFeature('billing.manage_subscriptions')),
    inviteMember: manager,
    resendInvitation: manager,
    revokeInvitation: manager,
    acceptInvitation: isAuthenticated,
    changePassword: isAuthenticated,
    requestPasswordReset: allow,
    resetPassword: allow,
    updateOrganization: manager,
    leaveOrganization: isMember,
    setOrganizationPlan: isSuperuser,
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
  PlanSubscription: { '*': allow },
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
  Invitation: { '*': allow },
  InvitationConnection: { '*': allow },
  InvitationEdge: { '*': allow },
  InvitationPayload: { '*': allow },
  RevokeInvitationPayload: { '*': allow },
  AcceptInvitationPayload: { '*': allow },
  PersonalToken: { '*': allow },
  PersonalTokenConnection: { '*': allow },
  PersonalTokenEdge: { '*': allow },
  ChangePasswordPayload: { '*': allow },
  RequestPasswordResetPayload: { '*': allow },
  ResetPasswordPayload: { '*': allow },
  UpdateOrganizationPayload: { '*': allow },
  LeaveOrganizationPayload: { '*': allow },
  SetOrganizationPlanPayload: { '*': allow },
};
