import { DAY_MS } from '../../shared/clock.js';
import { cycleMicrosecondsSql, exact, type MetricsScope, num, type PeriodSums, type Row, rawSeries, rawTop } from './metrics.raw.js';
import { periodKey } from './periods.js';

/*
 * salesMetrics from the rollups (src/migrations/…_SalesRollups.ts defines them and the triggers that
 * mark stale days). Each answer is one statement, so the rollup rows, raw rows and stale marks it
 * reads are one snapshot:
 *
 *   rolled = rollup rows of the range's whole UTC days that are not stale (top lists: mostly
 *            months from the monthly rollups, see RollupPlan)
 *   raw    = raw rows of the partial days at the range's edges and of the stale days
 *
 * summed together. The stale days are read first (one small statement per request) and written into
 * the statement as literals, so the planner sees exact windows (index range scans, estimates it can
 * trust); the statement itself checks that no other day of the range is stale in its snapshot (a
 * day refreshed meanwhile is only read raw needlessly) and is run again with the new marks if one is.
 */

/** How a range [from, to) of arbitrary instants splits into whole days and edges. */
export type RangeSplit = {
  /** Whole UTC days [days.from, days.to), as dates (empty: both the same). */
  days: { from: string; to: string };
  /** The partial days before and after the whole days, as instants (a window may be empty: lo >= hi). */
  edges: [[Date, Date], [Date, Date]];
};

const date = (d: Date) => d.toISOString().slice(0, 10);

export function splitRange(from: Date, to: Date): RangeSplit {
  const wholeFrom = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const wholeTo = new Date(Math.max(Math.floor(to.getTime() / DAY_MS) * DAY_MS, wholeFrom.getTime()));
  return {
    days: { from: date(wholeFrom), to: date(wholeTo) },
    edges: [
      [from, new Date(Math.min(wholeFrom.getTime(), to.getTime()))],
      [wholeTo, to],
    ],
  };
}

