import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('GraphQL hardening (development)', () => {
  let t: TestApp;
  const captured = captureLogger();
  beforeAll(async () => {
    t = await startTestApp({ log: captured.log });
  });
  afterAll(() => t.close());

  it('masks unexpected errors and logs them with the request id', async () => {
    t.services.loginGuard.admit = async () => {
      throw new Error('redis exploded with secret details');
    };
    const res = await t.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-under-test' },
      payload: { query: 'mutation { obtainToken(input: { username: "a", password: "b" }) { token } }' },
    });
    const body = res.json();
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(body.errors[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(body.errors[0].extensions.stacktrace).toBeUndefined();
    expect(res.headers['x-request-id']).toBe('req-under-test');
    const logged = captured.lines.find((l) => l.msg === 'unexpected error while serving GraphQL');
    expect(logged).toMatchObject({ reqId: 'req-under-test', err: { message: 'redis exploded with secret details' } });
  });

  it('rejects queries over the alias and token limits without echoing the limits', async () => {
    const fifteen = `query { ${Array.from({ length: 15 }, (_, i) => `a${i}: plans { code }`).join(' ')} }`;
    expect((await t.gql(fifteen)).errors).toBeUndefined();
    const sixteen = `query { ${Array.from({ length: 16 }, (_, i) => `a${i}: plans { code }`).join(' ')} }`;
    const aliases = await t.gql(sixteen);
    expect(aliases.data).toBeUndefined();
    expect(aliases.errors?.[0].message).not.toMatch(/\d/);
    const tokens = await t.gql(`query { plans { ${'code '.repeat(2500)} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' } });
    expect(tokens.errors?.[0].message).not.toMatch(/\d/);
    expect(tokens.data).toBeUndefined();
    const broken = await t.gql('{ plans { code ');
    expect(broken.status).toBe(400);
    expect(broken.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects queries deeper than GRAPHQL_MAX_DEPTH', async () => {
    const shallow = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '3' } });
    try {
      expect((await shallow.gql('{ plans { monthlyPrice { amount } } }')).errors).toBeUndefined();
      const deep = await shallow.gql('{ plans { features { code } monthlyPrice { amount } } organization { subscription { plan { code } } } }');
      expect(deep.data).toBeUndefined();
      expect(deep.errors?.[0].message).not.toMatch(/\d/);
    } finally {
      await shallow.close();
    }
  });

  it('allows introspection outside production', async () => {
    expect((await t.gql('{ __schema { queryType { name } } }')).data.__schema.queryType.name).toBe('Query');
  });

  it('prevents CSRF: a simple GET without a preflight header is refused', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/graphql?query=%7Bplans%7Bcode%7D%7D' });
    expect(res.statusCode).toBe(400);
    const ok = await t.server.inject({ method: 'GET', url: '/graphql?query=%7Bplans%7Bcode%7D%7D', headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.json().data.plans).toHaveLength(3);
  });

  it('serves the Apollo Sandbox landing page to browsers', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/sandbox/i);
  });
});

describe('production hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'production', TRUST_PROXY: 'true', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://crm.example.com' } });
  });
  afterAll(() => t.close());

  it('sends HSTS, nosniff, referrer policy and frame-ancestors', async () => {
    const res = await t.server.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('redirects plain HTTP behind the proxy to PUBLIC_URL (not the request Host), except health checks', async () => {
    const res = await t.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'x-forwarded-proto': 'http', host: 'evil.example', 'content-type': 'application/json' },
      payload: {},
    });
    expect(res.statusCode).toBe(308); // keeps the POST
    expect(res.headers.location).toBe('https://crm.example.com/graphql');
    const read = await t.server.inject({ url: '/graphql', headers: { 'x-forwarded-proto': 'http', host: 'crm.example.com' } });
    expect(read.statusCode).toBe(301);
    expect((await t.server.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'http' } })).statusCode).toBe(200);
  });

  it('turns introspection off and shows no landing page', async () => {
    const res = await t.gql('{ __schema { queryType { name } } }', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    const page = await t.server.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html', 'x-forwarded-proto': 'https' } });
    expect(page.body).not.toMatch(/embeddable-sandbox/);
  });

  it('keeps working for real requests', async () => {
    const { token } = await memberOf(t);
    const res = await t.gql('{ me { id } }', { token, headers: { 'x-forwarded-proto': 'https' } });
    expect(res.data.me.id).toBeTruthy();
  });
});

describe('introspection override', () => {
  it('allows introspection in production when GRAPHQL_INTROSPECTION=true', async () => {
    const t = await startTestApp({
      env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', SECURE_SSL_REDIRECT: 'false', LOG_LEVEL: 'silent' },
    });
    try {
      expect((await t.gql('{ __schema { queryType { name } } }')).data.__schema.queryType.name).toBe('Query');
    } finally {
      await t.close();
    }
  });
});
