import type { EntityManager } from '@mikro-orm/sql';
import { Anomaly, AnomalyMetric, Severity } from './dto/insights.dto.js';
import { Granularity } from './dto/metrics.dto.js';
import { mainCurrency } from './metrics.service.js';
import { detectAnomalies } from './numeric/anomaly.js';
import { checkRange, type DayOrWeek } from './periods.js';
import { DAY_MS } from '../../shared/clock.js';
import { decimalMoney } from '../../shared/money.js';

/** Baseline history read before the range: eight weeks of days, or twelve weeks. */
const LOOKBACK = { [Granularity.DAY]: 56, [Granularity.WEEK]: 12 };
const TOP_VARIANTS = 20;
const THRESHOLD = 3.5;

export type AnomalyArgs = { range: { from: Date; to: Date }; metrics?: AnomalyMetric[] | null; granularity: DayOrWeek };

const severityOf = (score: number) => (Math.abs(score) >= 6 ? Severity.HIGH : Math.abs(score) >= 4.5 ? Severity.MEDIUM : Severity.LOW);
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Window = { start: Date; buckets: number; size: number; rangeStart: number };

/** Buckets from LOOKBACK periods before the range (aligned on UTC days) to its end. */
function windowOf(range: { from: Date; to: Date }, granularity: DayOrWeek): Window {
  const size = granularity === Granularity.WEEK ? 7 : 1;
  const from = Date.UTC(range.from.getUTCFullYear(), range.from.getUTCMonth(), range.from.getUTCDate());
  const start = new Date(from - LOOKBACK[granularity] * size * DAY_MS);
  const buckets = Math.ceil((range.to.getTime() - start.getTime()) / (size * DAY_MS));
  return { start, buckets, size, rangeStart: LOOKBACK[granularity] };
}

/** One SQL aggregation of a metric into buckets of the window (`params` in placeholder order); `key` splits it (per variant). */
async function bucketed(em: EntityManager, sql: string, params: unknown[], w: Window): Promise<Map<string, number[]>> {
  const rows = await em.execute<{ key: string | null; bucket: number; value: string }[]>(sql, params);
  const out = new Map<string, number[]>();
  for (const row of rows) {
    const key = row.key ?? '';
    const values = out.get(key) ?? new Array<number>(w.buckets).fill(0);
    if (row.bucket >= 0 && row.bucket < w.buckets) values[row.bucket] = Number(row.value);
    out.set(key, values);
  }
  return out;
}

const BUCKET = `floor(extract(epoch from %s - ?::timestamptz) / ?)::int`;
const bucket = (column: string) => BUCKET.replace('%s', column);

/**
 * Unusual days (or weeks) in the range. Each metric is aggregated in SQL per bucket, then scored by
 * `detectAnomalies`: residuals from a same-weekday median baseline, scored with median/MAD.
 */
