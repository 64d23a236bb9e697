import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/context.js';
import { APP_DB_ROLE, SYSTEM_READ } from '../../src/db/tenancy.js';
import { Membership, Role } from '../../src/modules/core/membership.entity.js';
import { Subscription } from '../../src/modules/core/subscription.entity.js';
import { addMember, createUser, issueToken, memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('tenant isolation', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof memberOf>>;
  let b: Awaited<ReturnType<typeof memberOf>>;

  beforeAll(async () => {
    t = await startTestApp();
    a = await memberOf(t);
    b = await memberOf(t);
    await addMember(t, await createUser(t), b.organization, Role.MEMBER);
  });
  afterAll(() => t.close());

  /** The EntityManager of a real request made with `token` (context as the server builds it), inside its transaction. */
  async function inRequestOf<T>(token: string, run: (em: ReturnType<TestApp['systemEm']>) => Promise<T>): Promise<T> {
    const ctx = await buildContext(t.services, { requestId: 'test', ip: '127.0.0.1', log: t.server.log, authorization: `Bearer ${token}` });
    await ctx.em.begin();
    try {
      return await run(ctx.em);
    } finally {
      await ctx.em.rollback();
    }
  }

  it("refuses to read another organization's members through the x-organization header", async () => {
    const res = await t.gql('{ memberships { totalCount } }', { token: a.token, org: b.organization.id });
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("treats another organization's membership ID as not found, and leaves it untouched", async () => {
    const theirs = b.membership.id;
    const change = await t.gql(`mutation { changeMemberRole(input: { membershipId: "${theirs}", role: VIEWER }) { errors { code } } }`, {
      token: a.token,
    });
    expect(change.errors?.[0]).toMatchObject({ message: `Membership ${theirs} not found`, extensions: { code: 'NOT_FOUND' } });
    const remove = await t.gql(`mutation { removeMember(input: { membershipId: "${theirs}" }) { errors { code } } }`, { token: a.token });
    expect(remove.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const row = await t.systemEm().findOneOrFail(Membership, { id: theirs }, SYSTEM_READ);
    expect(row.role).toBe(Role.OWNER);
  });

  it('lists only the own organization even when the ORM filter is switched off (row-level security)', async () => {
    const rows = await inRequestOf(a.token, (em) => em.find(Membership, {}, { filters: false }));
    expect(rows.map((m) => m.organization.id)).toEqual([a.organization.id]);
  });

  it("cannot read, update or delete another organization's rows with raw SQL", async () => {
    await inRequestOf(a.token, async (em) => {
      const visible = await em.execute<{ organization_id: string }[]>('select organization_id from memberships');
      expect(new Set(visible.map((r) => r.organization_id))).toEqual(new Set([a.organization.id]));
      expect(await em.execute('select id from organizations')).toEqual([{ id: a.organization.id }]);
      const updated: { affectedRows: number } = await em.execute(
        `update memberships set role = 'viewer' where organization_id = ?`,
        [b.organization.id],
        'run',
      );
      expect(updated.affectedRows).toBe(0);
      const deleted: { affectedRows: number } = await em.execute('delete from subscriptions where organization_id = ?', [b.organization.id], 'run');
      expect(deleted.affectedRows).toBe(0);
    });
    expect(await t.systemEm().count(Subscription, { organization: b.organization.id }, SYSTEM_READ)).toBe(1);
    expect((await t.systemEm().findOneOrFail(Membership, { id: b.membership.id }, SYSTEM_READ)).role).toBe(Role.OWNER);
  });

  it('cannot write a row into another organization', async () => {
    const insert = inRequestOf(a.token, (em) =>
      em.execute(
        `insert into memberships (id, created_at, updated_at, organization_id, user_id, role) values (gen_random_uuid(), now(), now(), ?, ?, 'owner')`,
        [b.organization.id, a.user.id],
      ),
    );
    await expect(insert).rejects.toThrow(/row-level security/);
    expect(await t.systemEm().count(Membership, { organization: b.organization.id, user: a.user.id }, SYSTEM_READ)).toBe(0);
  });

  it('sees no tenant rows at all without an organization', async () => {
    const loner = await issueToken(t, await createUser(t));
    const counts = await inRequestOf(loner, (em) =>
      em.execute<{ n: number }[]>(
        'select (select count(*) from organizations) + (select count(*) from memberships) + (select count(*) from subscriptions) as n',
      ),
    );
    expect(Number(counts[0].n)).toBe(0);
  });

  it("cannot read password hashes, other organizations' users or tokens, nor write global tables", async () => {
    const denied = (sql: string, params: unknown[] = []) =>
      expect(
        inRequestOf(a.token, (em) => em.execute(sql, params)),
        sql,
      ).rejects.toThrow(/permission denied/);
    await denied('select password_hash from users');
    await denied(`update users set is_superuser = true where id = ?`, [b.user.id]);
    await denied(`update subscription_plans set name = 'hacked'`);
    await denied(`insert into feature_flags (id, created_at, updated_at, code) values (gen_random_uuid(), now(), now(), 'x.y')`);
    await denied(`insert into organizations (id, created_at, updated_at, name, slug) values (gen_random_uuid(), now(), now(), 'x', 'x-slug')`);
    await denied(
      `insert into personal_tokens (id, created_at, updated_at, user_id, token_hash, prefix, expires_at) values (gen_random_uuid(), now(), now(), ?, 'h', 'p', now())`,
      [b.user.id],
    );
    await denied('select * from login_throttle');
    await inRequestOf(a.token, async (em) => {
      const users = await em.execute<{ id: string }[]>('select id from users');
      expect(users.map((u) => u.id)).toEqual([a.user.id]);
      const tokens = await em.execute<{ user_id: string }[]>('select user_id from personal_tokens');
      expect(new Set(tokens.map((r) => r.user_id))).toEqual(new Set([a.user.id]));
      const revoked: { affectedRows: number } = await em.execute(
        'update personal_tokens set revoked_at = now() where user_id = ?',
        [b.user.id],
        'run',
      );
      expect(revoked.affectedRows).toBe(0);
    });
    expect((await t.gql('{ me { id } }', { token: b.token })).data.me.id).toBe(b.user.id);
  });

  it('grants the request role only what the allowlist says', async () => {
    const grants = await t.systemEm().execute<{ table_name: string; privileges: string }[]>(
      `
      select table_name, string_agg(privilege_type, ',' order by privilege_type) as privileges
      from information_schema.role_table_grants where grantee = ? group by table_name order by table_name`,
      [APP_DB_ROLE],
    );
    expect(Object.fromEntries(grants.map((g) => [g.table_name, g.privileges]))).toEqual({
      accounts: 'DELETE,INSERT,SELECT,UPDATE',
      activities: 'DELETE,INSERT,SELECT,UPDATE',
      cache_versions: 'SELECT',
      assistant_conversations: 'DELETE,INSERT,SELECT,UPDATE',
      assistant_messages: 'DELETE,INSERT,SELECT', // questions and answers are never edited
      assistant_usage_days: 'INSERT,SELECT,UPDATE', // usage is only added to: deleting conversations keeps it
      contacts: 'DELETE,INSERT,SELECT,UPDATE',
      document_sequences: 'INSERT,SELECT,UPDATE', // counters are never deleted
      feature_flags: 'SELECT',
      idempotency_keys: 'DELETE,INSERT,SELECT,UPDATE',
      invitations: 'INSERT,SELECT,UPDATE',
      invoice_lines: 'INSERT,SELECT', // written once, with the draft invoice
      invoices: 'INSERT,SELECT,UPDATE', // voided, never deleted
      leads: 'DELETE,INSERT,SELECT,UPDATE',
      memberships: 'DELETE,INSERT,SELECT,UPDATE',
      opportunities: 'DELETE,INSERT,SELECT,UPDATE',
      opportunity_contact_roles: 'DELETE,INSERT,SELECT,UPDATE',
      domain_events: 'INSERT,SELECT', // append-only outbox: written with each change, never edited
      failed_jobs: 'DELETE,INSERT,SELECT,UPDATE', // dead letters: jobs record them as the organization, retryJob updates them
      daily_sales: 'DELETE,INSERT,SELECT,UPDATE', // rollups: the nightly refresh rewrites stale days as the organization
      daily_leads: 'DELETE,INSERT,SELECT,UPDATE',
      daily_variant_sales: 'DELETE,INSERT,SELECT,UPDATE',
      monthly_variant_sales: 'DELETE,INSERT,SELECT,UPDATE',
      daily_account_sales: 'DELETE,INSERT,SELECT,UPDATE',
      monthly_account_sales: 'DELETE,INSERT,SELECT,UPDATE',
      cumulative_variant_sales: 'DELETE,INSERT,SELECT,UPDATE',
      cumulative_account_sales: 'DELETE,INSERT,SELECT,UPDATE',
      analytics_stale_days: 'DELETE,INSERT,SELECT,UPDATE', // marked by the triggers on orders, order lines, invoices, payments, leads and opportunities; cleared by the refresh
      handled_events: 'INSERT,SELECT', // handler receipts: written with the handler's effects, never edited
      job_requests: 'INSERT,SELECT', // the task outbox: written with the work that asks, moved into the queues by the dispatcher (the owner)
      automation_rules: 'DELETE,INSERT,SELECT,UPDATE',
      automation_rule_versions: 'INSERT,SELECT', // history: each version as it was saved
      automation_runs: 'INSERT,SELECT,UPDATE', // the run log: deleted only with its rule
      automation_action_runs: 'INSERT,SELECT,UPDATE',
      notifications: 'INSERT,SELECT,UPDATE', // read marks only
      notification_preferences: 'DELETE,INSERT,SELECT,UPDATE',
      campaigns: 'DELETE,INSERT,SELECT,UPDATE',
      campaign_recipients: 'DELETE,INSERT,SELECT,UPDATE',
      webhook_endpoints: 'DELETE,INSERT,SELECT,UPDATE',
      webhook_deliveries: 'DELETE,INSERT,SELECT,UPDATE',
      webhook_attempts: 'INSERT,SELECT', // the attempt log is history
      opportunity_lines: 'DELETE,INSERT,SELECT,UPDATE',
      opportunity_stage_changes: 'INSERT,SELECT', // append-only history
      order_lines: 'DELETE,INSERT,SELECT,UPDATE',
      orders: 'DELETE,INSERT,SELECT,UPDATE',
      organizations: 'SELECT,UPDATE',
      payments: 'INSERT,SELECT', // money received is never edited or deleted
      pipeline_stages: 'DELETE,INSERT,SELECT,UPDATE',
      pipelines: 'DELETE,INSERT,SELECT,UPDATE',
      personal_tokens: 'SELECT',
      price_changes: 'SELECT', // written by the price-history trigger only
      product_variants: 'DELETE,INSERT,SELECT,UPDATE',
      products: 'DELETE,INSERT,SELECT,UPDATE',
      record_changes: 'INSERT,SELECT', // append-only timeline
      shipment_lines: 'DELETE,INSERT,SELECT,UPDATE',
      shipments: 'DELETE,INSERT,SELECT,UPDATE',
      stock_levels: 'SELECT', // written with the ledger by simplycrm_apply_stock_movement only
      stock_movements: 'SELECT',
      subscription_plan_features: 'SELECT',
      subscription_plans: 'SELECT',
      subscriptions: 'DELETE,INSERT,SELECT,UPDATE',
      supplier_offers: 'DELETE,INSERT,SELECT,UPDATE',
      suppliers: 'DELETE,INSERT,SELECT,UPDATE',
      warehouses: 'DELETE,INSERT,SELECT,UPDATE',
    });
  });

  it('runs queries as a role that cannot bypass row-level security and owns no table', async () => {
    const [role] = await t.systemEm().execute(`select rolsuper, rolbypassrls from pg_roles where rolname = ?`, [APP_DB_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await t.systemEm().execute(`select count(*)::int as n from pg_tables where tableowner = ?`, [APP_DB_ROLE]);
    expect(owned[0].n).toBe(0);
    const current = await inRequestOf(a.token, (em) => em.execute('select current_user as who'));
    expect(current[0].who).toBe(APP_DB_ROLE);
  });

  it('has row-level security enabled, forced and with a tenant policy on every table holding organization_id', async () => {
    const tables = await t.systemEm().execute<{ table: string; enabled: boolean; forced: boolean; policy: boolean }[]>(`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             exists (select 1 from pg_policies p where p.tablename = c.relname and p.policyname = 'tenant_isolation') as policy
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and (c.relname = 'organizations' or exists (select 1 from information_schema.columns col
             where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'organization_id'))
      order by 1`);
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const row of tables) expect(row, row.table).toMatchObject({ enabled: true, forced: true, policy: true });
  });
});

describe('tenant context cost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('costs BEGIN, one context statement and COMMIT per request once the session is cached', async () => {
    const { token } = await memberOf(t);
    await t.gql('{ me { id } }', { token }); // first use reads the token and stamps lastUsedAt (at most once a minute)
    const { count, statements } = await t.counter.measure(() => t.gql('{ organization { name } }', { token }));
    // begin, set_config (settings and role) with the session check, the query itself, commit
    expect(statements.join('\n')).toMatch(/set_config\('app.organization_id'[\s\S]*set_config\('role'/);
    expect(statements.join('\n')).not.toMatch(/set local role/);
    expect(count).toBe(4);
    console.info(`statements per authenticated request: ${count} (tenant context: 3 of them)`);
  });
});
