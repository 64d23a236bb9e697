import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('HTTPS redirect without PUBLIC_URL (production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production', TRUST_PROXY: 'true', LOG_LEVEL: 'silent' } });
  });
  afterAll(() => t.close());

  it('refuses plain HTTP with 400 instead of redirecting to the Host the client sent', async () => {
    const res = await t.server.inject({ url: '/graphql?x=1', headers: { 'x-forwarded-proto': 'http', host: 'evil.example' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.json()).toEqual({ status: 'refused', reason: expect.stringContaining('HTTPS required') });
    expect(res.body).not.toContain('evil.example');
  });

  it('still serves HTTPS (through the proxy) and the health checks over plain HTTP', async () => {
    expect((await t.gql('{ __typename }', { headers: { 'x-forwarded-proto': 'https' } })).data).toEqual({ __typename: 'Query' });
    expect((await t.server.inject({ url: '/readyz', headers: { 'x-forwarded-proto': 'http', host: 'evil.example' } })).statusCode).toBe(200);
  });
});

describe('HTTPS redirect with PUBLIC_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { NODE_ENV: 'production', TRUST_PROXY: 'true', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://crm.example.com:8443/' },
    });
  });
  afterAll(() => t.close());

  it.each([
    ['GET', 301],
    ['POST', 308],
  ])('sends %s to PUBLIC_URL with the path and query, whatever the Host (%i)', async (method, status) => {
    const res = await t.server.inject({
      method: method as 'GET' | 'POST',
      url: '/graphql?op=Me',
      headers: { 'x-forwarded-proto': 'http', host: 'evil.example', 'content-type': 'application/json' },
      ...(method === 'POST' ? { payload: {} } : {}),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers.location).toBe('https://crm.example.com:8443/graphql?op=Me');
  });
});
