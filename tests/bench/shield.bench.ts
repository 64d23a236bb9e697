/**
 * What graphql-shield adds to executing a list of 50 objects with nested fields.
 * The database is stubbed so only GraphQL execution is measured: the same query runs on the bare
 * schema, on the schema as served (rules applied, `allow` fields left unwrapped), and on shield's
 * default wrapping of every field, for comparison.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { execute, type GraphQLSchema, parse } from 'graphql';
import { shield } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';
import { expect, test } from 'vitest';
import type { Context } from '../../src/context.js';
import { createLoaders } from '../../src/modules.js';
import { Role } from '../../src/modules/core/membership.entity.js';
import { buildBareSchema, permissionRules } from '../../src/schema.js';
import { applyPermissions, SHIELD_OPTIONS } from '../../src/shared/permissions.js';

const organizationId = randomUUID();
const users = Array.from({ length: 50 }, (_, i) => ({
  id: randomUUID(),
  username: `user${i}`,
  email: `user${i}@example.com`,
  isSuperuser: false,
  isActive: true,
  createdAt: new Date(),
}));
const memberships = users.map((user) => ({ id: randomUUID(), role: Role.MEMBER, createdAt: new Date(), user: { id: user.id } }));

// Just what paginate() and the user loader call.
const fakeEm = {
  findByCursor: async () => ({
    items: memberships,
    totalCount: memberships.length,
    hasNextPage: false,
    hasPrevPage: false,
    startCursor: 'a',
    endCursor: 'b',
    from: (node: { id: string }) => node.id,
  }),
  find: async () => users,
};

function context(): Context {
  return {
    requestId: 'bench',
    ip: '127.0.0.1',
    log: console as never,
    services: {} as never,
    em: fakeEm as never,
    principal: { user: users[0] as never, tokenId: 't', organizations: [] },
    authError: null,
    organization: { id: organizationId, slug: 'bench', name: 'Bench', role: Role.OWNER, membershipId: memberships[0].id },
    organizationError: null,
    features: async () => new Set<string>(),
    refreshFeatures: () => undefined,
    mode: 'tenant',
    loaders: createLoaders(fakeEm as never, organizationId),
    failed: false,
    beginTransaction: async () => undefined,
    authenticateFresh: async () => undefined,
  };
}

const document = parse(`{
  memberships(first: 50) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id role createdAt user { id username email isSuperuser isActive createdAt } } }
  }
}`);

const bare = await buildBareSchema();
const served = applyPermissions(await buildBareSchema(), permissionRules);
const everyField = applyMiddleware(await buildBareSchema(), shield(permissionRules as never, SHIELD_OPTIONS));

async function run(schema: GraphQLSchema): Promise<void> {
  const result = await execute({ schema, document, contextValue: context() });
  if (result.errors) throw result.errors[0];
}

test('graphql-shield overhead on 50 memberships with nested users', async ({ bench }) => {
  // Warm every variant first, so none is measured with a cold JIT just for running first.
  for (let i = 0; i < 1500; i++) for (const schema of [bare, served, everyField]) await run(schema);
  const results = await bench.compare(
    bench('no permissions (baseline)', () => run(bare)),
    bench('served: shield only where rules are needed', () => run(served)),
    bench("shield's default: every field wrapped", () => run(everyField)),
    { time: 4000, warmupTime: 1500 },
  );
  const baseline = results.get('no permissions (baseline)');
  const ours = results.get('served: shield only where rules are needed');
  const naive = results.get("shield's default: every field wrapped");
  const pct = (r: typeof baseline) => {
    const change = ((r.latency.mean - baseline.latency.mean) / baseline.latency.mean) * 100;
    return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
  };
  console.info(
    [
      `baseline ${baseline.latency.mean.toFixed(3)} ms/op`,
      `served ${ours.latency.mean.toFixed(3)} ms/op (${pct(ours)})`,
      `every field wrapped ${naive.latency.mean.toFixed(3)} ms/op (${pct(naive)})`,
    ].join('; '),
  );
  expect(ours).toBeFasterThan(naive);
});
