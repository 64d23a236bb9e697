import type { GraphQLSchema } from 'graphql';
import type { Context } from '../../context.js';
import { isUuid } from '../../shared/ids.js';
import { GET_RECORD, LIST_RECORDS, RECORD_TYPES, type RecordType, TOOL_QUERIES } from './assistant-queries.js';
import { ToolCallStatus } from './assistant-enums.js';
import { nodesOf, type ReadOutcome, type ReadQuery, readThroughSchema } from './graphql-runner.js';
import { DAY_MS } from '../../shared/clock.js';

/** A tool definition as the chat completions API takes it. */
export type ToolSpec = {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
};

/** What running one tool call gave: the record kept with the answer, and the text sent back to the model. */
export type ToolRun = { status: ToolCallStatus; detail: string; arguments: Record<string, unknown>; result: unknown | null; error: string | null };

class ToolArgumentError extends Error {}

const MAX_FILTER_CHARS = 2_000;
const MAX_FILTER_DEPTH = 6;

const date = { type: 'string', description: 'ISO 8601 date or date-time, UTC (e.g. 2026-10-01).' };
const id = (what: string) => ({ type: 'string', description: `UUID of the ${what}.` });
const int = (min: number, max: number, description: string) => ({ type: 'integer', minimum: min, maximum: max, description });
const object = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** Reads arguments strictly: unknown keys and wrong types are refused with a message the model can act on. */
class Args {
  constructor(
    private readonly raw: Record<string, unknown>,
    allowed: string[],
  ) {
    const unknown = Object.keys(raw).filter((key) => !allowed.includes(key));
    if (unknown.length > 0) throw new ToolArgumentError(`unknown argument(s): ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }

  date(name: string, required = true): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) {
      if (required) throw new ToolArgumentError(`${name} is required`);
      return undefined;
    }
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new ToolArgumentError(`${name} must be an ISO 8601 date`);
    return new Date(value).toISOString();
  }

  int(name: string, min: number, max: number, fallback: number): number {
    const value = this.raw[name] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ToolArgumentError(`${name} must be an integer from ${min} to ${max}`);
    }
    return value;
  }

  uuid(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (!isUuid(value)) throw new ToolArgumentError(`${name} must be a UUID`);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const value = this.raw[name] ?? fallback;
    if (typeof value !== 'string' || !values.includes(value as T)) throw new ToolArgumentError(`${name} must be one of ${values.join(', ')}`);
    return value as T;
  }

  text(name: string, max: number): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length > max) throw new ToolArgumentError(`${name} must be text of at most ${max} characters`);
    return value;
  }

  list<T>(name: string, max: number, each: (value: unknown) => T): T[] | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.length > max) throw new ToolArgumentError(`${name} must be a list of at most ${max} items`);
    return value.map(each);
  }

  filter(name: string): Record<string, unknown> | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw new ToolArgumentError(`${name} must be an object`);
    if (nestsDeeper(value, MAX_FILTER_DEPTH)) throw new ToolArgumentError(`${name} nests too deeply (at most ${MAX_FILTER_DEPTH} levels)`);
    if (JSON.stringify(value).length > MAX_FILTER_CHARS) throw new ToolArgumentError(`${name} is too large (at most ${MAX_FILTER_CHARS} characters)`);
    return value as Record<string, unknown>;
  }
}

/** Whether `value` nests objects or lists more than `max` levels deep (stops looking past `max`). */
function nestsDeeper(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max === 0) return true;
  return Object.values(value).some((item) => nestsDeeper(item, max - 1));
}

function range(args: Args): { from: string; to: string } {
  const from = args.date('from') as string;
  const to = args.date('to') as string;
  if (Date.parse(to) <= Date.parse(from)) throw new ToolArgumentError('to must be after from');
  if (Date.parse(to) - Date.parse(from) > 3 * 366 * DAY_MS) throw new ToolArgumentError('the range may span at most three years');
  return { from, to };
}

const uuidItem = (value: unknown): string => {
  if (!isUuid(value)) throw new ToolArgumentError('variantIds must hold UUIDs');
  return value;
};

type ToolDefinition = {
  spec: ToolSpec;
  /** The document to run and its variables, from validated arguments. */
  plan(args: Record<string, unknown>): { query: ReadQuery; variables: Record<string, unknown> };
  /** One line on what came back (kept with the answer). */
  describe(data: Record<string, unknown>): string;
};

/** The strongest anomalies a tool call returns (the total comes with them). */
const TOOL_ANOMALIES = 20;

const count = (items: unknown, noun: string) => `${Array.isArray(items) ? items.length : 0} ${noun}`;

const define = (
  name: string,
  description: string,
  parameters: Record<string, unknown>,
  plan: ToolDefinition['plan'],
  describe: ToolDefinition['describe'],
): [string, ToolDefinition] => [name, { spec: { type: 'function', function: { name, description, parameters } }, plan, describe }];

const TOOLS = new Map<string, ToolDefinition>([
  define(
    'sales_metrics',
    'Sales KPIs (booked, invoiced and collected revenue, orders, average order value, leads and conversion, win rate, pipeline, sales cycle, top products and accounts) over a range, with a series per day, week or month.',
    object(
      {
        from: date,
        to: { ...date, description: 'End of the range, exclusive.' },
        granularity: { type: 'string', enum: ['DAY', 'WEEK', 'MONTH'] },
        ownerId: id('member whose accounts, leads and deals to count'),
      },
      ['from', 'to'],
    ),
    (raw) => {
      const args = new Args(raw, ['from', 'to', 'granularity', 'ownerId']);
      return {
        query: TOOL_QUERIES.salesMetrics,
        variables: { range: range(args), granularity: args.oneOf('granularity', ['DAY', 'WEEK', 'MONTH'], 'MONTH'), ownerId: args.uuid('ownerId') },
      };
    },
    (data) => `sales metrics with ${count((data.salesMetrics as { series?: unknown[] })?.series, 'periods')}`,
  ),
  define(
    'revenue_forecast',
    "Forecast of the next months' booked revenue: run-rate plus weighted pipeline, with 80% intervals.",
    object({ horizonMonths: int(1, 24, 'Months ahead, starting with the current one (default 6).') }),
    (raw) => {
      const args = new Args(raw, ['horizonMonths']);
      return { query: TOOL_QUERIES.revenueForecast, variables: { horizonMonths: args.int('horizonMonths', 1, 24, 6) } };
    },
    (data) => `revenue forecast of ${count((data.revenueForecast as { months?: unknown[] })?.months, 'months')}`,
  ),
  define(
    'demand_forecast',
    'Daily demand forecast of one variant, or of a product (all its variants), with the method chosen, its accuracy and a reorder suggestion.',
    object({ variantId: id('variant'), productId: id('product'), horizonDays: int(1, 365, 'Days ahead (default 28).') }),
    (raw) => {
      const args = new Args(raw, ['variantId', 'productId', 'horizonDays']);
      const variantId = args.uuid('variantId');
      const productId = args.uuid('productId');
      if (Boolean(variantId) === Boolean(productId)) throw new ToolArgumentError('give exactly one of variantId and productId');
      return { query: TOOL_QUERIES.demandForecast, variables: { variantId, productId, horizonDays: args.int('horizonDays', 1, 365, 28) } };
    },
    (data) => `forecast with ${count((data.demandForecast as { points?: unknown[] })?.points, 'points')}`,
  ),
  define(
    'price_recommendations',
    'Price recommendations (elasticity, margin-maximising price within ±15%) for variants, chosen by ID or by a search on SKU and name.',
    object({
      variantIds: { type: 'array', items: { type: 'string' }, maxItems: 20, description: 'UUIDs of variants.' },
      search: { type: 'string', description: 'Full-text search on SKU, name and product.' },
      first: int(1, 20, 'How many (default 10).'),
    }),
    (raw) => {
      const args = new Args(raw, ['variantIds', 'search', 'first']);
      const ids = args.list('variantIds', 20, uuidItem);
      const search = args.text('search', 200);
      const filter = ids || search ? { ...(ids ? { id: { in: ids } } : {}), ...(search ? { search } : {}) } : undefined;
      return { query: TOOL_QUERIES.priceRecommendations, variables: { filter, first: args.int('first', 1, 20, 10) } };
    },
    (data) => `${count(nodesOf(data.priceRecommendations), 'recommendations')}`,
  ),
  define(
    'next_best_actions',
    'Ranked next best actions (stale deals, deals past close date, overdue tasks, deals at risk, cross-sell, overdue invoices, stock to reorder), optionally for one opportunity or one member.',
    object({ first: int(1, 20, 'How many (default 10).'), opportunityId: id('opportunity'), ownerId: id('member') }),
    (raw) => {
      const args = new Args(raw, ['first', 'opportunityId', 'ownerId']);
      return {
        query: TOOL_QUERIES.nextBestActions,
        variables: { first: args.int('first', 1, 20, 10), opportunityId: args.uuid('opportunityId'), ownerId: args.uuid('ownerId') },
      };
    },
    (data) => `${count(nodesOf(data.nextBestActions), 'actions')}`,
  ),
  define(
    'anomalies',
    `The ${TOOL_ANOMALIES} strongest unusual days or weeks in a range (with how many there are) for revenue, order count, average discount, demand of top variants, and voids/cancellations.`,
    object(
      {
        from: date,
        to: { ...date, description: 'End of the range, exclusive.' },
        granularity: { type: 'string', enum: ['DAY', 'WEEK'] },
        metrics: { type: 'array', items: { type: 'string', enum: ['REVENUE', 'ORDER_COUNT', 'AVERAGE_DISCOUNT', 'VARIANT_DEMAND', 'VOIDS'] } },
      },
      ['from', 'to'],
    ),
    (raw) => {
      const args = new Args(raw, ['from', 'to', 'granularity', 'metrics']);
      const metrics = args.list('metrics', 5, (value) => {
        if (typeof value !== 'string' || !['REVENUE', 'ORDER_COUNT', 'AVERAGE_DISCOUNT', 'VARIANT_DEMAND', 'VOIDS'].includes(value)) {
          throw new ToolArgumentError('metrics must be REVENUE, ORDER_COUNT, AVERAGE_DISCOUNT, VARIANT_DEMAND or VOIDS');
        }
        return value;
      });
      return {
        query: TOOL_QUERIES.anomalies,
        variables: { range: range(args), granularity: args.oneOf('granularity', ['DAY', 'WEEK'], 'DAY'), metrics, first: TOOL_ANOMALIES },
      };
    },
    (data) => `${count(nodesOf(data.anomalies), 'anomalies')} of ${(data.anomalies as { totalCount?: number } | null)?.totalCount ?? 0}`,
  ),
  define(
    'get_record',
    `One CRM record by ID. Types: ${RECORD_TYPES.join(', ')}.`,
    object({ type: { type: 'string', enum: RECORD_TYPES }, id: id('record') }, ['type', 'id']),
    (raw) => {
      const args = new Args(raw, ['type', 'id']);
      const type = args.oneOf('type', RECORD_TYPES);
      // A malformed ID is answered like a missing record, by the query itself.
      return { query: GET_RECORD[type], variables: { id: typeof raw.id === 'string' ? raw.id : '' } };
    },
    () => '1 record',
  ),
  define(
    'list_records',
    `A page of CRM records matching a filter, with the total count. Types: ${RECORD_TYPES.join(', ')}. The filter takes the API's filter fields, e.g. {"status": {"eq": "OPEN"}}, {"search": "acme"}, {"account": {"industry": {"eq": "Retail"}}}, {"and": [...]}.`,
    object({ type: { type: 'string', enum: RECORD_TYPES }, filter: { type: 'object' }, first: int(1, 25, 'How many (default 10).') }, ['type']),
    (raw) => {
      const args = new Args(raw, ['type', 'filter', 'first']);
      const type: RecordType = args.oneOf('type', RECORD_TYPES);
      return { query: LIST_RECORDS[type], variables: { filter: args.filter('filter'), first: args.int('first', 1, 25, 10) } };
    },
    (data) => {
      const list = data.list as { totalCount?: number } | null;
      return `${nodesOf(list).length} of ${list?.totalCount ?? 0} records`;
    },
  ),
]);

