import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSuperuserInput, UsageError } from '../../src/cli.js';
import { seedDemo } from '../../src/demo/index.js';
import { createSuperuser } from '../../src/modules/core/seed.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('demo seed and superusers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds a demo organization on enterprise once, whose user can sign in', async () => {
    const login = await seedDemo(t.systemEm(), 'demo password 123');
    expect(login).toEqual({ username: 'demo', password: 'demo password 123', organization: 'demo' });
    expect(await seedDemo(t.systemEm())).toBeNull();
    const res = await t.gql('mutation { obtainToken(input: { username: "demo", password: "demo password 123" }) { token } }');
    const token = res.data.obtainToken.token;
    const org = await t.gql('{ organization { slug subscription { plan { code } } features } }', { token });
    expect(org.data.organization.slug).toBe('demo');
    expect(org.data.organization.subscription.plan.code).toBe('enterprise');
    expect(org.data.organization.features).toHaveLength(11);
    // The whole demo is seeded here, not in a hook: 20-30 s on a loaded 2-core machine.
  }, 60_000);

  it('seeds a realistic catalog: suppliers, ~50 products, ~150 variants, 2 warehouses, a year of prices, consistent stock', async () => {
    const res = await t.gql('mutation { obtainToken(input: { username: "demo", password: "demo password 123" }) { token } }', {
      ip: '2001:db8::5eed',
    });
    const token = res.data.obtainToken.token;
    const counts = await t.gql(
      '{ suppliers { totalCount } products { totalCount } productVariants { totalCount } warehouses { totalCount } lowStockVariants { totalCount } }',
      { token },
    );
    expect(counts.data).toMatchObject({
      suppliers: { totalCount: 4 },
      products: { totalCount: 49 },
      productVariants: { totalCount: 147 },
      warehouses: { totalCount: 2 },
    });
    expect(counts.data.lowStockVariants.totalCount).toBeGreaterThan(0);
    const [history] = await t.systemEm().execute<{ changes: number; variants: number; first: Date; last: Date }[]>(
      `select count(*)::int as changes, count(distinct variant_id)::int as variants, min(valid_from) as first, max(valid_from) as last
       from price_changes where kind = 'list_price' and old_amount is not null`,
    );
    expect(history.changes).toBeGreaterThan(200);
    expect(new Date(history.last).getTime() - new Date(history.first).getTime()).toBeGreaterThan(300 * 86400_000);
    const drift = await t.systemEm().execute(
      `select 1 from stock_levels l where (l.on_hand, l.reserved) <> (select coalesce(sum(on_hand_delta), 0), coalesce(sum(reserved_delta), 0)
       from stock_movements m where m.variant_id = l.variant_id and m.warehouse_id = l.warehouse_id)`,
    );
    expect(drift).toEqual([]);
  });

  it('creates a superuser who may list feature flags', async () => {
    await createSuperuser(t.systemEm(), { username: 'root-admin', email: 'root@example.com', password: 'a long admin password' });
    const res = await t.gql('mutation { obtainToken(input: { username: "root-admin", password: "a long admin password" }) { token } }');
    const flags = await t.gql('{ featureFlags { code } }', { token: res.data.obtainToken.token });
    expect(flags.data.featureFlags.map((f: { code: string }) => f.code)).toContain('assistant.chat');
  });

  it('names what is wrong with createsuperuser arguments', () => {
    expect(() => checkSuperuserInput({ username: 'ok-user', email: 'x', password: 'short' })).toThrow(UsageError);
    expect(() => checkSuperuserInput({ username: 'ok-user', email: 'x', password: 'short' })).toThrow(
      /--email: email must be an e-mail address\n--password: password must be 12 to 128 characters/,
    );
    expect(checkSuperuserInput({ username: 'Admin', email: 'a@b.co', password: 'long enough password' }).username).toBe('admin');
  });
});
