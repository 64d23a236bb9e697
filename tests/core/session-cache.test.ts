import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContext } from '../../src/context.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { addMember, createOrganization, createUser, issueToken, memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const METRICS = `{ salesMetrics(range: { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { orderCount } }`;

/**
 * The per-process session cache (context.ts SessionCache) never outlives a change made anywhere:
 * every change here is made with SQL as the database owner, as another process (or an operator)
 * would, after the session is cached, and the very next request sees it.
 */
describe('cached sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const sql = (text: string, params: unknown[] = []) => t.systemEm().execute(text, params);
  const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

  it('answers a lookup in 4 statements once the session is cached, and in one more when it is not', async () => {
    const { token } = await memberOf(t);
    const first = await t.counter.measure(() => t.gql('{ organization { name } }', { token }));
    const cached = await t.counter.measure(() => t.gql('{ organization { name } }', { token }));
    expect(cached.result.data.organization.name).toBeTruthy();
    // begin, the context (settings, role and the session check in one select), the query, commit
    expect(cached.statements.map((s) => /^\[query\] (\S+)/.exec(s)?.[1])).toEqual(['begin', 'select', 'select', 'commit']);
    expect(cached.statements[1]).toMatch(/set_config\('role', 'simplycrm_app', true\)[\s\S]*simplycrm_check_session\(/);
    expect(first.count).toBeGreaterThan(cached.count);
  });

  it('sends begin and the tenant context in one round trip on PostgreSQL (3 round trips for a lookup)', async (test) => {
    if (!process.env.TEST_DATABASE_URL) test.skip();
    const { token } = await memberOf(t);
    await t.gql('{ organization { name } }', { token });
    // The pg the driver uses (@mikro-orm/postgresql's own copy): each Client.query is one round trip (no pipelining).
    const pg = createRequire(import.meta.resolve('@mikro-orm/postgresql'))('pg') as typeof import('pg');
    const query = pg.Client.prototype.query;
    let roundTrips = 0;
    pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
      roundTrips++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      const res = await t.gql('{ organization { name } }', { token });
      expect(res.data.organization.name).toBeTruthy();
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(roundTrips).toBe(3);
  });

  it('refuses a revoked token on the next request', async () => {
    const { token, user } = await memberOf(t);
    expect((await t.gql('{ me { id } }', { token })).data.me.id).toBe(user.id);
    await sql('update personal_tokens set revoked_at = now() where user_id = ?', [user.id]);
    const res = await t.gql('{ me { id } }', { token });
    expect(code(res)).toBe('UNAUTHENTICATED');
  });

  it('refuses a deactivated user on the next request', async () => {
    const { token, user } = await memberOf(t);
    await t.gql('{ organization { name } }', { token });
    await sql('update users set is_active = false where id = ?', [user.id]);
    expect(code(await t.gql('{ organization { name } }', { token }))).toBe('UNAUTHENTICATED');
  });

  it('sees a removed membership and a changed role on the next request', async () => {
    const organization = await createOrganization(t);
    const other = await createOrganization(t);
    const user = await createUser(t);
    const membership = await addMember(t, user, organization, Role.ADMIN);
    await addMember(t, user, other, Role.MEMBER);
    const token = await issueToken(t, user);
    const asIn = (org: { slug: string }) => ({ token, headers: { 'x-organization': org.slug } });
    const roles = async () => (await t.gql('{ myOrganizations { slug role } }', { token })).data.myOrganizations;
    expect(await roles()).toHaveLength(2);
    await sql(`update memberships set role = 'viewer' where id = ?`, [membership.id]);
    expect((await roles()).find((o: { slug: string }) => o.slug === organization.slug).role).toBe('VIEWER');
    expect((await t.gql('{ organization { name } }', asIn(other))).data.organization.name).toBe(other.name);
    await sql('delete from memberships where user_id = ? and organization_id = ?', [user.id, other.id]);
    const res = await t.gql('{ organization { name } }', asIn(other));
    expect(code(res)).toBe('FORBIDDEN');
    expect(res.errors?.[0].message).toContain('not a member');
  });

  it('sees a plan change on the next request', async () => {
    const { token, organization } = await memberOf(t, { plan: 'enterprise' });
    expect((await t.gql(METRICS, { token })).errors).toBeUndefined();
    await sql(`update subscriptions set plan_id = (select id from subscription_plans where code = 'free') where organization_id = ?`, [
      organization.id,
    ]);
    expect(code(await t.gql(METRICS, { token }))).toBe('FORBIDDEN');
    await sql(`update subscriptions set plan_id = (select id from subscription_plans where code = 'enterprise') where organization_id = ?`, [
      organization.id,
    ]);
    expect((await t.gql(METRICS, { token })).errors).toBeUndefined();
  });

  it('runs GraphQL queries in read-only transactions', async () => {
    const { token } = await memberOf(t);
    const ctx = await buildContext(t.services, { requestId: 'ro', ip: '127.0.0.1', log: t.server.log, authorization: `Bearer ${token}` });
    await ctx.beginTransaction({ readOnly: true });
    try {
      const [row] = await ctx.em.execute<{ transaction_read_only: string }[]>('show transaction_read_only');
      expect(row.transaction_read_only).toBe('on');
      await expect(ctx.em.execute(`update organizations set name = name where id = ?`, [ctx.organization?.id])).rejects.toThrow(/read-only/);
    } finally {
      await ctx.em.rollback();
    }
    // Mutations stay read-write.
    const mutation = await t.gql(`mutation { createWarehouse(input: { name: "RO", code: "RO-1" }) { warehouse { id } errors { code } } }`, {
      token,
    });
    expect(mutation.data.createWarehouse.warehouse.id).toBeTruthy();
  });
});
