import { ReadQuery } from './graphql-runner.js';

/**
 * The fixed GraphQL reads the assistant runs: the context it gathers and its tools. The model only
 * ever supplies variables; it cannot choose fields or operations, and every document is a query.
 */
const M = '{ amount currency }';

const METRICS = `currency from to bookedRevenue ${M} invoicedRevenue ${M} collectedRevenue ${M} orderCount averageOrderValue ${M}
  newLeads leadConversionRate winRate openPipeline ${M} weightedPipeline ${M} averageSalesCycleDays
  topProducts { variantId sku description units revenue ${M} } topAccounts { accountId name orders revenue ${M} }`;
const SERIES = `series { periodStart bookedRevenue ${M} orderCount newLeads wonDeals lostDeals winRate }`;
const FORECAST = `variantId productId method mase baselineMase horizonDays totalExpected intermittent reason
  reorder { reorderNow quantity available daysOfCover leadTimeDays demandDuringLeadTime reason cost ${M} }`;
const PRICE = `variantId sku currentPrice ${M} recommendedPrice ${M} unitCost ${M} enoughData elasticity confidence
  expectedUnitsChangePct expectedRevenueChangePct expectedMarginChangePct reason`;
const ACTION = `kind title reason score subjectType subjectId accountId relatedId amount ${M}`;
const ANOMALY = 'metric periodStart observed expected lower upper score severity spike explanation variantId';

export const GATHER = {
  salesMetrics: new ReadQuery(`query AssistantSalesMetrics($range: DateRangeInput!, $previous: DateRangeInput!) {
    current: salesMetrics(range: $range, granularity: WEEK) { ${METRICS} ${SERIES} }
    previous: salesMetrics(range: $previous, granularity: MONTH) { currency from to bookedRevenue ${M} orderCount winRate newLeads averageOrderValue ${M} }
  }`),
  nextBestActions: new ReadQuery(`query AssistantActions($first: Int!) { nextBestActions(first: $first) { edges { node { ${ACTION} } } } }`),
  anomalies: new ReadQuery(`query AssistantAnomalies($range: DateRangeInput!, $first: Int!) {
    anomalies(range: $range, first: $first) { totalCount edges { node { ${ANOMALY} } } }
  }`),
  demandForecasts: new ReadQuery(`query AssistantForecasts($filter: ProductVariantFilter, $first: Int!) {
    demandForecasts(filter: $filter, first: $first, horizonDays: 28) { edges { node { ${FORECAST} } } }
  }`),
  priceRecommendations: new ReadQuery(`query AssistantPrices($filter: ProductVariantFilter, $first: Int!) {
    priceRecommendations(filter: $filter, first: $first) { edges { node { ${PRICE} } } }
  }`),
};

export const TOOL_QUERIES = {
  salesMetrics: new ReadQuery(`query ToolSalesMetrics($range: DateRangeInput!, $granularity: Granularity!, $ownerId: ID) {
    salesMetrics(range: $range, granularity: $granularity, ownerId: $ownerId) { ${METRICS} ${SERIES} }
  }`),
  revenueForecast: new ReadQuery(`query ToolRevenueForecast($horizonMonths: Int!) {
    revenueForecast(horizonMonths: $horizonMonths) { currency method mase reason undatedPipeline ${M}
      months { month expected ${M} lower ${M} upper ${M} runRate ${M} weightedPipeline ${M} } }
  }`),
  demandForecast: new ReadQuery(`query ToolDemandForecast($variantId: ID, $productId: ID, $horizonDays: Int!) {
    demandForecast(variantId: $variantId, productId: $productId, horizonDays: $horizonDays) { ${FORECAST} points { periodStart expected lower upper } }
  }`),
  priceRecommendations: new ReadQuery(`query ToolPrices($filter: ProductVariantFilter, $first: Int!) {
    priceRecommendations(filter: $filter, first: $first) { totalCount edges { node { ${PRICE} } } }
  }`),
  nextBestActions: new ReadQuery(`query ToolActions($first: Int!, $opportunityId: ID, $ownerId: ID) {
    nextBestActions(first: $first, opportunityId: $opportunityId, ownerId: $ownerId) { totalCount edges { node { ${ACTION} } } }
  }`),
  anomalies: new ReadQuery(`query ToolAnomalies($range: DateRangeInput!, $granularity: Granularity!, $metrics: [AnomalyMetric!], $first: Int!) {
    anomalies(range: $range, granularity: $granularity, metrics: $metrics, first: $first) { totalCount edges { node { ${ANOMALY} } } }
  }`),
};

/** What the model may read of each record type: business fields only, never credentials or settings. */
const RECORD_FIELDS = {
  account: 'id name industry domain size tags address owner { username } createdAt',
  contact: 'id name title email phone marketingConsent account { id name } owner { username } createdAt',
  lead: 'id name company email phone status score source notes owner { username } createdAt convertedAt',
  opportunity: `id name status probability amount ${M} weightedAmount ${M} expectedCloseDate closedAt lostReason
    account { id name } stage { name } primaryContact { id name } owner { username } createdAt updatedAt`,
  order: `id number status orderedAt currency subtotal ${M} discountTotal ${M} taxTotal ${M} total ${M} notes account { id name }
    lines { sku description quantity quantityShipped quantityInvoiced unitPrice ${M} total ${M} }`,
  invoice: `id number status issuedAt dueDate total ${M} paid ${M} balance ${M} paidAt account { id name } order { id number }`,
  product: `id name status category brand description tags variants { id sku name listPrice ${M} active }`,
  variant: `id sku name active listPrice ${M} unitCost ${M} reorderPoint reorderQuantity product { id name }
    stockLevels { onHand reserved available warehouse { name } }`,
  activity: 'id type subject body dueAt completedAt subjectType subjectId owner { username } createdAt',
} as const;

export type RecordType = keyof typeof RECORD_FIELDS;
export const RECORD_TYPES = Object.keys(RECORD_FIELDS) as RecordType[];

/** Query field (one, list) and filter type of each record type. */
const RECORD_FIELDS_OF: Record<RecordType, [string, string, string]> = {
  account: ['account', 'accounts', 'AccountFilter'],
  contact: ['contact', 'contacts', 'ContactFilter'],
  lead: ['lead', 'leads', 'LeadFilter'],
  opportunity: ['opportunity', 'opportunities', 'OpportunityFilter'],
  order: ['order', 'orders', 'OrderFilter'],
  invoice: ['invoice', 'invoices', 'InvoiceFilter'],
  product: ['product', 'products', 'ProductFilter'],
  variant: ['productVariant', 'productVariants', 'ProductVariantFilter'],
  activity: ['activity', 'activities', 'ActivityFilter'],
};

export const GET_RECORD = Object.fromEntries(
  RECORD_TYPES.map((type) => [
    type,
    new ReadQuery(`query ToolGet${type}($id: ID!) { record: ${RECORD_FIELDS_OF[type][0]}(id: $id) { ${RECORD_FIELDS[type]} } }`),
  ]),
) as Record<RecordType, ReadQuery>;

export const LIST_RECORDS = Object.fromEntries(
  RECORD_TYPES.map((type) => {
    const [, list, filter] = RECORD_FIELDS_OF[type];
    return [
      type,
      new ReadQuery(`query ToolList${type}($filter: ${filter}, $first: Int!) {
        list: ${list}(filter: $filter, first: $first) { totalCount edges { node { ${RECORD_FIELDS[type]} } } }
      }`),
    ];
  }),
) as Record<RecordType, ReadQuery>;
