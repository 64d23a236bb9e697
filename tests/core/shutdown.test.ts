import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServerOnce, type ServerProcess, startServerProcess } from '../helpers/server-process.js';

type Outcome = { status: number; connection: string | undefined } | { error: string };

/** POSTs GraphQL over a keep-alive agent; a reset or hang-up comes back as `{ error }`. */
function post(agent: http.Agent, port: number, query: string, variables: Record<string, unknown>, owner: Owner): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ query, variables });
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${owner.token}`,
          'x-organization': owner.organization,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end(body);
  });
}

function get(agent: http.Agent, port: number, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection }));
      })
      .on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token organization { slug } errors { code } } }`;
const CREATE_ACCOUNT = `mutation ($input: CreateAccountInput!) { createAccount(input: $input) { account { id } errors { code } } }`;

type Owner = { token: string; organization: string };

/** One sign-up (a token in a new organization) for the writes below. */
async function signUpOwner(port: number): Promise<Owner> {
  const id = randomBytes(5).toString('hex');
  const body = JSON.stringify({
    query: SIGN_UP,
    variables: {
      input: { organizationName: `Drain ${id}`, username: `drain-${id}`, email: `drain-${id}@example.com`, password: 'correct horse battery staple' },
    },
  });
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const { data } = (await response.json()) as { data: { signUp: { token: string; organization: { slug: string } } } };
  return { token: data.signUp.token, organization: data.signUp.organization.slug };
}

/** A write in the owner's organization: a tenant transaction (row-level security context, insert, record history). */
function write(agent: http.Agent, port: number, owner: Owner): Promise<Outcome> {
  return post(agent, port, CREATE_ACCOUNT, { input: { name: `Account ${randomBytes(4).toString('hex')}` } }, owner);
}

const incoming = (server: ServerProcess) => server.messages().filter((msg) => msg === 'incoming request').length;

/** Waits (on the server's own log) until it has received `count` requests in all. */
function received(server: ServerProcess, count: number): Promise<void> {
  return server.until(() => incoming(server) >= count);
}

/** Opens `count` keep-alive connections (one request each) so later requests reuse them. */
async function warm(agent: http.Agent, port: number, count: number): Promise<void> {
  const results = await Promise.all(Array.from({ length: count }, () => get(agent, port, '/healthz')));
  expect(results.every((r) => 'status' in r && r.status === 200)).toBe(true);
}

function summarize(outcomes: Outcome[]) {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = 'error' in o ? o.error : String(o.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('SIGTERM on the real server process (keep-alive clients)', () => {
  let server: (ServerProcess & { dropDatabase(): Promise<void> }) | undefined;
  beforeAll(() => buildServerOnce(), 120_000);
  afterEach(async () => {
    await server?.cleanup();
    await server?.dropDatabase();
    server = undefined;
  });

  it.each([1, 100])(
    'answers all %i requests in flight, closes idle keep-alive connections at once and exits 0',
    async (n) => {
      server = await startServerProcess();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
      const owner = await signUpOwner(server.port);
      await warm(agent, server.port, 20);
      await received(server, 21);
      const before = incoming(server);
      // given n writes the server has received
      const requests = Array.from({ length: n }, () => write(agent, server!.port, owner));
      await received(server, before + n);
      // when SIGTERM arrives
      const signalled = performance.now();
      server.child.kill('SIGTERM');
      const outcomes = await Promise.all(requests);
      const code = await server.exited;
      const seconds = (performance.now() - signalled) / 1000;
      console.log(`SIGTERM with ${n} in flight: ${JSON.stringify(summarize(outcomes))}, exit ${code} after ${seconds.toFixed(2)}s`);
      // then every one of them was answered (none reset), and the process exits 0 long before the
      // 15 s limit (the 20 idle keep-alive connections would otherwise stay open for 72 s)
      expect(summarize(outcomes)).toEqual({ 200: n });
      expect(code).toBe(0);
      expect(seconds).toBeLessThan(5);
      expect(server.messages()).toContain('shut down cleanly');
      expect(server.messages().join('\n')).not.toMatch(/shutdown took longer/);
      agent.destroy();
    },
    60_000,
  );

  it('serves or cleanly refuses (503 + Connection: close) 100 writes sent 40 ms before SIGTERM, none reset', async () => {
    server = await startServerProcess();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const owner = await signUpOwner(server.port);
    // given 100 open keep-alive connections, each sending a write
    await warm(agent, server.port, 100);
    const requests = Array.from({ length: 100 }, () => write(agent, server!.port, owner));
    // when SIGTERM follows 40 ms later, while most are still being processed (the report's scenario:
    // this wait is the timing under test, not a synchronisation)
    await new Promise((resolve) => setTimeout(resolve, 40));
    server.child.kill('SIGTERM');
    const outcomes = await Promise.all(requests);
    const code = await server.exited;
    const counts = summarize(outcomes);
    console.log(`100 writes 40 ms before SIGTERM: ${JSON.stringify(counts)}, exit ${code}`);
    // then each got a 200 or a 503, every response closed its connection, and the exit is clean
    expect(Object.keys(counts).every((key) => key === '200' || key === '503')).toBe(true);
    expect(outcomes.filter((o) => 'status' in o && o.status === 503).every((o) => 'status' in o && o.connection === 'close')).toBe(true);
    expect(code).toBe(0);
    agent.destroy();
  }, 60_000);
});
