import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('readiness while shutting down', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('says ready, then once draining starts refuses /readyz and new requests with 503 + Connection: close, keeping /healthz', async () => {
    expect((await t.server.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    // when SIGTERM's drain starts (no request in flight: it resolves at once)
    await t.server.drain();
    // then
    for (const res of [
      await t.server.inject({ url: '/readyz' }),
      await t.server.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } }),
    ]) {
      expect(res.statusCode).toBe(503);
      expect(res.headers.connection).toBe('close');
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({ status: 'unavailable', reason: 'shutting down' });
    }
    expect((await t.server.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