export const TOOL_NAMES = [...TOOLS.keys()];
export const toolSpecs = (): ToolSpec[] => [...TOOLS.values()].map((tool) => tool.spec);

function refusal(outcome: Exclude<ReadOutcome, { ok: true }>): string {
  switch (outcome.kind) {
    case 'withheld':
      return `withheld: ${outcome.message}`;
    case 'not_found':
      return `not found: ${outcome.message}`;
    case 'invalid':
      return `invalid arguments: ${outcome.message}`;
    default:
      return outcome.message;
  }
}

/**
 * Runs one tool call the model made: only the tools above exist, each a fixed query run through
 * the schema as the caller, read-only. Anything else (unknown tool, arguments that are not JSON or
 * do not fit) is refused with a message, which goes back to the model.
 */
export async function runTool(ctx: Context, schema: GraphQLSchema, name: string, rawArguments: string): Promise<ToolRun> {
  const refused = (detail: string, args: Record<string, unknown> = {}): ToolRun => ({
    status: ToolCallStatus.REFUSED,
    detail,
    arguments: args,
    result: null,
    error: detail,
  });
  const tool = TOOLS.get(name);
  if (!tool) return refused(`unknown tool "${name.slice(0, 80)}"; the tools are ${TOOL_NAMES.join(', ')}`);
  let args: Record<string, unknown>;
  try {
    const parsed = JSON.parse(rawArguments || '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refused('arguments must be a JSON object');
    args = parsed;
  } catch {
    return refused('arguments are not valid JSON');
  }
  let plan: ReturnType<ToolDefinition['plan']>;
  try {
    plan = tool.plan(args);
  } catch (error) {
    if (error instanceof ToolArgumentError) return refused(`invalid arguments: ${error.message}`, {});
    throw error;
  }
  const outcome = await readThroughSchema(ctx, schema, plan.query, plan.variables);
  if (!outcome.ok) {
    const detail = refusal(outcome);
    return { ...refused(detail, args), status: outcome.kind === 'failed' ? ToolCallStatus.FAILED : ToolCallStatus.REFUSED };
  }
  return { status: ToolCallStatus.OK, detail: tool.describe(outcome.data), arguments: args, result: outcome.data, error: null };
}
