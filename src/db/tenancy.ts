import type { EntityManager } from '@mikro-orm/core';
import { SESSION_CHECK } from './session-context.js';

/** Database role the API's queries run as: owns no tables and cannot bypass row-level security. */
export const APP_DB_ROLE = 'simplycrm_app';
/** Transaction-local settings the RLS policies read. */
export const ORG_SETTING = 'app.organization_id';
export const USER_SETTING = 'app.user_id';
/** `on` for a platform administrator's requests: the few policies that let them read across organizations (dead jobs) check it. */
export const PLATFORM_ADMIN_SETTING = 'app.platform_admin';
/** MikroORM filter scoping tenant entities to one organization. */
export const TENANT_FILTER = 'tenant';

/** Value used when a request has no organization: matches no row. */
const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/**
 * Points an EntityManager at one organization: the tenant filter for reads through the ORM, and
 * the session context (role + setting) MikroORM applies at the start of every transaction, so
 * PostgreSQL's row-level security enforces the same boundary for every statement, raw SQL included.
 */
export type RequestScope = {
  organizationId: string | null;
  userId: string | null;
  /** A platform administrator (users.is_superuser): see PLATFORM_ADMIN_SETTING. */
  platformAdmin?: boolean;
  /** Per-transaction limits, so no request can hold a connection indefinitely. */
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  /** `tokenId/authVersion/organizationId/featuresVersion` of a cached session, re-checked by every transaction (db/session-context.ts); empty parts are not checked. */
  sessionCheck?: string;
  /** Every transaction of the request is read-only (GraphQL queries). */
  readOnly?: boolean;
};

export function scopeToOrganization(em: EntityManager, scope: RequestScope): void {
  const id = scope.organizationId ?? NO_ORGANIZATION;
  em.setFilterParams(TENANT_FILTER, { organizationId: id });
  em.setSessionContext({
    role: APP_DB_ROLE,
    variables: {
      [ORG_SETTING]: id,
      [USER_SETTING]: scope.userId ?? '',
      [PLATFORM_ADMIN_SETTING]: scope.platformAdmin ? 'on' : '',
      statement_timeout: String(scope.statementTimeoutMs),
      idle_in_transaction_session_timeout: String(scope.idleInTransactionTimeoutMs),
      // Always staged, so a later call replaces an earlier one ('' and 'off' check and restrict nothing).
      [SESSION_CHECK]: scope.sessionCheck ?? '',
      transaction_read_only: scope.readOnly ? 'on' : 'off',
    },
  });
}

/** Options for a deliberate cross-tenant read by system code (authentication, seeding). */
export const SYSTEM_READ = { filters: { [TENANT_FILTER]: false } } as const;

/** EntityManagers of read-only requests (GraphQL queries), set when their transaction begins. */
const readOnlyEms = new WeakSet<object>();

/** Marks a request's EntityManager as serving a read-only request (or not). */
export function markReadOnly(em: object, readOnly: boolean): void {
  if (readOnly) readOnlyEms.add(em);
  else readOnlyEms.delete(em);
}

/**
 * Find options for reads on `em`: a read-only request's entities are not registered in its
 * identity map and unit of work (nothing can be written back; measured: half the CPU of hydrating a
 * page of 50 opportunities), so each read builds its own instances. Anything else gets none.
 */
export const readOptions = (em: object): { disableIdentityMap?: true } => (readOnlyEms.has(em) ? { disableIdentityMap: true } : {});

/** True while `em` serves a read-only request (GraphQL queries): its reads may be plain records (db/plain-rows.ts). */
export const isReadOnly = (em: object): boolean => readOnlyEms.has(em);
