import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressProblem, urlProblem } from '../../src/modules/integrations/safe-http.js';
import { memberOf } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

type Received = { headers: IncomingHttpHeaders; body: string; path: string };

/** A webhook receiver on 127.0.0.1: records what arrives and answers what `answers` says (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  const answers: { status: number; headers?: Record<string, string> }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '' });
      const answer = answers.shift() ?? { status: 200 };
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, answers, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const ENDPOINT = 'endpoint { id url enabled disabledReason eventTypes }';
const DELIVERIES = `query ($id: ID) { webhookDeliveries(endpointId: $id, first: 20) { edges { node {
  id messageId eventType status attempts nextAttemptAt attemptLog { number httpStatus error latencyMs createdAt }
} } } }`;

/**
 * Issue 16, webhooks: endpoints with encrypted secrets, deliveries signed per Standard Webhooks
 * (checked by the `standardwebhooks` package, an independent implementation), retries on the spec's
 * schedule, 410 disabling, the SSRF corpus refused, pings and redeliveries, every attempt stored.
 */
describe('webhooks', () => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp({ env: { EVENT_RELAY_INTERVAL_MS: '50', WEBHOOK_ALLOW_HOSTS: '127.0.0.1' }, workers: true });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers events signed per Standard Webhooks, with the record, and stores no secret in plaintext', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const { endpoint, secret } = await api.mutate(
      'createWebhookEndpoint',
      { url: `${receiver.url}/hook`, eventTypes: ['account.created'] },
      `${ENDPOINT} secret`,
    );
    expect(secret).toMatch(/^whsec_/);
    const before = receiver.received.length;
    const { account } = await api.mutate('createAccount', { name: 'Hooked' }, 'account { id }');
    await api.mutate('createLead', { firstName: 'Not subscribed' }, 'lead { id }');
    await t.jobs!.idle();
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    // The independent implementation verifies id, timestamp and signature.
    const verified = new Webhook(secret).verify(got[0].body, got[0].headers as Record<string, string>) as { type: string; data: Record<string, any> };
    expect(verified.type).toBe('account.created');
    expect(verified.data).toMatchObject({ subjectType: 'Account', subjectId: account.id, record: { id: account.id, name: 'Hooked' } });
    const { webhookDeliveries } = await api.data(DELIVERIES, { id: endpoint.id });
    expect(webhookDeliveries.edges[0].node).toMatchObject({
      eventType: 'account.created',
      status: 'SUCCEEDED',
      attempts: 1,
      attemptLog: [{ number: 1, httpStatus: 200 }],
    });
    expect(webhookDeliveries.edges[0].node.messageId).toBe(got[0].headers['webhook-id']);
    // A dump of every table holds no signing secret (nor its key material) in plaintext.
    const dump = await t
      .systemEm()
      .execute<{ row: string }[]>(
        `select row_to_json(e)::text as row from webhook_endpoints e union all select row_to_json(d)::text from webhook_deliveries d`,
      );
    const material = secret.replace(/^whsec_/, '');
    expect(dump.some((r) => r.row.includes(material) || r.row.includes(secret))).toBe(false);
  });

  it('retries a failing endpoint on the schedule, honours Retry-After, and disables one that answers 410', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const { endpoint } = await api.mutate('createWebhookEndpoint', { url: `${receiver.url}/flaky`, eventTypes: ['account.created'] }, ENDPOINT);
    receiver.answers.push({ status: 503, headers: { 'retry-after': '8' } });
    await api.mutate('createAccount', { name: 'Retry' }, 'account { id }');
    // The first attempt fails; the second comes after Retry-After (8 s, beyond the schedule's 5 s) and succeeds.
    await t.jobs!.idle(30_000);
    const { webhookDeliveries } = await api.data(DELIVERIES, { id: endpoint.id });
    const delivery = webhookDeliveries.edges[0].node;
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(delivery.attemptLog.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([503, 200]);
    const [firstAt, secondAt] = delivery.attemptLog.map((a: { createdAt: string }) => new Date(a.createdAt).getTime());
    expect(secondAt - firstAt).toBeGreaterThanOrEqual(7_500);
    const ids = receiver.received.filter((r) => r.path === '/flaky').map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);

    // 410 Gone: disabled at once, no retry, the admins told.
    const { endpoint: gone } = await api.mutate('createWebhookEndpoint', { url: `${receiver.url}/gone`, eventTypes: ['account.created'] }, ENDPOINT);
    receiver.answers.push({ status: 410 }, { status: 410 });
    await api.mutate('createAccount', { name: 'Gone' }, 'account { id }');
    await t.jobs!.idle(30_000);
    const { webhookEndpoint } = await api.data('query ($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason } }', { id: gone.id });
    expect(webhookEndpoint).toEqual({ enabled: false, disabledReason: 'The endpoint answered 410 Gone' });
    const { notifications } = await api.data('{ notifications(first: 5) { edges { node { title } } } }');
    expect(notifications.edges.map((e: { node: { title: string } }) => e.node.title)).toContain(`Webhook endpoint disabled: ${receiver.url}/gone`);
  });

  it('pings, redelivers with the same webhook-id, and rotates secrets with both signing during the overlap', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const { endpoint, secret: first } = await api.mutate(
      'createWebhookEndpoint',
      { url: `${receiver.url}/ping`, eventTypes: ['invoice.paid'] },
      `${ENDPOINT} secret`,
    );
    const { secret: second } = await api.mutate('rotateWebhookSecret', { id: endpoint.id, overlapMinutes: 60 }, 'secret');
    const { delivery } = await api.mutate('pingWebhookEndpoint', { id: endpoint.id }, 'delivery { id }');
    await t.jobs!.idle();
    const ping = receiver.received.filter((r) => r.path === '/ping').at(-1)!;
    // Both secrets verify during the overlap.
    expect((new Webhook(first).verify(ping.body, ping.headers as Record<string, string>) as { type: string }).type).toBe('webhook.ping');
    expect((new Webhook(second).verify(ping.body, ping.headers as Record<string, string>) as { type: string }).type).toBe('webhook.ping');
    await api.mutate('redeliverWebhook', { deliveryId: delivery.id }, 'delivery { id }');
    await t.jobs!.idle();
    const pings = receiver.received.filter((r) => r.path === '/ping');
    expect(pings.at(-1)!.headers['webhook-id']).toBe(ping.headers['webhook-id']);
    const { webhookDeliveries } = await api.data(DELIVERIES, { id: endpoint.id });
    expect(webhookDeliveries.edges[0].node).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('refuses private, loopback, link-local, CGNAT, metadata and IPv4-mapped addresses', async () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::ffff:7f00:1',
      'fe80::1',
      'fc00::1',
    ]) {
      expect(addressProblem(address), address).not.toBeNull();
    }
    expect(addressProblem('93.184.216.34')).toBeNull();
    const corpus = [
      'http://127.0.0.1/x',
      'https://127.0.0.1/x',
      'https://[::ffff:7f00:1]/x',
      'https://[::1]/',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.1.1/',
      'https://10.0.0.5/',
      'https://localhost/',
      'https://db.internal/',
      'https://user:pass@example.com/',
      'ftp://example.com/',
      'not a url',
    ];
    for (const url of corpus) expect(urlProblem(url, []), url).not.toBeNull();
    expect(urlProblem('https://hooks.example.com/in', [])).toBeNull();
    // Over the API too: refused when saved, naming the problem.
    const owner = await memberOf(t, { plan: 'growth' });
    const errors = await caller(t, owner.token).refused('createWebhookEndpoint', { url: 'https://[::ffff:7f00:1]/x' });
    expect(errors[0]).toMatchObject({ field: 'url', code: 'INVALID' });
    expect(errors[0].message).toMatch(/loopback/);
    const types = await caller(t, owner.token).refused('createWebhookEndpoint', {
      url: 'https://hooks.example.com/in',
      eventTypes: ['nope.happened'],
    });
    expect(types[0]).toMatchObject({ field: 'eventTypes' });
  });

  it('needs integrations.webhooks and an owner or admin', async () => {
    const free = await memberOf(t, { plan: 'free' });
    const denied = await t.gql('{ webhookEndpoints(first: 1) { edges { node { id } } } }', { token: free.token });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'integrations.webhooks' });
  });
});
