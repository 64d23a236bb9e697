import type { GraphQLSchema } from 'graphql';
import type { Context } from '../../context.js';
import { ContextPartStatus } from './assistant-enums.js';
import { GATHER } from './assistant-queries.js';
import type { ContextPartData } from './dto/assistant-context.dto.js';
import { nodesOf, type ReadQuery, readThroughSchema } from './graphql-runner.js';
import { DAY_MS } from '../../shared/clock.js';

/** Days of the default range the context covers (ending today, UTC). */
export const CONTEXT_DAYS = 30;
const TOP_VARIANTS = 5;
const ACTIONS = 10;
const ANOMALIES = 10;

/** One part as gathered: its record (kept with the answer) and its data (sent to the model). */
export type GatheredPart = { part: ContextPartData; data: unknown };

export type Gathered = { from: Date; to: Date; parts: GatheredPart[] };

export const partData = <T>(gathered: Gathered, name: string): T | null =>
  (gathered.parts.find((p) => p.part.name === name && p.part.status === ContextPartStatus.INCLUDED)?.data as T | undefined) ?? null;

type TopProduct = { variantId: string; sku: string };

/** The default range: the last 30 whole UTC days including today, as [from, to). */
export function contextRange(now: Date): { from: Date; to: Date } {
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS);
  return { from: new Date(to.getTime() - CONTEXT_DAYS * DAY_MS), to };
}

async function gatherPart(
  ctx: Context,
  schema: GraphQLSchema,
  spec: { name: string; description: string; query: ReadQuery; variables: Record<string, unknown>; range?: { from: Date; to: Date } },
  pick: (data: Record<string, unknown>) => { data: unknown; empty: boolean; note?: string },
): Promise<GatheredPart> {
  const outcome = await readThroughSchema(ctx, schema, spec.query, spec.variables);
  const base = {
    name: spec.name,
    description: spec.description,
    from: spec.range?.from.toISOString() ?? null,
    to: spec.range?.to.toISOString() ?? null,
    arguments: spec.variables,
    feature: null,
    reason: null,
  };
  if (!outcome.ok) {
    const status = outcome.kind === 'withheld' ? ContextPartStatus.WITHHELD : ContextPartStatus.FAILED;
    return { part: { ...base, status, reason: outcome.message, feature: outcome.feature }, data: null };
  }
  const picked = pick(outcome.data);
  return {
    part: { ...base, status: picked.empty ? ContextPartStatus.EMPTY : ContextPartStatus.INCLUDED, reason: picked.note ?? null },
    data: picked.empty ? null : picked.data,
  };
}

/**
 * Gathers the context of a question by running the analytics queries through the schema as the
 * caller: sales KPIs for the last 30 days (and the 30 before), next best actions, anomalies, and
 * forecasts and price recommendations for the top-selling variants. What the caller's plan or role
 * may not see comes back withheld, with the reason.
 */
export async function gatherContext(ctx: Context, schema: GraphQLSchema, now: Date): Promise<Gathered> {
  const range = contextRange(now);
  const previous = { from: new Date(range.from.getTime() - CONTEXT_DAYS * DAY_MS), to: range.from };
  const dateRange = { from: range.from.toISOString(), to: range.to.toISOString() };
  const completeDays = { from: range.from, to: new Date(range.to.getTime() - DAY_MS) };
  const parts: GatheredPart[] = [];

  const metrics = await gatherPart(
    ctx,
    schema,
    {
      name: 'salesMetrics',
      description: `Sales KPIs for the last ${CONTEXT_DAYS} days by week, and the ${CONTEXT_DAYS} days before for comparison`,
      query: GATHER.salesMetrics,
      variables: { range: dateRange, previous: { from: previous.from.toISOString(), to: previous.to.toISOString() } },
      range,
    },
    (data) => {
      const current = data.current as { orderCount: number; newLeads: number; openPipeline: { amount: number } };
      return { data, empty: current.orderCount === 0 && current.newLeads === 0 && current.openPipeline.amount === 0 };
    },
  );
  parts.push(metrics);

  parts.push(
    await gatherPart(
      ctx,
      schema,
      {
        name: 'nextBestActions',
        description: `The ${ACTIONS} highest-ranked next best actions`,
        query: GATHER.nextBestActions,
        variables: { first: ACTIONS },
      },
      (data) => {
        const actions = nodesOf(data.nextBestActions);
        return { data: actions, empty: actions.length === 0 };
      },
    ),
  );

  parts.push(
    await gatherPart(
      ctx,
      schema,
      {
        name: 'anomalies',
        description: `The strongest unusual days of the last ${CONTEXT_DAYS} whole days (at most ${ANOMALIES})`,
        query: GATHER.anomalies,
        // Today is not over: a half day would read as a dip.
        variables: { range: { from: dateRange.from, to: completeDays.to.toISOString() }, first: ANOMALIES },
        range: completeDays,
      },
      (data) => {
        // The strongest page only; the total says how many there were.
        const { totalCount } = data.anomalies as { totalCount: number };
        const strongest = nodesOf(data.anomalies);
        return {
          data: strongest,
          empty: strongest.length === 0,
          note: totalCount > strongest.length ? `${totalCount} found, ${strongest.length} sent` : undefined,
        };
      },
    ),
  );

  // The top sellers of the range when the KPIs are visible; otherwise the first variants by SKU.
  const top = ((metrics.data as { current?: { topProducts?: TopProduct[] } } | null)?.current?.topProducts ?? []).slice(0, TOP_VARIANTS);
  const filter = top.length > 0 ? { id: { in: top.map((p) => p.variantId) } } : null;
  const which = top.length > 0 ? `the ${top.length} top-selling variants` : `the first ${TOP_VARIANTS} variants by SKU (no sales in the range)`;

  parts.push(
    await gatherPart(
      ctx,
      schema,
      {
        name: 'demandForecasts',
        description: `28-day demand forecasts and reorder suggestions for ${which}`,
        query: GATHER.demandForecasts,
        variables: { filter, first: TOP_VARIANTS },
      },
      (data) => {
        const skuOf = new Map(top.map((p) => [p.variantId, p.sku]));
        const nodes = nodesOf(data.demandForecasts).map((node) => {
          const forecast = node as { variantId: string };
          return { sku: skuOf.get(forecast.variantId), ...forecast };
        });
        return { data: nodes, empty: nodes.length === 0 };
      },
    ),
  );

  parts.push(
    await gatherPart(
      ctx,
      schema,
      {
        name: 'priceRecommendations',
        description: `Price recommendations for ${which}`,
        query: GATHER.priceRecommendations,
        variables: { filter, first: TOP_VARIANTS },
      },
      (data) => {
        const nodes = nodesOf(data.priceRecommendations);
        return { data: nodes, empty: nodes.length === 0 };
      },
    ),
  );

  return { ...range, parts };
}
