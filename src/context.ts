import type { EntityManager } from '@mikro-orm/sql';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { SqlOrm } from './db/orm.js';
import { scopeToOrganization, SYSTEM_READ } from './db/tenancy.js';
import { AppError, forbidden, unauthenticated } from './shared/errors.js';
import { isUuid } from './shared/ids.js';
import type { Clock } from './shared/clock.js';
import { createLoaders, type Loaders } from './modules.js';
import type { LoginGuard } from './modules/core/login-guard.js';
import type { Mailer } from './modules/core/mailer.js';
import type { Role } from './modules/core/membership.entity.js';
import { PersonalToken } from './modules/core/personal-token.entity.js';
import { Subscription, SubscriptionStatus } from './modules/core/subscription.entity.js';
import { hashToken } from './modules/core/token.js';
import type { OrgConcurrencyLimiter } from './shared/org-concurrency.js';
import type { User } from './modules/core/user.entity.js';

/** Long-lived collaborators shared by every request (never per-tenant state). */
export type AppServices = {
  config: Config;
  /** The owner's connection: migrations, authentication lookups, system operations. */
  orm: SqlOrm;
  /** Where tenant requests run: DATABASE_APP_URL's login when set, else the same as `orm`. */
  requestOrm: SqlOrm;
  loginGuard: LoginGuard;
  /** Outgoing mail (SMTP_URL); null when not configured. */
  mailer: Mailer | null;
  /** Per-organization slots for operations (shared/org-concurrency.ts). */
  orgConcurrency: OrgConcurrencyLimiter;
  clock: Clock;
  log: FastifyBaseLogger;
};

export type OrganizationRef = { id: string; slug: string; name: string; role: Role; membershipId: string };

export type Principal = { user: User; tokenId: string; organizations: OrganizationRef[] };

/** Everything a resolver may use, built once per request. */
export interface Context {
  requestId: string;
  ip: string;
  log: FastifyBaseLogger;
  services: AppServices;
  /** The request's EntityManager: scoped to `organization` by filter and row-level security, one transaction per request. */
  em: EntityManager;
  principal: Principal | null;
  /** Why a presented token was refused (reported by rules that need a user). */
  authError: AppError | null;
  /** The organization this request acts in, with the caller's role there. */
  organization: OrganizationRef | null;
  /** Why no organization could be chosen (reported by rules that need one). */
  organizationError: AppError | null;
  /** Feature codes of the organization's current plan; read once per request. */
  features(): Promise<ReadonlySet<string>>;
  /** Forgets the features read so far (after this request changed the plan). */
  refreshFeatures(): void;
  /**
   * `tenant`: the operation runs in one transaction as the restricted role, scoped to `organization`.
   * `system`: an operation made only of system fields (sign-in, sign-up, platform administration),
   * whose services write as the database owner through `systemEm()`; set by the transaction plugin.
   */
  mode: 'tenant' | 'system';
  /** The loaders every module contributes (src/modules.ts). */
  loaders: Loaders;
  /** Set when a resolver failed unexpectedly: the request's transaction is then rolled back. */
  failed: boolean;
  /** Gives back the organization's operation slot (shared/org-concurrency.ts); idempotent. */
  releaseOrgSlot?: () => void;
}

export type RequestInfo = { requestId: string; ip: string; log: FastifyBaseLogger; authorization?: string; organization?: string };

const TOKEN_TOUCH_INTERVAL_MS = 60_000;

async function authenticate(
  services: AppServices,
  authorization: string | undefined,
): Promise<{ principal: Principal | null; authError: AppError | null }> {
  if (!authorization) return { principal: null, authError: null };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { principal: null, authError: unauthenticated('Malformed Authorization header: expected "Bearer <token>"') };
  // System read: the token, its user and the user's organizations, before any organization is known (one statement).
  const em = services.orm.em.fork();
  const token = await em.findOne(
    PersonalToken,
    { tokenHash: hashToken(match[1]) },
    { populate: ['user.memberships.organization'], strategy: 'joined', ...SYSTEM_READ },
  );
  const now = services.clock.now();
  const user = token?.user.getEntity();
  if (!token || !user || token.revokedAt || token.expiresAt <= now || !user.isActive) {
    return { principal: null, authError: unauthenticated('Invalid, expired or revoked token') };
  }
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOKEN_TOUCH_INTERVAL_MS) {
    await em.nativeUpdate(PersonalToken, { id: token.id }, { lastUsedAt: now });
  }
  const organizations = user.memberships.getItems().map((m) => {
    const org = m.organization.getEntity();
    return { id: org.id, slug: org.slug, name: org.name, role: m.role, membershipId: m.id };
  });
  return { principal: { user, tokenId: token.id, organizations }, authError: null };
}

function chooseOrganization(
  principal: Principal | null,
  requested: string | undefined,
): { organization: OrganizationRef | null; organizationError: AppError | null } {
  if (!principal) return { organization: null, organizationError: null };
  const orgs = principal.organizations;
  if (requested) {
    const key = requested.trim();
    const found = orgs.find((o) => (isUuid(key) ? o.id === key.toLowerCase() : o.slug === key));
    return found
      ? { organization: found, organizationError: null }
      : { organization: null, organizationError: forbidden(`You are not a member of organization "${key}"`) };
  }
  if (orgs.length === 1) return { organization: orgs[0], organizationError: null };
  if (orgs.length === 0) return { organization: null, organizationError: forbidden('You are not a member of any organization') };
  return {
    organization: null,
    organizationError: forbidden(
      `You belong to several organizations (${orgs.map((o) => o.slug).join(', ')}): choose one with the x-organization header`,
    ),
  };
}

export async function buildContext(services: AppServices, info: RequestInfo): Promise<Context> {
  const { principal, authError } = await authenticate(services, info.authorization);
  const { organization, organizationError } = chooseOrganization(principal, info.organization);
  const em = services.requestOrm.em.fork();
  scopeToOrganization(em, {
    organizationId: organization?.id ?? null,
    userId: principal?.user.id ?? null,
    platformAdmin: principal?.user.isSuperuser === true,
    statementTimeoutMs: services.config.dbStatementTimeoutMs,
    idleInTransactionTimeoutMs: services.config.dbIdleInTransactionTimeoutMs,
  });
  let features: Promise<ReadonlySet<string>> | undefined;
  return {
    requestId: info.requestId,
    ip: info.ip,
    log: info.log,
    services,
    em,
    principal,
    authError,
    organization,
    organizationError,
    features: () => {
      features ??= loadFeatures(em, organization?.id ?? null);
      return features;
    },
    refreshFeatures: () => {
      features = undefined;
    },
    mode: 'tenant',
    loaders: createLoaders(em, organization?.id ?? null),
    failed: false,
  };
}

const FEATURE_STATUSES = new Set([SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE]);

export async function loadFeatures(em: EntityManager, organizationId: string | null): Promise<ReadonlySet<string>> {
  if (!organizationId) return new Set();
  const subscription = await em.findOne(Subscription, { organization: organizationId }, { populate: ['plan.features'] });
  if (!subscription || !FEATURE_STATUSES.has(subscription.status)) return new Set();
  return new Set(
    subscription.plan
      .getEntity()
      .features.getItems()
      .map((f) => f.code),
  );
}