/** `{name}` placeholders to positional parameters (a name may appear several times). */
function bind(sql: string, values: Record<string, unknown>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for {${name}}`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
}

/** Windows [lo, hi) in order, those that touch merged. */
function merged<T extends number | string>(windows: [T, T][]): [T, T][] {
  const sorted = windows.filter(([lo, hi]) => lo < hi).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [T, T][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1]) last[1] = hi > last[1] ? hi : last[1];
    else out.push([lo, hi]);
  }
  return out;
}

const nextDay = (day: string) => date(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
const nextMonth = (month: string) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return date(d);
};

const firstOfMonth = (day: string) => `${day.slice(0, 8)}01`;
const previousMonth = (month: string) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return date(d);
};
/** The dates [from, to). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d < to; d = nextDay(d)) days.push(d);
  return days;
}
const list = (days: string[]) => `{${days.join(',')}}`;

/**
 * One answer's literals: the windows read raw, and which monthly and daily rollup rows make up the
 * whole days that are not stale. A monthly row is always the sum of its month's current daily rows
 * (the refresh rewrites both in one transaction), so a month's part can also be read as the month
 * less the daily rows of its other days and of its stale days, whichever reads fewer rows. The
 * max() of SKUs cannot be subtracted: it reads a month's row only when every day of it counts.
 */
class RollupPlan {
  readonly values: Record<string, unknown>;
  private readonly rawWindows: [Date, Date][];
  private readonly sumsOf = { months: [] as string[], plusDays: [] as string[], minusDays: [] as string[] };
  private readonly maxesOf = { months: [] as string[], days: [] as string[] };
  /** maxesOf.days as ranges [from, to), stale days inside them excluded by the query. */
  private readonly maxWindows: [string, string][];
  /** sumsOf.months as runs [first, last] of consecutive months. */
  private readonly monthRuns: [string, string][] = [];

  constructor(
    readonly q: MetricsScope,
    stale: string[],
  ) {
    const split = splitRange(q.from, q.to);
    const staleWindows = stale.map((day): [number, number] => [Date.parse(`${day}T00:00:00Z`), Date.parse(`${nextDay(day)}T00:00:00Z`)]);
    this.rawWindows = merged([...split.edges.map(([lo, hi]): [number, number] => [lo.getTime(), hi.getTime()]), ...staleWindows]).map(([lo, hi]) => [
      new Date(lo),
      new Date(hi),
    ]);
    const isStale = new Set(stale);
    const [sums, maxes] = [this.sumsOf, this.maxesOf];
    for (let month = firstOfMonth(split.days.from); month < split.days.to; month = nextMonth(month)) {
      const all = daysOf(month, nextMonth(month));
      const inside = all.filter((d) => d >= split.days.from && d < split.days.to);
      const fresh = inside.filter((d) => !isStale.has(d));
      const left = [...all.filter((d) => d < split.days.from || d >= split.days.to), ...inside.filter((d) => isStale.has(d))];
      if (1 + left.length < fresh.length) {
        sums.months.push(month);
        sums.minusDays.push(...left);
      } else sums.plusDays.push(...fresh);
      if (fresh.length === all.length) maxes.months.push(month);
      else maxes.days.push(...fresh);
    }
    // Runs of consecutive summed months: each is read from the running totals as two rows per key.
    for (const month of sums.months) {
      const run = this.monthRuns.at(-1);
      if (run && nextMonth(run[1]) === month) run[1] = month;
      else this.monthRuns.push([month, month]);
    }
    // The stale days join their neighbours' ranges (fewer ranges); the query leaves them out.
    this.maxWindows = merged<string>([...maxes.days, ...stale].map((d): [string, string] => [d, nextDay(d)]));
    this.values = {
      org: q.organizationId,
      cur: q.currency,
      unit: q.unit,
      daysFrom: split.days.from,
      daysTo: split.days.to,
      stale: list(stale),
      sumMonths: list(sums.months),
      sumPlusDays: list(sums.plusDays),
      sumMinusDays: list(sums.minusDays),
      maxMonths: list(maxes.months),
      ...Object.fromEntries(
        this.maxWindows.flatMap(([lo, hi], i) => [
          [`max${i}From`, lo],
          [`max${i}To`, hi],
        ]),
      ),
      ...Object.fromEntries(
        this.monthRuns.flatMap(([first, last], i) => [
          [`run${i}Last`, last],
          [`run${i}Before`, previousMonth(first)],
        ]),
      ),
      ...Object.fromEntries(
        this.rawWindows.flatMap(([lo, hi], i) => [
          [`raw${i}From`, lo],
          [`raw${i}To`, hi],
        ]),
      ),
    };
  }

  /** Whether any instant is read raw (edges or stale days): without, the raw branches are left out. */
  get hasRaw(): boolean {
    return this.rawWindows.length > 0;
  }

  /** `column` (a timestamp) in a window read raw: the partial edge days and the stale days. */
  raw(column: string): string {
    return `(${this.rawWindows.map((_, i) => `${column} >= {raw${i}From}::timestamptz and ${column} < {raw${i}To}::timestamptz`).join(' or ')})`;
  }

  /** `column` (a date) on a whole day that is not stale. */
  freshDay(column: string): string {
    return `${column} >= {daysFrom}::date and ${column} < {daysTo}::date and ${column} <> all({stale}::date[])`;
  }

  /**
   * Branches over a monthly rollup and its daily one whose sums are those of the whole days that are
   * not stale: `select(sign)` is the select list over alias r, with `sign` ('' or '-') before each sum.
   */
  sums(monthly: string, daily: string, select: (sign: string) => string, cumulative?: string): string[] {
    const where = 'r.organization_id = {org} and r.currency = {cur}';
    // A month after the running totals' last one has no monthly rows either: its total is the last one's.
    const upTo = (month: string) => `least(${month}::date, (select max(c.month) from ${cumulative} c where c.organization_id = {org}))`;
    const months = cumulative
      ? this.monthRuns.flatMap((_, i) => [
          `select ${select('')} from ${cumulative} r where ${where} and r.month = ${upTo(`{run${i}Last}`)}`,
          `select ${select('-')} from ${cumulative} r where ${where} and r.month = ${upTo(`{run${i}Before}`)}`,
        ])
      : [this.sumsOf.months.length > 0 && `select ${select('')} from ${monthly} r where ${where} and r.month = any({sumMonths}::date[])`];
    return [
      ...months,
      this.sumsOf.plusDays.length > 0 && `select ${select('')} from ${daily} r where ${where} and r.day = any({sumPlusDays}::date[])`,
      this.sumsOf.minusDays.length > 0 && `select ${select('-')} from ${daily} r where ${where} and r.day = any({sumMinusDays}::date[])`,
    ].filter((branch): branch is string => Boolean(branch));
  }

  /** Branches over a monthly rollup and its daily one covering exactly the whole days that are not stale (for max()). */
  rows(monthly: string, daily: string, select: string, only: string): string[] {
    const where = `r.organization_id = {org} and r.currency = {cur}${only}`;
    return [
      this.maxesOf.months.length > 0 && `select ${select} from ${monthly} r where ${where} and r.month = any({maxMonths}::date[])`,
      // Day ranges rather than a list: with the winners, an index range scan per variant and range.
      this.maxWindows.length > 0 &&
        `select ${select} from ${daily} r where ${where}
          and (${this.maxWindows.map((_, i) => `r.day >= {max${i}From}::date and r.day < {max${i}To}::date`).join(' or ')})
          and r.day <> all({stale}::date[])`,
    ].filter((branch): branch is string => Boolean(branch));
  }

  /**
   * The answer of `sql` as JSON rows (in `order`), with whether the stale days it assumed are all the
   * range's stale days in its snapshot.
   */
  statement(sql: string, order: string): [string, unknown[]] {
    return bind(
      `select not exists (
         select 1 from analytics_stale_days
          where organization_id = {org} and day >= {daysFrom}::date and day < {daysTo}::date and day <> all({stale}::date[])
       ) as fresh,
       (select coalesce(json_agg(a order by ${order}), '[]'::json) from (${sql}) a) as rows`,
      this.values,
    );
  }
}

/** The stale days among the range's whole days, read once per SalesMetrics (its series and top lists). */
const staleDays = new WeakMap<MetricsScope, Promise<string[]>>();

function readStaleDays(q: MetricsScope): Promise<string[]> {
  const split = splitRange(q.from, q.to);
  const read = q.em
    .execute<{ day: string }[]>(
      'select day::text as day from analytics_stale_days where organization_id = ? and day >= ?::date and day < ?::date order by day',
      [q.organizationId, split.days.from, split.days.to],
    )
    .then((rows) => rows.map((r) => r.day));
  staleDays.set(q, read);
  read.catch(() => staleDays.delete(q));
  return read;
}

/** How often an answer is tried again when days turned stale between reading the marks and the answer. */
const ATTEMPTS = 3;

/** The rows of `build`'s statement, or null when new stale days kept appearing (the caller answers raw). */
async function answer(q: MetricsScope, build: (plan: RollupPlan) => string, order: string): Promise<Row[] | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const stale = await (attempt === 0 ? (staleDays.get(q) ?? readStaleDays(q)) : readStaleDays(q));
    const plan = new RollupPlan(q, stale);
    const [result] = await q.em.execute<{ fresh: boolean; rows: Row[] | string }[]>(...plan.statement(build(plan), order));
    // PGlite and pg both parse json; a driver handing back text is parsed here.
    if (result.fresh) return typeof result.rows === 'string' ? (JSON.parse(result.rows) as Row[]) : result.rows;
  }
  return null;
}

const COLUMNS = ['orders', 'booked', 'invoiced', 'collected', 'new_leads', 'converted_leads', 'won', 'lost', 'cycle_us', 'created'] as const;
type Column = (typeof COLUMNS)[number];

/** The select list of a series branch: its period, the given columns, zeros for the others. */
const columns = (period: string, picked: Partial<Record<Column, string>>) =>
  `${period} as period, ${COLUMNS.map((c) => `${picked[c] ?? '0'} as ${c}`).join(', ')}`;

/** Every KPI series in one statement: one row per period with any data. */
function seriesSql(plan: RollupPlan): string {
  const rolled = (table: string, picked: Partial<Record<Column, string>>, currency = true) =>
    `select ${columns(`date_trunc({unit}, (r.day::timestamp at time zone 'UTC'), 'UTC')`, picked)} from ${table} r
      where r.organization_id = {org}${currency ? ' and r.currency = {cur}' : ''} and ${plan.freshDay('r.day')}`;
  const raw = (table: string, at: string, picked: Partial<Record<Column, string>>, where: string) =>
    `select ${columns(`date_trunc({unit}, t.${at}, 'UTC')`, picked)} from ${table} t
      where t.organization_id = {org} and ${plan.raw(`t.${at}`)} and ${where}`;
  const won = `t.status = 'won'`;
  const branches = [
    rolled('daily_sales', {
      orders: 'r.order_count',
      booked: 'r.booked_amount',
      invoiced: 'r.invoiced_amount',
      collected: 'r.collected_amount',
      won: 'r.won_count',
      lost: 'r.lost_count',
      cycle_us: 'r.won_cycle_microseconds',
      created: 'r.created_amount',
    }),
    rolled('daily_leads', { new_leads: 'r.new_count', converted_leads: 'r.converted_count' }, false),
    ...(plan.hasRaw
      ? [
          raw('orders', 'ordered_at', { orders: '1', booked: 't.total_amount' }, `t.currency = {cur} and t.status not in ('draft', 'cancelled')`),
          raw('invoices', 'issued_at', { invoiced: 't.total_amount' }, `t.currency = {cur} and t.status not in ('draft', 'void')`),
          raw('payments', 'paid_at', { collected: 't.amount' }, 't.currency = {cur}'),
          raw('leads', 'created_at', { new_leads: '1', converted_leads: `(t.status = 'converted')::int` }, 't.deleted_at is null'),
          raw(
            'opportunities',
            'closed_at',
            { won: `(${won})::int`, lost: `(t.status = 'lost')::int`, cycle_us: `case when ${won} then ${cycleMicrosecondsSql('t')} else 0 end` },
            't.amount_currency = {cur} and t.deleted_at is null',
          ),
          raw('opportunities', 'created_at', { created: 't.amount_amount' }, 't.amount_currency = {cur} and t.deleted_at is null'),
        ]
      : []),
  ];
  // The cycle's microseconds as text: JSON numbers are doubles.
  return `select period, ${COLUMNS.map((c) => `sum(${c})${c === 'cycle_us' ? '::text' : ''} as ${c}`).join(', ')}
    from (${branches.join('\n    union all ')}) x group by period`;
}

/** The KPI series from the rollups (all owners), equal to rawSeries. */
export async function rolledSeries(q: MetricsScope): Promise<Map<string, PeriodSums>> {
  const rows = await answer(q, seriesSql, 'a.period');
  if (!rows) return rawSeries(q);
  return new Map(
    rows.map((row) => [
      periodKey(row.period as string),
      {
        orders: num(row.orders),
        booked: num(row.booked),
        invoiced: num(row.invoiced),
        collected: num(row.collected),
        newLeads: num(row.new_leads),
        convertedLeads: num(row.converted_leads),
        won: num(row.won),
        lost: num(row.lost),
        cycleMicroseconds: exact(row.cycle_us),
        pipelineCreated: num(row.created),
      },
    ]),
  );
}

const BOOKED = `t.currency = {cur} and t.status not in ('draft', 'cancelled')`;

/** The branches' union, or no rows of `empty`'s shape when there is none. */
const union = (branches: string[], empty: string) => (branches.length > 0 ? branches.join('\n        union all ') : `${empty} where false`);

/**
 * Units and revenue are summed over every variant (a variant counts with at least one unit: a
 * month less its other days can leave zero); the SKU and description (max() over the range's
 * lines, as the raw query has them) only for the ten winners, from the same rows: text is the
 * costly part of the aggregation, and the max() of days and months is the max() of their lines.
 */
function topProductsSql(plan: RollupPlan): string {
  const winners = (alias: string) => ` and ${alias}.variant_id = any(array(select variant_id from top))`;
  const raw = plan.hasRaw
    ? `raw_lines as materialized (
        select l.variant_id, l.quantity::bigint as units, l.total_amount as revenue, l.sku, l.description
          from orders t join order_lines l on l.organization_id = {org} and l.order_id = t.id
         where t.organization_id = {org} and ${plan.raw('t.ordered_at')} and ${BOOKED}
      ),`
    : '';
  const rawRows = (select: string, only = '') => (plan.hasRaw ? [`select ${select} from raw_lines l where true${only}`] : []);
  const sums = plan.sums(
    'monthly_variant_sales',
    'daily_variant_sales',
    (sign) => `r.variant_id, ${sign}r.units as units, ${sign}r.revenue as revenue`,
    'cumulative_variant_sales',
  );
  const maxes = plan.rows('monthly_variant_sales', 'daily_variant_sales', 'r.variant_id, r.sku, r.description', winners('r'));
  return `with ${raw}
    top as materialized (
      select variant_id, sum(units) as units, sum(revenue) as revenue from (
        ${union([...sums, ...rawRows('l.variant_id, l.units, l.revenue')], 'select null::uuid as variant_id, 0::bigint as units, 0::bigint as revenue')}
      ) x group by variant_id having sum(units) > 0 order by revenue desc, variant_id limit 10
    ),
    names as (
      select variant_id, max(sku) as sku, max(description) as description from (
        ${union([...maxes, ...rawRows('l.variant_id, l.sku, l.description', winners('l'))], 'select null::uuid as variant_id, null::text as sku, null::text as description')}
      ) x group by variant_id
    )
    select top.variant_id, names.sku, names.description, top.units, top.revenue
    from top join names on names.variant_id = top.variant_id`;
}

function topAccountsSql(plan: RollupPlan): string {
  const sums = plan.sums(
    'monthly_account_sales',
    'daily_account_sales',
    (sign) => `r.account_id, ${sign}r.order_count as n, ${sign}r.revenue as revenue`,
    'cumulative_account_sales',
  );
  const raw = plan.hasRaw
    ? [
        `select t.account_id, 1 as n, t.total_amount as revenue from orders t where t.organization_id = {org} and ${plan.raw('t.ordered_at')} and ${BOOKED}`,
      ]
    : [];
  return `select top.account_id, a.name, top.n, top.revenue from (
      select account_id, sum(n) as n, sum(revenue) as revenue from (
        ${union([...sums, ...raw], 'select null::uuid as account_id, 0::bigint as n, 0::bigint as revenue')}
      ) x group by account_id having sum(n) > 0 order by revenue desc, account_id limit 10
    ) top join accounts a on a.organization_id = {org} and a.id = top.account_id`;
}

/** Top 10 variants or accounts by booked revenue from the rollups (all owners), equal to rawTop. */
export async function rolledTop(q: MetricsScope, list: 'products' | 'accounts'): Promise<Row[]> {
  const [sql, key] = list === 'products' ? [topProductsSql, 'variant_id'] : [topAccountsSql, 'account_id'];
  return (await answer(q, sql, `a.revenue desc, a.${key}`)) ?? rawTop(q, list);
}
