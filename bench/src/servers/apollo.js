/**
 * A bare Apollo Server 5 on node:http: the part of our schema the read workloads use, resolved
 * with per-request DataLoaders over pg, sending the statements our server sends (sql.js) in one
 * transaction per request with the same tenant context. No ORM, no permissions layer, no limits.
 *
 * Env: DATABASE_URL, PORT, POOL_MAX.
 */
import { createServer } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import DataLoader from 'dataloader';
import pg from 'pg';
import { cachedPrincipal, groupBy, inTenant, joined, money, SQL } from './sql.js';

const { DATABASE_URL, PORT = '4102', POOL_MAX = '10' } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_MAX) });
const ownerPool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_MAX) });

const typeDefs = `#graphql
  type Money { amount: Float! currency: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  enum ProductStatus { DRAFT ACTIVE ARCHIVED }
  enum OpportunityStatus { OPEN WON LOST }
  type Warehouse { id: ID! code: String! name: String! }
  type StockLevel { id: ID! onHand: Int! reserved: Int! available: Int! warehouse: Warehouse! }
  type ProductVariant { id: ID! sku: String! name: String! listPrice: Money! stockLevels: [StockLevel!]! }
  type Product { id: ID! name: String! status: ProductStatus! category: String variants: [ProductVariant!]! }
  type ProductEdge { node: Product! cursor: String! }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! }
  type User { id: ID! username: String! }
  type Account { id: ID! name: String! }
  type PipelineStage { id: ID! name: String! probability: Int! }
  type OpportunityLine { id: ID! position: Int! quantity: Int! unitPrice: Money! variant: ProductVariant }
  type Opportunity { id: ID! name: String! status: OpportunityStatus! amount: Money! account: Account! owner: User stage: PipelineStage! lines: [OpportunityLine!]! }
  type OpportunityEdge { node: Opportunity! cursor: String! }
  type OpportunityConnection { edges: [OpportunityEdge!]! pageInfo: PageInfo! }
  type Query {
    product(id: ID!): Product!
    products(first: Int! = 20): ProductConnection!
    opportunities(first: Int! = 20): OpportunityConnection!
  }
`;

/** Loaders as ours has them: children by parent (joining their to-one relation where ours does), one statement per tick. */
function loaders(db, org) {
  const listBy = (sql, key, join) =>
    new DataLoader(async (ids) => {
      const { rows } = await db.query(sql, [org, ids]);
      if (join) for (const row of rows) row[join] = joined(row, join === 'variant' ? 'v' : 'w');
      const groups = groupBy(rows, key);
      return ids.map((id) => groups.get(id) ?? []);
    });
  return {
    variantsByProduct: listBy(SQL.variantsByProduct, 'product_id'),
    stockByVariant: listBy(SQL.stockWithWarehouseByVariant, 'variant_id', 'warehouse'),
    linesByOpportunity: listBy(SQL.linesWithVariantByOpportunity, 'opportunity_id', 'variant'),
  };
}

const cursorOf = (values) => Buffer.from(JSON.stringify(values)).toString('base64url');

function page(rows, first, keys) {
  const items = rows.slice(0, first);
  const edges = items.map((node) => ({ node, cursor: cursorOf(keys(node)) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

const resolvers = {
  Query: {
    async product(_, { id }, ctx) {
      // The product and its live variants in one statement; the variants loader answers from it.
      const { rows } = await ctx.db.query(SQL.productWithVariants, [ctx.org, id]);
      if (!rows[0]) throw new Error('NOT_FOUND');
      ctx.loaders.variantsByProduct.prime(id, rows.map((r) => joined(r, 'v')).filter(Boolean));
      return rows[0];
    },
    async products(_, { first }, ctx) {
      const { rows } = await ctx.db.query(SQL.productsPage, [ctx.org, first + 1]);
      return page(rows, first, (r) => [r.name, r.id]);
    },
    async opportunities(_, { first }, ctx) {
      const { rows } = await ctx.db.query(SQL.opportunitiesPage, [ctx.org, first + 1]);
      for (const row of rows) Object.assign(row, { account: joined(row, 'a'), owner: joined(row, 'u'), stage: joined(row, 's') });
      return page(rows, first, (r) => [r.created_at, r.id]);
    },
  },
  Product: {
    status: (p) => p.status.toUpperCase(),
    variants: (p, _, ctx) => ctx.loaders.variantsByProduct.load(p.id),
  },
  ProductVariant: {
    listPrice: (v) => money(v.list_price_amount, v.list_price_currency),
    stockLevels: (v, _, ctx) => ctx.loaders.stockByVariant.load(v.id),
  },
  StockLevel: {
    onHand: (s) => s.on_hand,
    available: (s) => s.on_hand - s.reserved,
    warehouse: (s) => s.warehouse,
  },
  Opportunity: {
    status: (o) => o.status.toUpperCase(),
    amount: (o) => money(o.amount_amount, o.amount_currency),
    account: (o) => o.account,
    owner: (o) => o.owner,
    stage: (o) => o.stage,
    lines: (o, _, ctx) => ctx.loaders.linesByOpportunity.load(o.id),
  },
  OpportunityLine: {
    unitPrice: (l) => money(l.unit_price_amount, l.unit_price_currency),
    variant: (l) => l.variant,
  },
};

const apollo = new ApolloServer({ typeDefs, resolvers, csrfPrevention: false, introspection: false });
await apollo.start();

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer(async (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  try {
    const body = JSON.parse(await readBody(req));
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const scope = await cachedPrincipal(ownerPool, req.headers.authorization, req.headers['x-organization']);
    const response = await inTenant(pool, scope, { readOnly: true }, (db) =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: '', body },
        context: async () => ({ db, org: scope.organizationId, loaders: loaders(db, scope.organizationId) }),
      }),
    );
    const out = { 'content-type': 'application/json' };
    for (const [k, v] of response.headers) out[k] = v;
    res.writeHead(response.status ?? 200, out);
    if (response.body.kind === 'complete') res.end(response.body.string);
    else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  } catch (error) {
    res.writeHead(error.status ?? 500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error.message) }] }));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(PORT), '127.0.0.1');
const stop = () => server.close(() => Promise.all([apollo.stop(), pool.end(), ownerPool.end()]).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
