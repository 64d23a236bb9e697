/**
 * The workloads: for each system, the request a client would send, and a normaliser from its
 * answer to plain data (ids, names, amounts…) so answers can be compared across systems.
 */
const PRODUCT_QUERY = `query BenchProduct($id: ID!) { product(id: $id) { id name status category variants { id sku listPrice { amount currency } } } }`;
const OPPORTUNITIES_QUERY = `query BenchOpportunities($first: Int!) { opportunities(first: $first) { edges { node { id name status amount { amount currency }
  account { id name } owner { id username } stage { id name probability }
  lines { id position quantity unitPrice { amount currency } variant { id sku } } } } pageInfo { hasNextPage } } }`;
const PRODUCTS_QUERY = `query BenchProducts($first: Int!) { products(first: $first) { edges { node { id name variants { id sku listPrice { amount currency }
  stockLevels { id onHand reserved warehouse { id code name } } } } } pageInfo { hasNextPage } } }`;
const CREATE_ORDER = `mutation BenchCreateOrder($input: CreateOrderInput!) { createOrder(input: $input) { order { id number status total { amount currency } } errors { code field message } } }`;
const CONFIRM_ORDER = `mutation BenchConfirmOrder($input: ConfirmOrderInput!) { confirmOrder(input: $input) { order { id status } errors { code field message } } }`;
export const METRICS_QUERY = `query BenchSalesMetrics($range: DateRangeInput!, $granularity: Granularity!) {
  salesMetrics(range: $range, granularity: $granularity) {
    from to granularity currency
    bookedRevenue { amount currency } invoicedRevenue { amount } collectedRevenue { amount } orderCount averageOrderValue { amount }
    newLeads leadConversionRate winRate openPipeline { amount } weightedPipeline { amount } averageSalesCycleDays
    topProducts { variantId sku description units revenue { amount } }
    topAccounts { accountId name orders revenue { amount } }
    series {
      periodStart bookedRevenue { amount } invoicedRevenue { amount } collectedRevenue { amount } orderCount averageOrderValue { amount }
      newLeads convertedLeads leadConversionRate wonDeals lostDeals winRate pipelineCreated { amount } averageSalesCycleDays
    }
  }
}`;

// PostGraphile's shape of the same reads (its generated schema: rowId, composite-key relation names, BigInt as strings).
const PGL_PRODUCT = `query BenchProduct($id: UUID!) { productByRowId(rowId: $id) { rowId name status category
  productVariantsByOrganizationIdAndProductId(orderBy: [SKU_ASC, PRIMARY_KEY_ASC], condition: { deletedAt: null }) { nodes { rowId sku listPriceAmount listPriceCurrency } } } }`;
const PGL_OPPORTUNITIES = `query BenchOpportunities($first: Int!) { allOpportunities(first: $first, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC], condition: { deletedAt: null }) {
  nodes { rowId name status amountAmount amountCurrency
    accountByOrganizationIdAndAccountId { rowId name } userByOwnerId { rowId username } pipelineStageByOrganizationIdAndStageId { rowId name probability }
    opportunityLinesByOrganizationIdAndOpportunityId(orderBy: [POSITION_ASC, PRIMARY_KEY_ASC]) { nodes { rowId position quantity unitPriceAmount unitPriceCurrency
      productVariantByOrganizationIdAndVariantId { rowId sku } } } }
  pageInfo { hasNextPage } } }`;
const PGL_PRODUCTS = `query BenchProducts($first: Int!) { allProducts(first: $first, orderBy: [NAME_ASC, PRIMARY_KEY_ASC], condition: { deletedAt: null }) {
  nodes { rowId name productVariantsByOrganizationIdAndProductId(orderBy: [SKU_ASC, PRIMARY_KEY_ASC], condition: { deletedAt: null }) {
    nodes { rowId sku listPriceAmount listPriceCurrency stockLevelsByOrganizationIdAndVariantId { nodes { rowId onHand reserved warehouseByOrganizationIdAndWarehouseId { rowId code name } } } } } }
  pageInfo { hasNextPage } } }`;

