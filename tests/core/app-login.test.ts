import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildContext } from '../../src/context.js';
import { memberOf } from '../factories/core.js';
import { TEST_APP_LOGIN } from '../helpers/global-setup.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

// A separate login role needs a PostgreSQL server; the embedded database has a single login.
describe.runIf(inject('templateDatabaseUrl'))('tenant requests through their own login (DATABASE_APP_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ appLogin: TEST_APP_LOGIN });
  });
  afterAll(() => t.close());

  it('serves requests as usual', async () => {
    const { token, organization } = await memberOf(t);
    const res = await t.gql('{ organization { slug } memberships { totalCount } }', { token });
    expect(res.data).toEqual({ organization: { slug: organization.slug }, memberships: { totalCount: 1 } });
  });

  it('cannot regain owner privileges with RESET ROLE, and row-level security still applies', async () => {
    const a = await memberOf(t);
    await memberOf(t);
    const ctx = await buildContext(t.services, { requestId: 'test', ip: '127.0.0.1', log: t.server.log, authorization: `Bearer ${a.token}` });
    await ctx.em.begin();
    try {
      await ctx.em.execute('reset role');
      expect((await ctx.em.execute('select current_user as who'))[0].who).toBe(TEST_APP_LOGIN);
      await expect(ctx.em.execute('select password_hash from users')).rejects.toThrow(/permission denied/);
    } finally {
      await ctx.em.rollback();
    }
    const ctx2 = await buildContext(t.services, { requestId: 'test', ip: '127.0.0.1', log: t.server.log, authorization: `Bearer ${a.token}` });
    await ctx2.em.begin();
    try {
      await ctx2.em.execute('reset role');
      const orgs = await ctx2.em.execute<{ organization_id: string }[]>('select distinct organization_id from memberships');
      expect(orgs).toEqual([{ organization_id: a.organization.id }]);
    } finally {
      await ctx2.em.rollback();
    }
  });
});
