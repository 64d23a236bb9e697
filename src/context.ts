import type { EntityManager } from '@mikro-orm/sql';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { SqlOrm } from './db/orm.js';
import type { LiveBus } from './db/live.js';
import { markReadOnly, scopeToOrganization, SYSTEM_READ } from './db/tenancy.js';
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
import { LRUCache } from 'lru-cache';
import { StaleSessionError } from './db/session-context.js';
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
  /** Cached principals and plan features (see SessionCache). */
  sessions: SessionCache;
  /** Live events for subscriptions, across processes (db/live.ts). */
  live: LiveBus;
  clock: Clock;
  log: FastifyBaseLogger;
};

export type OrganizationRef = { id: string; slug: string; name: string; role: Role; membershipId: string };

/** What a request knows of its user: read once at authentication, kept with a cached session (plain data, shared by requests). */
export type PrincipalUser = Readonly<Pick<User, 'id' | 'username' | 'email' | 'isSuperuser' | 'isActive' | 'createdAt'>>;

export type Principal = { user: PrincipalUser; tokenId: string; organizations: OrganizationRef[] };

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
  /**
   * Opens the request's transaction (tenant context, read-only for queries). A cached session
   * found stale by the database (db/session-context.ts) is authenticated again from the database
   * and the transaction opened on the fresh principal.
   */
  beginTransaction(options?: { readOnly?: boolean }): Promise<void>;
  /** Replaces a cached session by one read from the database now (system operations act on nothing cached). */
  authenticateFresh(): Promise<void>;
}

export type RequestInfo = { requestId: string; ip: string; log: FastifyBaseLogger; authorization?: string; organization?: string };

const TOKEN_TOUCH_INTERVAL_MS = 60_000;

type CachedSession = { principal: Principal; authVersion: number; expiresAt: Date; touchedAt: number };
type CachedFeatures = { features: ReadonlySet<string>; version: string };

/**
 * Per process: token hash → principal, organization → plan features, each for AUTH_CACHE_SECONDS.
 * Never trusted alone: every transaction of a request that used an entry checks it in its context
 * statement (token not revoked, user active, `auth_version` and the features version unchanged) and
 * a stale entry is dropped and read again (db/session-context.ts). Keys are a token's hash and an
 * organization's id, so nothing is shared across organizations or users.
 */
export class SessionCache {
  private readonly principals: LRUCache<string, CachedSession> | null;
  private readonly featureSets: LRUCache<string, CachedFeatures> | null;

  constructor(seconds: number) {
    const ttl = seconds * 1000;
    this.principals = seconds > 0 ? new LRUCache({ max: 10_000, ttl }) : null;
    this.featureSets = seconds > 0 ? new LRUCache({ max: 10_000, ttl }) : null;
  }

  session(tokenHash: string): CachedSession | undefined {
    return this.principals?.get(tokenHash);
  }
  keepSession(tokenHash: string, session: CachedSession): void {
    this.principals?.set(tokenHash, session);
  }
  features(organizationId: string): CachedFeatures | undefined {
    return this.featureSets?.get(organizationId);
  }
  keepFeatures(organizationId: string, entry: CachedFeatures): void {
    this.featureSets?.set(organizationId, entry);
  }
  /** After the database said a session is stale: that token's principal, and the features it relied on (which of the two changed is not said). */
  forget(tokenHash: string | null, organizationId: string | null): void {
    if (tokenHash) this.principals?.delete(tokenHash);
    if (organizationId) this.featureSets?.delete(organizationId);
  }
  forgetFeatures(organizationId: string): void {
    this.featureSets?.delete(organizationId);
  }
}

type Authentication = { principal: Principal | null; authError: AppError | null; tokenHash: string | null; cached: CachedSession | null };

const refused = (authError: AppError): Authentication => ({ principal: null, authError, tokenHash: null, cached: null });

