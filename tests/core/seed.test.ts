import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSuperuserInput, UsageError } from '../../src/cli.js';
import { createSuperuser, seedDemo } from '../../src/modules/core/seed.js';
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
    expect(org.data.organization.features).toHaveLength(8);
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
