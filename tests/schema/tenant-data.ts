import { createHash, randomBytes } from 'node:crypto';
import { Conversation } from '../../src/modules/assistant/conversation.entity.js';
import {
  AutomationActionStatus,
  AutomationActionType,
  AutomationRunStatus,
  AutomationSubject,
  AutomationTriggerKind,
  CampaignAudienceType,
} from '../../src/modules/automation/automation-enums.js';
import {
  AutomationActionRun,
  AutomationRule,
  AutomationRuleVersion,
  AutomationRun,
  Notification,
} from '../../src/modules/automation/automation.entity.js';
import { definitionOf } from '../../src/modules/automation/engine.js';
import { Campaign, CampaignRecipient } from '../../src/modules/automation/campaign.entity.js';
import { Contact } from '../../src/modules/customers/contact.entity.js';
import { encryptSecret } from '../../src/modules/integrations/secrets.js';
import { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '../../src/modules/integrations/webhook.entity.js';
import { seedDemoCatalog } from '../../src/demo/catalog.seed.js';
import { Lead } from '../../src/modules/customers/lead.entity.js';
import { Invitation } from '../../src/modules/core/invitation.entity.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { seedDemoSales } from '../../src/demo/sales.seed.js';
import { addMember, createUser, memberOf } from '../factories/core.js';
import type { TestApp } from '../helpers/harness.js';

/** Database access to an organization's rows for the schema suites (as the database owner). */

export type Tenant = Awaited<ReturnType<typeof memberOf>>;

/** Tables holding `organization_id`, read from the catalog so new tables are covered without a list. */
export async function tenantTables(t: TestApp): Promise<string[]> {
  const rows = await t.systemEm().execute<{ table_name: string }[]>(
    `select c.table_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and c.column_name = 'organization_id' and t.table_type = 'BASE TABLE' order by 1`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * Tables a user owns outside any organization (`user_id`, no `organization_id`: personal tokens,
 * password reset tokens): an organization's members' rows there are the organization's too.
 */
export async function memberTables(t: TestApp): Promise<string[]> {
  const rows = await t.systemEm().execute<{ table_name: string }[]>(
    `select c.table_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and c.column_name = 'user_id' and t.table_type = 'BASE TABLE'
         and not exists (select 1 from information_schema.columns o where o.table_schema = 'public' and o.table_name = c.table_name and o.column_name = 'organization_id')
       order by 1`,
  );
  return rows.map((r) => r.table_name);
}

/** Columns a request moves without anyone changing the row (a token's last use), left out of member tables' fingerprints. */
const TOUCHED_BY_USE = ['last_used_at', 'updated_at'];

/**
 * A fingerprint of everything an organization owns: per tenant table, the row count and an
 * order-independent sum of row hashes (no sort, so it stays cheap on tens of thousands of rows),
 * plus its organization row, its members' user rows and its members' rows of the member tables
 * (hashed without the columns merely using a token moves, in either mode).
 */
export async function fingerprint(
  t: TestApp,
  organizationId: string,
  tables: string[],
  mode: 'content' | 'versions' = 'content',
): Promise<Record<string, string>> {
  // `versions`: count and newest row version (xmin): any insert, update or delete moves one of them,
  // at a fraction of the cost of hashing every row, so it can run after every operation.
  const f =
    mode === 'content'
      ? `count(*)::text || ':' || coalesce(sum(hashtext(x::text)::bigint), 0)::text as f`
      : `count(*)::text || ':' || coalesce(max(x.xmin::text::bigint), 0)::text as f`;
  const parts = [
    ...tables.map((table) => `select '${table}' as t, ${f} from "${table}" x where organization_id = ?`),
    `select 'organizations' as t, ${f} from organizations x where id = ?`,
    `select 'users' as t, ${f} from users x where id in (select user_id from memberships where organization_id = ?)`,
    ...(await memberTables(t)).map(
      (table) =>
        `select '${table}' as t, count(*)::text || ':' || coalesce(sum(hashtext((to_jsonb(x) - '{${TOUCHED_BY_USE.join(',')}}'::text[])::text)::bigint), 0)::text as f
         from "${table}" x where user_id in (select user_id from memberships where organization_id = ?)`,
    ),
  ];
  const rows = await t.systemEm().execute<{ t: string; f: string }[]>(
    parts.join(' union all '),
    parts.map(() => organizationId),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

/** Tables whose fingerprint differs. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys({ ...before, ...after }).filter((table) => before[table] !== after[table]);

/**
 * An organization on enterprise with a record of every type: the demo catalog and a year of sales
 * (kept in step with the domain by its owners), a conversation, a pending invitation and a second member.
 */
export async function seededTenant(t: TestApp): Promise<Tenant & { member: Tenant['membership'] }> {
  const tenant = await memberOf(t);
  const now = new Date();
  await t.systemEm().transactional(async (tx) => {
    await seedDemoCatalog(tx, tenant.organization.id, now);
    await seedDemoSales(tx, tenant.organization.id, tenant.user.id, now);
    tx.create(Conversation, { organization: tenant.organization.id, user: tenant.user.id, title: 'Schema suite conversation' });
    tx.create(Invitation, {
      organization: tenant.organization.id,
      email: `invitee-${randomBytes(4).toString('hex')}@example.com`,
      role: Role.MEMBER,
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      invitedBy: tenant.user.id,
      expiresAt: new Date(now.getTime() + 7 * 86_400_000),
      lastSentAt: now,
    });
    // An automation rule with a version, a run with an action, and a notification from it.
    const rule = tx.create(AutomationRule, {
      organization: tenant.organization.id,
      name: 'Schema suite rule',
      subjectType: AutomationSubject.LEAD,
      triggerKind: AutomationTriggerKind.EVENT,
      eventType: 'lead.updated',
      actions: [{ type: AutomationActionType.NOTIFY, title: 'Schema suite' }],
      condition: null,
      createdBy: tenant.user.id,
    });
    tx.create(AutomationRuleVersion, { organization: tenant.organization.id, rule, version: 1, definition: definitionOf(rule) });
    const lead = await tx.findOneOrFail(Lead, { organization: tenant.organization.id } as never, { filters: false });
    const run = tx.create(AutomationRun, {
      organization: tenant.organization.id,
      rule,
      ruleVersion: 1,
      runKey: `schema-suite:${(lead as { id: string }).id}`,
      triggerKind: AutomationTriggerKind.EVENT,
      subjectType: AutomationSubject.LEAD,
      subjectId: (lead as { id: string }).id,
      status: AutomationRunStatus.SUCCEEDED,
      finishedAt: now,
    });
    tx.create(AutomationActionRun, {
      organization: tenant.organization.id,
      run,
      position: 0,
      type: AutomationActionType.NOTIFY,
      idempotencyKey: `schema-suite:${(lead as { id: string }).id}:0`,
      status: AutomationActionStatus.SUCCEEDED,
      output: { notified: [tenant.user.id] },
    });
    const campaign = tx.create(Campaign, {
      organization: tenant.organization.id,
      name: 'Schema suite campaign',
      audienceType: CampaignAudienceType.CONTACTS,
      audience: null,
      subject: 'Hello',
      textBody: 'Text',
    });
    const contact = await tx.findOneOrFail(Contact, { organization: tenant.organization.id } as never, { filters: false });
    tx.create(CampaignRecipient, {
      organization: tenant.organization.id,
      campaign,
      subjectType: 'Contact',
      subjectId: contact.id,
      email: contact.email,
    });
    const endpoint = tx.create(WebhookEndpoint, {
      organization: tenant.organization.id,
      url: 'https://hooks.example.com/schema-suite',
      secretCiphertext: encryptSecret({ secretsKey: null, isProduction: false }, 'whsec_c2NoZW1hIHN1aXRl'),
    });
    const delivery = tx.create(WebhookDelivery, {
      organization: tenant.organization.id,
      endpoint,
      messageId: randomBytes(8).toString('hex'),
      eventType: 'account.created',
      payload: { type: 'account.created' },
      status: WebhookDeliveryStatus.SUCCEEDED,
    });
    tx.create(WebhookAttempt, { organization: tenant.organization.id, delivery, number: 1, httpStatus: 200, latencyMs: 5 });
    tx.create(Notification, {
      organization: tenant.organization.id,
      user: tenant.user.id,
      title: 'Schema suite notification',
      subjectType: 'Lead',
      subjectId: (lead as { id: string }).id,
      runId: run.id,
    });
  });
  // A handler receipt and a dead job (the job runtime writes both), for one of its events.
  await t.systemEm().execute(
    `with e as (select id, organization_id from domain_events where organization_id = ? order by id limit 1),
       r as (insert into handled_events (id, organization_id, handler, event_id, created_at, updated_at)
             select gen_random_uuid(), organization_id, 'schema-suite', id, now(), now() from e)
     insert into failed_jobs (id, organization_id, queue, job_id, event_id, data, error, attempts, failed_at, created_at, updated_at)
     select gen_random_uuid(), organization_id, 'event.schema-suite', gen_random_uuid(), id, jsonb_build_object('organizationId', organization_id, 'eventId', id),
            'schema suite', 3, now(), now(), now() from e`,
    [tenant.organization.id],
  );
  // Rolled up as the nightly refresh would, so every rollup table holds rows of this organization.
  await t
    .systemEm()
    .execute('select simplycrm_refresh_analytics(?, array(select day from analytics_stale_days where organization_id = ?))', [
      tenant.organization.id,
      tenant.organization.id,
    ]);
  await t.systemEm().execute('delete from analytics_stale_days where organization_id = ?', [tenant.organization.id]);
  const member = await addMember(t, await createUser(t), tenant.organization, Role.MEMBER);
  return { ...tenant, member };
}

/**
 * Appends each row's own ID to its name-like columns, so a name that leaks without its record's
 * ID still carries an ID the scan recognises.
 */
export async function markNames(t: TestApp, organizationId: string): Promise<void> {
  const em = t.systemEm();
  const columns = await em.execute<{ table_name: string; column_name: string; max: number | null }[]>(
    `select c.table_name, c.column_name, c.character_maximum_length as max from information_schema.columns c
     where c.table_schema = 'public' and c.data_type in ('text', 'character varying')
       and c.column_name in ('name', 'first_name', 'last_name', 'title', 'subject', 'company', 'email', 'sku', 'description')
       and exists (select 1 from information_schema.columns o where o.table_schema = 'public' and o.table_name = c.table_name and o.column_name = 'organization_id')
       and exists (select 1 from information_schema.columns i where i.table_schema = 'public' and i.table_name = c.table_name and i.column_name = 'id')`,
  );
  await em.transactional(async (tx) => {
    // Arranging test data: the guards on issued documents (triggers) would refuse the rename.
    await tx.execute('set local session_replication_role = replica');
    for (const { table_name, column_name, max } of columns) {
      const keep = max ? `left("${column_name}", ${Math.max(0, max - 37)})` : `"${column_name}"`;
      await tx.execute(
        `update "${table_name}" set "${column_name}" = ${keep} || ' ' || id::text where organization_id = ? and "${column_name}" is not null`,
        [organizationId],
      );
    }
  });
}

/** Every UUID that names something of the organization: rows of its tenant tables, itself, its members' users and their member-table rows. */
export async function idsOf(t: TestApp, organizationId: string, tables: string[]): Promise<Set<string>> {
  const em = t.systemEm();
  const ids = new Set<string>([organizationId]);
  for (const table of tables) {
    const hasId = await em.execute(
      `select 1 from information_schema.columns where table_schema = 'public' and table_name = ? and column_name = 'id'`,
      [table],
    );
    if (!hasId.length) continue;
    for (const row of await em.execute<{ id: string }[]>(`select id::text as id from "${table}" where organization_id = ?`, [organizationId]))
      ids.add(row.id);
  }
  for (const row of await em.execute<{ id: string }[]>(`select user_id::text as id from memberships where organization_id = ?`, [organizationId]))
    ids.add(row.id);
  for (const table of await memberTables(t))
    for (const row of await em.execute<{ id: string }[]>(
      `select id::text as id from "${table}" where user_id in (select user_id from memberships where organization_id = ?)`,
      [organizationId],
    ))
      ids.add(row.id);
  return ids;
}

/** States worth pointing at: an order that can still be shipped, an invoice that can still be paid… */
const PREFERRED: Record<string, string> = {
  orders: `status = 'confirmed'`,
  invoices: `status = 'issued'`,
  order_lines: `order_id in (select id from orders where status = 'confirmed')`,
  opportunities: `status = 'open'`,
  leads: `status <> 'converted'`,
};

/** Other samples, keyed `Type:variant`: a draft order for the operations that change drafts. */
const VARIANTS: Record<string, Record<string, string>> = {
  orders: { draft: `status = 'draft'` },
  invoices: { draft: `status = 'draft'` },
};

/**
 * IDs of each record type for the organization, keyed by GraphQL type name (the entity with that
 * class name gives the table; User: the organization's owner): `Type` the preferred row, `Type#2`
 * another one (for a transfer's destination), `Type:variant` a row in a named state.
 */
export async function sampleIds(t: TestApp, tenant: Tenant, typeNames: Iterable<string>): Promise<Map<string, string>> {
  const em = t.systemEm();
  const all = t.services.orm.getMetadata().getAll() as unknown;
  const metadata = (all instanceof Map ? [...all.values()] : Object.values(all as object)) as { className: string; tableName: string }[];
  const out = new Map<string, string>();
  const tenantScoped = new Set(await tenantTables(t));
  const memberScoped = new Set(await memberTables(t));
  // The organization's rows: of a tenant table by `organization_id`, of `organizations` itself, of a member table by its members.
  const scope = (table: string) =>
    tenantScoped.has(table)
      ? 'organization_id = ?'
      : table === 'organizations'
        ? 'id = ?'
        : memberScoped.has(table)
          ? 'user_id in (select user_id from memberships where organization_id = ?)'
          : null;
  const pick = async (key: string, table: string, where: string, offset = 0) => {
    const scoped = scope(table);
    if (!scoped) throw new Error(`sampleIds: no way to tell which organization a row of ${table} belongs to`);
    const [row] = await em.execute<{ id: string }[]>(
      `select id::text as id from "${table}" where ${scoped} ${where} order by ${PREFERRED[table] ? `${PREFERRED[table]} desc, ` : ''}created_at desc, id limit 1 offset ${offset}`,
      [tenant.organization.id],
    );
    if (row) out.set(key, row.id);
  };
  for (const name of typeNames) {
    if (name === 'User') {
      out.set(name, tenant.user.id);
      continue;
    }
    // The entity of the same class name, else the table named after the type (a type renamed in the schema only).
    const table = `${name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toLowerCase()}s`;
    const meta = metadata.find((m) => m.className === name) ?? metadata.find((m) => m.tableName === table);
    if (!meta) continue;
    await pick(name, meta.tableName, '');
    await pick(`${name}#2`, meta.tableName, '', 1);
    for (const [variant, where] of Object.entries(VARIANTS[meta.tableName] ?? {})) await pick(`${name}:${variant}`, meta.tableName, `and ${where}`);
  }
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * A's IDs and distinctive values found in a response. IDs the caller sent may come back inside
 * error messages ("Account … not found"); anywhere else they are a leak too.
 */
export function leaksIn(response: unknown, foreignIds: Set<string>, sent: Set<string>, distinctive: string[]): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string | null) => {
    if (typeof value === 'string') {
      for (const id of value.match(UUID) ?? []) {
        const lower = id.toLowerCase();
        if (foreignIds.has(lower) && !(key === 'message' && sent.has(lower))) found.push(`${key}: ${id}`);
      }
      for (const word of distinctive) if (value.includes(word)) found.push(`${key}: ${word}`);
    } else if (Array.isArray(value)) for (const item of value) visit(item, key);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(response, null);
  return found;
}

/**
 * Deletes an organization's orders but the `keep` newest (and the newest of each status), with
 * every row that refers to them, found from the foreign keys: the other side of the suite needs a
 * record of every type, not a year of history that makes each analytics call take seconds.
 */
export async function pruneOrders(t: TestApp, organizationId: string, keep: number): Promise<void> {
  const em = t.systemEm();
  const references = await em.execute<{ referencing: string; column: string; referenced: string }[]>(
    `select c.conrelid::regclass::text as referencing, a.attname as column, c.confrelid::regclass::text as referenced
     from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
     where c.contype = 'f' and a.attname <> 'organization_id' and c.connamespace = 'public'::regnamespace`,
  );
  const deleteWhere = async (tx: typeof em, table: string, where: string, depth = 0): Promise<void> => {
    if (depth > 6) return;
    for (const ref of references.filter((r) => r.referenced === table && r.referencing !== table))
      await deleteWhere(tx, ref.referencing, `"${ref.column}" in (select id from "${table}" where ${where})`, depth + 1);
    await tx.execute(`delete from "${table}" where ${where}`);
  };
  await em.transactional(async (tx) => {
    await tx.execute('set local session_replication_role = replica');
    const org = `organization_id = '${organizationId}'`;
    await deleteWhere(
      tx as typeof em,
      'orders',
      `${org} and id not in (select id from orders where ${org} order by ordered_at desc limit ${keep})
       and id not in (select distinct on (status) id from orders where ${org} order by status, ordered_at desc)`,
    );
  });
}
