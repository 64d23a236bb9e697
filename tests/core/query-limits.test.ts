import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { getIntrospectionQuery, Kind, parse, print } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost, UNPAGED_LIST_SIZE } from '../../src/query-limits.js';
import { MAX_PAGE_SIZE } from '../../src/shared/pagination.js';
import { memberOf } from '../factories/core.js';
import { OpportunitiesPageDocument } from '../generated/graphql.js';
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

/** The README's product page: 50 products with variants, stock levels, warehouses, default suppliers and offers. */
const PRODUCTS = `query ProductsPage($first: Int!) {
  products(first: $first) {
    totalCount
    edges { node { id name defaultSupplier { name } variants { sku listPrice { amount } stockLevels { onHand available warehouse { code } } offers { cost { amount } supplier { name } } } } }
  }
}`;
const ORDERS = `query OrdersPage($first: Int!) { orders(first: $first) { totalCount edges { node { number status total { amount } account { name }
  lines { sku quantity quantityShipped variant { sku } } shipments { trackingNumber lines { quantity orderLine { sku } } }
  invoices { number status balance { amount } lines { quantity } payments { id } } } } } }`;
/** 100 accounts × 100 timeline entries × their activities' accounts' 100 entries: a million objects (at first: 100). */
const HUGE = `query Huge($first: Int!) { accounts(first: $first) { edges { node { timeline(first: $first) { edges { node {
  activity { account { timeline(first: $first) { edges { node { kind } } } } } } } } } } } }`;

/** Values for an example's variables: pages at their largest (100), any other scalar a plain value. */
function worstCaseVariables(query: string): Record<string, unknown> {
  const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const values: Record<string, unknown> = {};
  for (const v of operation?.kind === Kind.OPERATION_DEFINITION ? (operation.variableDefinitions ?? []) : []) {
    const type = print(v.type).replace(/[![\]]/g, '');
    values[v.variable.name.value] = type === 'Int' ? MAX_PAGE_SIZE : type === 'ID' ? '00000000-0000-4000-8000-000000000000' : 'x';
  }
  return values;
}

const literal = (query: string, first: number) => query.replace(/\(\$first: Int!\)/, '').replace('$first', String(first));