export const PAGE_SIZE = 50;

const bySku = (a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
const byCode = (a, b) => (a.warehouse.code < b.warehouse.code ? -1 : 1);

const normalProduct = (p) => ({
  id: p.id,
  name: p.name,
  status: String(p.status).toLowerCase(),
  category: p.category,
  variants: p.variants.map((v) => ({ id: v.id, sku: v.sku, price: Number(v.price), currency: v.currency })).sort(bySku),
});

const normalOpportunity = (o) => ({
  id: o.id,
  name: o.name,
  status: String(o.status).toLowerCase(),
  amount: Number(o.amount),
  currency: o.currency,
  account: o.account,
  owner: o.owner,
  stage: o.stage,
  lines: o.lines
    .map((l) => ({ id: l.id, position: l.position, quantity: l.quantity, unitPrice: Number(l.unitPrice), currency: l.currency, variant: l.variant }))
    .sort((a, b) => a.position - b.position),
});

const normalPageProduct = (p) => ({
  id: p.id,
  name: p.name,
  variants: p.variants
    .map((v) => ({ id: v.id, sku: v.sku, price: Number(v.price), currency: v.currency, stock: [...v.stock].sort(byCode) }))
    .sort(bySku),
});

/** Our GraphQL shape (also the bare Apollo server's and the floor's) → plain data. */
const fromOurs = {
  product: (d) =>
    normalProduct({ ...d.product, variants: d.product.variants.map((v) => ({ ...v, price: v.listPrice.amount, currency: v.listPrice.currency })) }),
  opportunities: (d) => ({
    hasNextPage: d.opportunities.pageInfo.hasNextPage,
    nodes: d.opportunities.edges.map(({ node: o }) =>
      normalOpportunity({
        ...o,
        amount: o.amount.amount,
        currency: o.amount.currency,
        lines: o.lines.map((l) => ({ ...l, unitPrice: l.unitPrice.amount, currency: l.unitPrice.currency })),
      }),
    ),
  }),
  products: (d) => ({
    hasNextPage: d.products.pageInfo.hasNextPage,
    nodes: d.products.edges.map(({ node: p }) =>
      normalPageProduct({
        ...p,
        variants: p.variants.map((v) => ({
          ...v,
          price: v.listPrice.amount,
          currency: v.listPrice.currency,
          stock: v.stockLevels.map((s) => ({ id: s.id, onHand: s.onHand, reserved: s.reserved, warehouse: s.warehouse })),
        })),
      }),
    ),
  }),
};

const pglWarehouse = (w) => ({ id: w.rowId, code: w.code, name: w.name });

/** PostGraphile's shape → the same plain data. */
const fromPostgraphile = {
  product: (d) => {
    const p = d.productByRowId;
    return normalProduct({
      id: p.rowId,
      name: p.name,
      status: p.status,
      category: p.category,
      variants: p.productVariantsByOrganizationIdAndProductId.nodes.map((v) => ({
        id: v.rowId,
        sku: v.sku,
        price: v.listPriceAmount,
        currency: v.listPriceCurrency,
      })),
    });
  },
  opportunities: (d) => ({
    hasNextPage: d.allOpportunities.pageInfo.hasNextPage,
    nodes: d.allOpportunities.nodes.map((o) => {
      const a = o.accountByOrganizationIdAndAccountId;
      const s = o.pipelineStageByOrganizationIdAndStageId;
      const u = o.userByOwnerId;
      return normalOpportunity({
        id: o.rowId,
        name: o.name,
        status: o.status,
        amount: o.amountAmount,
        currency: o.amountCurrency,
        account: { id: a.rowId, name: a.name },
        owner: u ? { id: u.rowId, username: u.username } : null,
        stage: { id: s.rowId, name: s.name, probability: s.probability },
        lines: o.opportunityLinesByOrganizationIdAndOpportunityId.nodes.map((l) => {
          const v = l.productVariantByOrganizationIdAndVariantId;
          return {
            id: l.rowId,
            position: l.position,
            quantity: l.quantity,
            unitPrice: l.unitPriceAmount,
            currency: l.unitPriceCurrency,
            variant: v ? { id: v.rowId, sku: v.sku } : null,
          };
        }),
      });
    }),
  }),
  products: (d) => ({
    hasNextPage: d.allProducts.pageInfo.hasNextPage,
    nodes: d.allProducts.nodes.map((p) =>
      normalPageProduct({
        id: p.rowId,
        name: p.name,
        variants: p.productVariantsByOrganizationIdAndProductId.nodes.map((v) => ({
          id: v.rowId,
          sku: v.sku,
          price: v.listPriceAmount,
          currency: v.listPriceCurrency,
          stock: v.stockLevelsByOrganizationIdAndVariantId.nodes.map((s) => ({
            id: s.rowId,
            onHand: s.onHand,
            reserved: s.reserved,
            warehouse: pglWarehouse(s.warehouseByOrganizationIdAndWarehouseId),
          })),
        })),
      }),
    ),
  }),
};

/** A GraphQL POST or a floor route, as { path, body } for one system. */
function request(system, workload, vars) {
  if (system === 'floor') return { path: `/${workload}`, body: workload === 'product' ? { id: vars.id } : { first: vars.first } };
  if (system === 'postgraphile') {
    const query = { product: PGL_PRODUCT, opportunities: PGL_OPPORTUNITIES, products: PGL_PRODUCTS }[workload];
    return { path: '/graphql', body: { query, variables: vars } };
  }
  const query = { product: PRODUCT_QUERY, opportunities: OPPORTUNITIES_QUERY, products: PRODUCTS_QUERY }[workload];
  return { path: '/graphql', body: { query, variables: vars } };
}

/**
 * The read workloads: name, concurrency, the systems that serve it, the request of one call
 * (`vars(i)` varies what a call asks for), and the normaliser of each system's answer.
 */
export function readWorkloads(ctx) {
  return [
    {
      key: 'product',
      title: 'product by id',
      connections: 32,
      systems: ['ours', 'postgraphile', 'apollo', 'floor'],
      vars: (i) => ({ id: ctx.productIds[i % ctx.productIds.length] }),
    },
    {
      key: 'opportunities',
      title: `${PAGE_SIZE} opportunities + account, owner, stage, lines + variants`,
      connections: 16,
      systems: ['ours', 'postgraphile', 'apollo', 'floor'],
      vars: () => ({ first: PAGE_SIZE }),
    },
    {
      key: 'products',
      title: `${PAGE_SIZE} products + variants + stock levels + warehouse`,
      connections: 16,
      systems: ['ours', 'postgraphile', 'apollo', 'floor'],
      vars: () => ({ first: PAGE_SIZE }),
    },
  ].map((w) => ({
    ...w,
    request: (system, i) => request(system, w.key, w.vars(i)),
    normalize: (system, json) => (system === 'postgraphile' ? fromPostgraphile : fromOurs)[w.key](json.data),
  }));
}

/** One order of five lines on the orders organization: random variants, quantities 1–3. */
export function orderInput(ctx, random) {
  const picked = new Set();
  while (picked.size < 5) picked.add(ctx.orderVariants[Math.floor(random() * ctx.orderVariants.length)]);
  return {
    accountId: ctx.orderAccounts[Math.floor(random() * ctx.orderAccounts.length)],
    warehouseId: ctx.orderWarehouse,
    lines: [...picked].map((variantId) => ({ variantId, quantity: 1 + Math.floor(random() * 3) })),
  };
}

export const ORDER_DOCUMENTS = { create: CREATE_ORDER, confirm: CONFIRM_ORDER };
