import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Role } from '../../src/modules/core/membership.entity.js';
import { addMember, createUser, issueToken, memberOf } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

type Received = { notificationAdded: { id: string; title: string; subjectId: string } };

/**
 * Issue 15, live notifications: `notificationAdded` over graphql-ws on the same server, authenticated
 * by the token in the connection payload, delivered to the right user of the right organization only
 * (through PostgreSQL/PGlite NOTIFY, sent when the action's transaction commits).
 */
describe('live notifications', () => {
  let t: TestApp;
  let url: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { EVENT_RELAY_INTERVAL_MS: '50' }, workers: true });
    await t.server.listen({ port: 0, host: '127.0.0.1' });
    const address = t.server.server.address() as { port: number };
    url = `ws://127.0.0.1:${address.port}/graphql`;
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await t.close();
  });

  function connect(connectionParams: Record<string, unknown>) {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
    clients.push(client);
    return client;
  }

  /** Subscribes and collects what arrives; `ready` resolves once the server has registered the subscriber. */
  function listen(client: Client, query = 'subscription { notificationAdded { id title subjectId } }') {
    const received: Received[] = [];
    const errors: unknown[] = [];
    client.subscribe<Received>(
      { query },
      { next: (value) => value.data && received.push(value.data), error: (e) => errors.push(e), complete: () => undefined },
    );
    return { received, errors };
  }

  const until = async (check: () => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it("delivers a rule's notification to its recipient only, live", async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const rep = await createUser(t);
    await addMember(t, rep, owner.organization, Role.MEMBER);
    const repToken = await issueToken(t, rep);
    const stranger = await memberOf(t, { plan: 'growth' });
    const before = t.services.live.subscribers;
    const forRep = listen(connect({ authorization: `Bearer ${repToken}` }));
    const forOwner = listen(connect({ token: owner.token }));
    const forStranger = listen(connect({ token: stranger.token }));
    await until(() => t.services.live.subscribers === before + 3);

    await api.mutate(
      'createAutomationRule',
      {
        name: 'Tell the owner',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.created',
        actions: [{ type: 'NOTIFY', title: 'New lead {{ record.firstName }}' }],
      },
      'rule { id }',
    );
    const { lead } = await api.mutate('createLead', { firstName: 'Grace', ownerId: rep.id }, 'lead { id }');
    await t.jobs!.idle();
    await until(() => forRep.received.length === 1);
    expect(forRep.received[0].notificationAdded).toMatchObject({ title: 'New lead Grace', subjectId: lead.id });
    // What arrived is what the list says.
    const { notifications } = await caller(t, repToken).data('{ notifications(first: 1) { edges { node { id } } } }');
    expect(forRep.received[0].notificationAdded.id).toBe(notifications.edges[0].node.id);
    // Nothing for the others (an event for them would have arrived by now: it is sent in one NOTIFY per notification).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(forOwner.received).toEqual([]);
    expect(forStranger.received).toEqual([]);
    expect([forRep.errors, forOwner.errors, forStranger.errors]).toEqual([[], [], []]);
  });

  it('ends a subscription when its token is revoked', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const rep = await createUser(t);
    await addMember(t, rep, owner.organization, Role.MEMBER);
    const repToken = await issueToken(t, rep);
    const before = t.services.live.subscribers;
    const forRep = listen(connect({ token: repToken }));
    await until(() => t.services.live.subscribers === before + 1);
    await caller(t, repToken).mutate('revokeToken', {}, 'revoked');
    await api.mutate(
      'createAutomationRule',
      {
        name: 'Tell',
        subjectType: 'LEAD',
        triggerKind: 'EVENT',
        eventType: 'lead.created',
        actions: [{ type: 'NOTIFY', title: 'After revocation' }],
      },
      'rule { id }',
    );
    await api.mutate('createLead', { firstName: 'Late', ownerId: rep.id }, 'lead { id }');
    await t.jobs!.idle();
    // The notification is written, but the revoked token reads nothing: the subscription ends with an error.
    await until(() => forRep.errors.length > 0);
    expect(forRep.received).toEqual([]);
    expect(JSON.stringify(forRep.errors)).toMatch(/UNAUTHENTICATED|revoked|authenticate/i);
  });

  it('refuses a connection without a valid token, and queries over the socket', async () => {
    const closed = await new Promise<number>((resolve) => {
      const client = createClient({
        url,
        webSocketImpl: WebSocket,
        connectionParams: { token: 'scrm_not_a_token' },
        retryAttempts: 0,
        lazy: false,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      clients.push(client);
    });
    expect(closed).toBe(4403);
    const owner = await memberOf(t, { plan: 'growth' });
    const { errors } = listen(connect({ token: owner.token }), '{ unreadNotificationCount }');
    await until(() => errors.length > 0);
    expect(JSON.stringify(errors)).toMatch(/Only subscriptions are served over WebSocket/);
  });
});