export async function anomalies(em: EntityManager, organizationId: string, args: AnomalyArgs): Promise<Anomaly[]> {
  checkRange(args.range);
  const w = windowOf(args.range, args.granularity);
  const end = args.range.to;
  const currency = await mainCurrency(em, organizationId);
  const wanted = new Set(args.metrics?.length ? args.metrics : Object.values(AnomalyMetric));
  const base = [organizationId, w.start, end];
  const ordersWhere = `o.organization_id = ? and o.ordered_at >= ? and o.ordered_at < ? and o.status not in ('draft', 'cancelled')`;
  const series: { metric: AnomalyMetric; key: string; values: number[]; unit: 'money' | 'count' | 'percent' }[] = [];
  const add = (metric: AnomalyMetric, unit: 'money' | 'count' | 'percent', map: Map<string, number[]>, single = true) => {
    if (single && map.size === 0) map.set('', new Array<number>(w.buckets).fill(0));
    for (const [key, values] of map) series.push({ metric, key, values, unit });
  };
  if (wanted.has(AnomalyMetric.REVENUE) || wanted.has(AnomalyMetric.ORDER_COUNT) || wanted.has(AnomalyMetric.AVERAGE_DISCOUNT)) {
    const rows = await em.execute<{ bucket: number; revenue: string; orders: string; discount: string; subtotal: string }[]>(
      `select ${bucket('o.ordered_at')} as bucket, sum(o.total_amount) as revenue, count(*) as orders,
         sum(o.discount_total_amount) as discount, sum(o.subtotal_amount) as subtotal
       from orders o where ${ordersWhere} and o.currency = ? group by 1`,
      [w.start, w.size * 86_400, ...base, currency],
    );
    const blank = () => new Array<number>(w.buckets).fill(0);
    const [revenue, orders, discount] = [blank(), blank(), blank()];
    for (const r of rows) {
      if (r.bucket < 0 || r.bucket >= w.buckets) continue;
      revenue[r.bucket] = Number(r.revenue);
      orders[r.bucket] = Number(r.orders);
      discount[r.bucket] = Number(r.subtotal) > 0 ? (100 * Number(r.discount)) / Number(r.subtotal) : 0;
    }
    if (wanted.has(AnomalyMetric.REVENUE)) add(AnomalyMetric.REVENUE, 'money', new Map([['', revenue]]));
    if (wanted.has(AnomalyMetric.ORDER_COUNT)) add(AnomalyMetric.ORDER_COUNT, 'count', new Map([['', orders]]));
    if (wanted.has(AnomalyMetric.AVERAGE_DISCOUNT)) add(AnomalyMetric.AVERAGE_DISCOUNT, 'percent', new Map([['', discount]]));
  }
  if (wanted.has(AnomalyMetric.VOIDS)) {
    const voids = await bucketed(
      em,
      `select null as key, b as bucket, count(*) as value from (
         select ${bucket('i.voided_at')} as b from invoices i where i.organization_id = ? and i.voided_at >= ? and i.voided_at < ?
         union all
         select ${bucket('o.cancelled_at')} from orders o where o.organization_id = ? and o.cancelled_at >= ? and o.cancelled_at < ?
       ) x group by b`,
      [w.start, w.size * 86_400, ...base, w.start, w.size * 86_400, ...base],
      w,
    );
    add(AnomalyMetric.VOIDS, 'count', voids);
  }
  if (wanted.has(AnomalyMetric.VARIANT_DEMAND)) {
    const demand = await bucketed(
      em,
      `with top as (
         select l.variant_id from order_lines l join orders o on o.id = l.order_id where ${ordersWhere}
         group by l.variant_id order by sum(l.quantity) desc, l.variant_id limit ${TOP_VARIANTS}
       )
       select l.variant_id as key, ${bucket('o.ordered_at')} as bucket, sum(l.quantity) as value
       from order_lines l join orders o on o.id = l.order_id
       where ${ordersWhere} and l.variant_id in (select variant_id from top) group by 1, 2`,
      [...base, w.start, w.size * 86_400, ...base],
      w,
    );
    // A variant that sells on fewer than half the periods has no "usual" day to compare with: every
    // sale would look like a spike. Those are left out (weekly granularity often brings them in).
    for (const [key, values] of demand) if (values.filter((v) => v > 0).length < values.length / 2) demand.delete(key);
    add(AnomalyMetric.VARIANT_DEMAND, 'count', demand, false);
  }
  const seasonLength = args.granularity === Granularity.DAY ? 7 : 1;
  const found = series.flatMap((s) =>
    detectAnomalies(s.values, { seasonLength, threshold: THRESHOLD })
      .filter((p) => p.index >= w.rangeStart && periodAt(w, p.index) < end)
      .map((p) => {
        const periodStart = periodAt(w, p.index);
        return Object.assign(new Anomaly(), {
          metric: s.metric,
          periodStart,
          variantId: s.key || null,
          observed: p.observed,
          expected: p.expected,
          lower: p.lower,
          upper: p.upper,
          score: p.score,
          spike: p.direction === 'spike',
          severity: severityOf(p.score),
          explanation: explain(s.metric, s.unit, p, periodStart, args.granularity, currency),
        });
      }),
  );
  return found.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.periodStart.getTime() - b.periodStart.getTime());
}

const periodAt = (w: Window, index: number) => new Date(w.start.getTime() + index * w.size * DAY_MS);

function explain(
  metric: AnomalyMetric,
  unit: 'money' | 'count' | 'percent',
  p: { observed: number; expected: number; lower: number; upper: number; direction: string },
  at: Date,
  granularity: DayOrWeek,
  currency: string,
): string {
  const fmt = (v: number) =>
    unit === 'money' ? decimalMoney(Math.round(v), currency) : unit === 'percent' ? `${v.toFixed(1)}%` : `${Math.round(v * 10) / 10}`;
  const label = {
    revenue: 'Revenue',
    order_count: 'Orders',
    average_discount: 'Average discount',
    variant_demand: 'Units of this variant',
    voids: 'Voids and cancellations',
  }[metric];
  const when =
    granularity === Granularity.DAY
      ? `on ${at.toISOString().slice(0, 10)} (a ${WEEKDAYS[at.getUTCDay()]})`
      : `in the week from ${at.toISOString().slice(0, 10)}`;
  const baseline = granularity === Granularity.DAY ? `the usual ${WEEKDAYS[at.getUTCDay()]}` : 'recent weeks';
  return `${label} ${when} was ${fmt(p.observed)}, ${p.direction === 'spike' ? 'above' : 'below'} the ${fmt(p.lower)}–${fmt(p.upper)} expected from ${baseline} (typical ${fmt(p.expected)}).`;
}
