import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { argumentsArbitrary, DeepJson, toJson } from './schema-arbitraries.js';
import { argumentsFor, documentFor, idPathsOf, idTypeIndex, operationsOf } from './schema-walk.js';

// A small schema with the shapes the real one has (payloads, connections, filters, nested lists).
const schema = buildSchema(`
  scalar LocalDate
  scalar Mystery
  interface Node { id: ID! }
  type Account implements Node { id: ID! name: String! }
  type ProductVariant { id: ID! sku: String! }
  type Money { amount: Int! currency: String! }
  type SalesOrder { id: ID! account: Account! total: Money! }
  type UserError { code: String! field: String message: String! }
  type OrderPayload { order: SalesOrder errors: [UserError!]! }
  type AccountEdge { node: Account! cursor: String! }
  type AccountConnection { edges: [AccountEdge!]! totalCount: Int! }
  input IDFilter { eq: ID in: [ID!] isNull: Boolean }
  input AccountFilter { id: IDFilter name: String and: [AccountFilter!] }
  input OrderLineInput { variantId: ID! quantity: Int! }
  input CreateOrderInput { accountId: ID! lines: [OrderLineInput!]! dueDate: LocalDate }
  input IdInput { id: ID! }
  input TagInput { widgetRef: ID! when: Mystery }
  type Query { accounts(filter: AccountFilter, first: Int! = 20): AccountConnection! node(id: ID!): Node }
  type Mutation {
    createOrder(input: CreateOrderInput!): OrderPayload
    cancelOrder(input: IdInput!): OrderPayload
    tag(input: TagInput!): OrderPayload
  }
`);
const op = (name: string) => operationsOf(schema).find((o) => o.field.name === name) ?? expect.fail(name);

describe('schema walk of the schema suites', () => {
  it('reads the record type of an ID from its name, its input type or its operation', () => {
    const types = (name: string) => idPathsOf(schema, op(name)).map((p) => `${p.segments.join('.')}=${p.recordType}`);
    expect(types('createOrder')).toEqual(['input.accountId=Account', 'input.lines.variantId=ProductVariant']);
    expect(types('cancelOrder')).toEqual(['input.id=SalesOrder']);
    expect(types('accounts')).toEqual(['filter.id.eq=Account', 'filter.id.in=Account']);
    // An interface: the cross-organization suite tries a record of each implementing type.
    expect(types('node')).toEqual(['id=Node']);
  });

  it('reports an ID it cannot map, so a new operation cannot slip past the cross-organization suite', () => {
    expect(idPathsOf(schema, op('tag'))).toEqual([{ segments: ['input', 'widgetRef'], recordType: null, list: false }]);
  });

  it('builds a valid document with a shallow selection, the forced ID in place and B-side IDs elsewhere', () => {
    const createOrder = op('createOrder');
    const args = argumentsFor(createOrder, {
      idTypes: idTypeIndex(idPathsOf(schema, createOrder)),
      force: ['input', 'lines', 'variantId'],
      target: 'theirs',
      ids: (type) => `ours-${type}`,
    });
    expect(args).toEqual({ input: { accountId: 'ours-Account', lines: [{ variantId: 'theirs', quantity: 1 }] } });
    expect(documentFor(schema, createOrder, args)).toBe(
      'mutation createOrderCall($input: CreateOrderInput!) { createOrder(input: $input) { __typename order { __typename id account { __typename id } total { __typename amount currency } } errors { __typename code field message } } }',
    );
  });

  it('fails naming a scalar it has no value or arbitrary for', () => {
    const tag = op('tag');
    const ctx = { idTypes: new Map(), force: ['input', 'when'], ids: () => 'x' };
    expect(() => argumentsFor(tag, ctx)).toThrow(/scalar Mystery/);
    expect(() => argumentsArbitrary({ schema, operation: tag, idsOf: () => [] })).toThrow(/scalar Mystery/);
  });
});

describe('deep JSON for the property suite', () => {
  it('writes JSON nested deeper than JSON.stringify can', () => {
    const text = toJson({ v: { attributes: new DeepJson(20_000) }, s: 'x' });
    expect(text.startsWith('{"v":{"attributes":{"a":{"a":')).toBe(true);
    expect(text.endsWith('}}}}},"s":"x"}')).toBe(true);
    expect(text.length).toBe('{"v":{"attributes":'.length + 20_000 * 6 + 2 + '},"s":"x"}'.length);
  });
});