async function authenticate(services: AppServices, authorization: string | undefined, fresh = false): Promise<Authentication> {
  if (!authorization) return { principal: null, authError: null, tokenHash: null, cached: null };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return refused(unauthenticated('Malformed Authorization header: expected "Bearer <token>"'));
  const tokenHash = hashToken(match[1]);
  const now = services.clock.now();
  const em = services.orm.em.fork();
  const cached = fresh ? undefined : services.sessions.session(tokenHash);
  if (cached && cached.expiresAt > now) {
    if (now.getTime() - cached.touchedAt > TOKEN_TOUCH_INTERVAL_MS) {
      cached.touchedAt = now.getTime();
      await em.nativeUpdate(PersonalToken, { id: cached.principal.tokenId }, { lastUsedAt: now });
    }
    return { principal: cached.principal, authError: null, tokenHash, cached };
  }
  // System read: the token, its user and the user's organizations, before any organization is known (one statement).
  const token = await em.findOne(PersonalToken, { tokenHash }, { populate: ['user.memberships.organization'], strategy: 'joined', ...SYSTEM_READ });
  const user = token?.user.getEntity();
  if (!token || !user || token.revokedAt || token.expiresAt <= now || !user.isActive) {
    return refused(unauthenticated('Invalid, expired or revoked token'));
  }
  let touchedAt = token.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - touchedAt > TOKEN_TOUCH_INTERVAL_MS) {
    touchedAt = now.getTime();
    await em.nativeUpdate(PersonalToken, { id: token.id }, { lastUsedAt: now });
  }
  const organizations = user.memberships.getItems().map((m) => {
    const org = m.organization.getEntity();
    return { id: org.id, slug: org.slug, name: org.name, role: m.role, membershipId: m.id };
  });
  const { id, username, email, isSuperuser, isActive, createdAt } = user;
  const principal: Principal = { user: Object.freeze({ id, username, email, isSuperuser, isActive, createdAt }), tokenId: token.id, organizations };
  services.sessions.keepSession(tokenHash, { principal, authVersion: user.authVersion, expiresAt: token.expiresAt, touchedAt });
  return { principal, authError: null, tokenHash, cached: null };
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
  const em = services.requestOrm.em.fork();
  let auth = await authenticate(services, info.authorization);
  let features: Promise<ReadonlySet<string>> | undefined;
  /** The features version this request relies on (a cached set), re-checked with the session. */
  let featuresVersion: string | null = null;
  let readOnly = false;

  const ctx: Context = {
    requestId: info.requestId,
    ip: info.ip,
    log: info.log,
    services,
    em,
    principal: null,
    authError: null,
    organization: null,
    organizationError: null,
    features(this: Context) {
      features ??= organizationFeatures(this.organization?.id ?? null);
      return features;
    },
    refreshFeatures(this: Context) {
      features = undefined;
      if (this.organization) services.sessions.forgetFeatures(this.organization.id);
    },
    mode: 'tenant',
    loaders: createLoaders(em, null),
    failed: false,
    // Methods, not closures over `ctx`: Apollo hands resolvers and plugins a shallow copy of the
    // context, and a fresh authentication must update the copy they read.
    async beginTransaction(this: Context, options = {}) {
      readOnly = options.readOnly === true;
      markReadOnly(em, readOnly);
      scope(this);
      try {
        await em.begin();
      } catch (error) {
        if (!(error instanceof StaleSessionError)) throw error;
        await this.authenticateFresh();
        await em.begin();
      }
    },
    async authenticateFresh(this: Context) {
      if (!auth.cached && featuresVersion === null) return;
      services.sessions.forget(auth.tokenHash, this.organization?.id ?? null);
      auth = await authenticate(services, info.authorization, true);
      apply(this);
    },
  };

  async function organizationFeatures(organizationId: string | null): Promise<ReadonlySet<string>> {
    if (!organizationId) return new Set();
    const cached = services.sessions.features(organizationId);
    if (cached && cached.version === featuresVersion) return cached.features;
    const { features: set, version } = await readFeatures(em, organizationId);
    services.sessions.keepFeatures(organizationId, { features: set, version });
    return set;
  }

  /** Stages the tenant context (and what to re-check) for the request's next transaction. */
  function scope(target: Context) {
    const cached = auth.cached;
    scopeToOrganization(em, {
      organizationId: target.organization?.id ?? null,
      userId: target.principal?.user.id ?? null,
      platformAdmin: target.principal?.user.isSuperuser === true,
      statementTimeoutMs: services.config.dbStatementTimeoutMs,
      idleInTransactionTimeoutMs: services.config.dbIdleInTransactionTimeoutMs,
      sessionCheck:
        cached || featuresVersion
          ? [cached?.principal.tokenId ?? '', cached?.authVersion ?? '', featuresVersion ? target.organization?.id : '', featuresVersion ?? ''].join(
              '/',
            )
          : '',
      readOnly,
    });
  }

  function apply(target: Context) {
    const { organization, organizationError } = chooseOrganization(auth.principal, info.organization);
    Object.assign(target, { principal: auth.principal, authError: auth.authError, organization, organizationError });
    target.loaders = createLoaders(em, organization?.id ?? null);
    features = undefined;
    // A cached feature set is used as is, and re-checked by every transaction with the session.
    const known = organization ? services.sessions.features(organization.id) : undefined;
    featuresVersion = known?.version ?? null;
    if (known) features = Promise.resolve(known.features);
    scope(target);
  }

  apply(ctx);
  return ctx;
}

const FEATURE_STATUSES = new Set([SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE]);

/** The organization's plan features and the features version they were read at, in one statement (the request's transaction). */
async function readFeatures(em: EntityManager, organizationId: string): Promise<{ features: ReadonlySet<string>; version: string }> {
  const [row] = await em.execute<{ version: string | number; status: string | null; codes: string | null }[]>(
    `select simplycrm_features_version(?) as version, s.status,
       (select string_agg(f.code, ',') from subscription_plan_features pf join feature_flags f on f.id = pf.feature_flag_id where pf.plan_id = s.plan_id) as codes
     from (select 1) as one left join subscriptions s on s.organization_id = ?`,
    [organizationId, organizationId],
  );
  const active = row?.status != null && FEATURE_STATUSES.has(row.status as SubscriptionStatus);
  return { features: new Set(active && row.codes ? row.codes.split(',') : []), version: String(row?.version ?? '') };
}

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