describe('query limits', () => {
  let t: TestApp;
  let token: string;
  const captured = captureLogger();
  beforeAll(async () => {
    t = await startTestApp({ log: captured.log });
    ({ token } = await memberOf(t, { plan: 'growth' }));
  });
  afterAll(() => t.close());

  const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(t.schema, parse(query), variables) as number;
  const maxCost = () => t.services.config.graphqlMaxCost;

  it('serves the documented page shapes at 50 and 100 rows under the default cost limit, literal or by variable', async () => {
    const pages = { products: PRODUCTS, orders: ORDERS, opportunities: print(OpportunitiesPageDocument) };
    for (const [name, query] of Object.entries(pages)) {
      for (const first of [50, MAX_PAGE_SIZE]) {
        console.info(`cost of a ${first}-row ${name} page: ${cost(query, { first })} (limit ${maxCost()})`);
        const byVariable = await t.gql(query, { token, variables: { first } });
        expect(byVariable.status).toBe(200);
        expect(byVariable.errors).toBeUndefined();
        if (name === 'opportunities') continue;
        const byLiteral = await t.gql(literal(query, first), { token });
        expect(byLiteral.errors).toBeUndefined();
      }
    }
  });

  it('counts every example query of the README under the default cost limit', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const value = cost(example, worstCaseVariables(example));
      expect(value, example).toBeGreaterThan(0);
      expect(value, example).toBeLessThanOrEqual(maxCost());
    }
  });

  it('counts lists by their page size (variables included, capped at 100) and other lists by a fixed size', () => {
    expect(cost('{ products(first: 10) { edges { node { name } } } }')).toBe(10 * (1 + 1 * (1 + 1)));
    expect(cost('query ($n: Int!) { products(first: $n) { edges { node { name } } } }', { n: 10 })).toBe(30);
    expect(cost('{ products { edges { node { name } } } }')).toBe(20 * 3); // the argument's default page size
    expect(cost('{ products(first: 5000) { edges { node { name } } } }')).toBe(MAX_PAGE_SIZE * 3);
    expect(cost('{ products(first: 1) { edges { node { variants { sku } } } } }')).toBe(1 * (1 + 1 * (1 + 1 * (1 + UNPAGED_LIST_SIZE * 1))));
  });

  it('refuses a truly huge query (100 × 100 × 100) with QUERY_TOO_COMPLEX naming the cost limit, HTTP 400, and logs it without variables', async () => {
    expect(cost(HUGE, { first: 100 })).toBeGreaterThan(1_000_000);
    const res = await t.server.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-huge' },
      payload: { query: HUGE, variables: { first: 100, secret: 'do-not-log-me' } },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toEqual({ message: expect.stringContaining('cost limit'), extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'cost' } });
    expect(body.errors[0].message).not.toMatch(/\d/);
    const logged = captured.lines.filter((l) => l.msg === 'query refused: over a query limit' && l.reqId === 'req-huge');
    expect(logged).toEqual([
      expect.objectContaining({ level: 40, limit: 'cost', operationName: 'Huge', cost: cost(HUGE, { first: 100 }), maxCost: maxCost() }),
    ]);
    expect(JSON.stringify(logged)).not.toContain('do-not-log-me');
    // the same query with a small page passes: the variable is what made it huge
    const small = await t.gql(HUGE, { token, variables: { first: 1 } });
    expect(small.errors, JSON.stringify(small.errors)).toBeUndefined();
  });

  it('refuses a query one of whose fields has a bad argument before it runs (no way around the cost), with BAD_USER_INPUT', async () => {
    // given the huge query plus a field whose argument the variables make null (its default made the variable optional)
    const sneaky = HUGE.replace('query Huge($first: Int!) {', 'query Huge($first: Int!, $id: ID = "x") { extra: node(id: $id) { id }');
    const refused = await t.gql(sneaky, { token, variables: { first: 100, id: null } });
    // then nothing of it runs: the bad argument is refused up front, as the client's input
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('Argument "id"'), extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    const small = await t.gql('query ($id: ID = "x") { node(id: $id) { id } me { id } }', { token, variables: { id: null } });
    expect(small.status).toBe(400);
    expect(small.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('counts nodes(ids) by the IDs it is given', () => {
    const ids = Array.from({ length: 100 }, (_, i) => `"00000000-0000-4000-8000-${String(i).padStart(12, '0')}"`).join(', ');
    expect(cost(`{ nodes(ids: [${ids}]) { id } }`)).toBe(100);
    expect(cost('{ nodes(ids: ["00000000-0000-4000-8000-000000000000"]) { id } }')).toBe(1);
  });

  it('refuses too many aliases, too deep a query, too many directives and too many tokens, each naming its limit', async () => {
    const aliases = `query Aliases { ${Array.from({ length: 16 }, (_, i) => `a${i}: plans { code }`).join(' ')} }`;
    const depth = `query Deep { organization { subscription { plan { features { code } } } } me { memberships { organization { subscription { plan { monthlyPrice { amount } } } } } } }`;
    const directives = `query Directives { plans { code ${'@include(if: true) '.repeat(51)} } }`;
    const tokens = `query Tokens { plans { ${'code '.repeat(2500)} } }`;
    const cases = { aliases, depth, directives, tokens } as const;
    const deep = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '4' }, log: captured.log });
    try {
      for (const [limit, query] of Object.entries(cases)) {
        const res = await (limit === 'depth' ? deep : t).gql(query, { token: limit === 'depth' ? undefined : token });
        expect(res.status, limit).toBe(400);
        expect(res.data, limit).toBeUndefined();
        expect(res.errors?.[0], limit).toEqual({
          message: expect.stringContaining(`${limit} limit`),
          extensions: { code: 'QUERY_TOO_COMPLEX', limit },
        });
        expect(res.errors?.[0].message, limit).not.toMatch(/\d/);
        // a document refused by the parser has no operation name to log
        const name = { aliases: 'Aliases', depth: 'Deep', directives: 'Directives', tokens: null }[limit];
        expect(
          captured.lines.some((l) => l.msg === 'query refused: over a query limit' && l.limit === limit && l.operationName === name),
          limit,
        ).toBe(true);
      }
    } finally {
      await deep.close();
    }
    const fifteen = `query { ${Array.from({ length: 15 }, (_, i) => `a${i}: plans { code }`).join(' ')} }`;
    expect((await t.gql(fifteen)).errors).toBeUndefined();
  });

  it("accepts the full introspection query (Apollo Sandbox's) while introspection is on", async () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, inputValueDeprecation: true });
    const res = await t.gql(query);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
  });

  it('keeps syntax errors apart from limits', async () => {
    const broken = await t.gql('{ plans { code ');
    expect(broken.status).toBe(400);
    expect(broken.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });
});
