import type { EntityManager } from '@mikro-orm/sql';
import { Anomaly, AnomalyMetric, Severity } from './dto/insights.dto.js';
import type { Granularity } from './dto/metrics.dto.js';
import { mainCurrency } from './metrics.service.js';
import { type Concern, detectAnomalies, severityOf } from './numeric/anomaly.js';
import { checkRange, nextPeriod, type PeriodUnit, periodKey, periodSql, periodStart } from './periods.js';
import { decimalMoney } from '../../shared/money.js';

/** Baseline history read before the range: eight weeks of days, twelve weeks, or twelve months. */
const LOOKBACK: Record<PeriodUnit, number> = { day: 56, week: 12, month: 12 };
const TOP_VARIANTS = 20;
const THRESHOLD = 3.5;

export type AnomalyArgs = { range: { from: Date; to: Date }; metrics?: AnomalyMetric[] | null; granularity: Granularity | PeriodUnit };

const SEVERITY = { low: Severity.LOW, medium: Severity.MEDIUM, high: Severity.HIGH };
/** Voids and cancellations, and discounts, are better lower: a dip in them is good news (LOW, for information), not a problem. */
const CONCERN: Record<AnomalyMetric, Concern> = {
  [AnomalyMetric.REVENUE]: 'both',
  [AnomalyMetric.ORDER_COUNT]: 'both',
  [AnomalyMetric.VARIANT_DEMAND]: 'both',
  [AnomalyMetric.AVERAGE_DISCOUNT]: 'rise',
  [AnomalyMetric.VOIDS]: 'rise',
};
const SEVERITY_RANK = { [Severity.HIGH]: 3, [Severity.MEDIUM]: 2, [Severity.LOW]: 1 };
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * The periods read: LOOKBACK before the range, then the range's. Periods follow the one rule of
 * `periods.ts` (UTC days, ISO weeks from Monday, months from the 1st). At the edges: the period
 * containing `from` is judged whole (its days before `from` are read with the baseline), and a last
 * period that is not over by `to` is left out, since a part of a week (say, the week so far) would
 * read as a dip. `end` is where the data read stops: the end of the last whole period.
 */
type Window = { unit: PeriodUnit; periods: Date[]; index: Map<string, number>; rangeStart: number; end: Date };

function windowOf(range: { from: Date; to: Date }, unit: PeriodUnit): Window {
  const periods: Date[] = [];
  let p = nextPeriod(periodStart(range.from, unit), unit, -LOOKBACK[unit]);
  for (; nextPeriod(p, unit) <= range.to; p = nextPeriod(p, unit)) periods.push(p);
  return { unit, periods, index: new Map(periods.map((d, i) => [periodKey(d), i])), rangeStart: LOOKBACK[unit], end: p };
}

const blank = (w: Window) => new Array<number>(w.periods.length).fill(0);
const indexOf = (w: Window, bucket: Date | string) => w.index.get(periodKey(bucket));

/** One SQL aggregation of a metric into the window's periods (`params` in placeholder order); `key` splits it (per variant). */
async function bucketed(em: EntityManager, sql: string, params: unknown[], w: Window): Promise<Map<string, number[]>> {
  const rows = await em.execute<{ key: string | null; bucket: Date | string; value: string }[]>(sql, params);
  const out = new Map<string, number[]>();
  for (const row of rows) {
    const key = row.key ?? '';
    const values = out.get(key) ?? blank(w);
    const i = indexOf(w, row.bucket);
    if (i !== undefined) values[i] = Number(row.value);
    out.set(key, values);
  }
  return out;
}

/**
 * Unusual days (or weeks) in the range. Each metric is aggregated in SQL per bucket, then scored by
 * `detectAnomalies`: residuals from a same-weekday median baseline, scored with median/MAD.
 */
export async function anomalies(em: EntityManager, organizationId: string, args: AnomalyArgs): Promise<Anomaly[]> {
  checkRange(args.range);
  const w = windowOf(args.range, args.granularity);
  // The range holds no whole period (e.g. a week asked from Wednesday to Friday): nothing to judge.
  if (w.periods.length <= w.rangeStart) return [];
  const end = w.end;
  const currency = await mainCurrency(em, organizationId);
  const wanted = new Set(args.metrics?.length ? args.metrics : Object.values(AnomalyMetric));
  const base = [organizationId, w.periods[0], end];
  const ordersWhere = `o.organization_id = ? and o.ordered_at >= ? and o.ordered_at < ? and o.status not in ('draft', 'cancelled')`;
  const series: { metric: AnomalyMetric; key: string; values: number[]; unit: 'money' | 'count' | 'percent' }[] = [];
  const add = (metric: AnomalyMetric, unit: 'money' | 'count' | 'percent', map: Map<string, number[]>, single = true) => {
    if (single && map.size === 0) map.set('', blank(w));
    for (const [key, values] of map) series.push({ metric, key, values, unit });
  };
  if (wanted.has(AnomalyMetric.REVENUE) || wanted.has(AnomalyMetric.ORDER_COUNT) || wanted.has(AnomalyMetric.AVERAGE_DISCOUNT)) {
    const rows = await em.execute<{ bucket: Date | string; revenue: string; orders: string; discount: string; subtotal: string }[]>(
      `select ${periodSql('o.ordered_at')} as bucket, sum(o.total_amount) as revenue, count(*) as orders,
         sum(o.discount_total_amount) as discount, sum(o.subtotal_amount) as subtotal
       from orders o where ${ordersWhere} and o.currency = ? group by 1`,
      [w.unit, ...base, currency],
    );
    const [revenue, orders, discount] = [blank(w), blank(w), blank(w)];
    for (const r of rows) {
      const i = indexOf(w, r.bucket);
      if (i === undefined) continue;
      revenue[i] = Number(r.revenue);
      orders[i] = Number(r.orders);
      discount[i] = Number(r.subtotal) > 0 ? (100 * Number(r.discount)) / Number(r.subtotal) : 0;
    }
    if (wanted.has(AnomalyMetric.REVENUE)) add(AnomalyMetric.REVENUE, 'money', new Map([['', revenue]]));
    if (wanted.has(AnomalyMetric.ORDER_COUNT)) add(AnomalyMetric.ORDER_COUNT, 'count', new Map([['', orders]]));
    if (wanted.has(AnomalyMetric.AVERAGE_DISCOUNT)) add(AnomalyMetric.AVERAGE_DISCOUNT, 'percent', new Map([['', discount]]));
  }
  if (wanted.has(AnomalyMetric.VOIDS)) {
    const voids = await bucketed(
      em,
      `select null as key, b as bucket, count(*) as value from (
         select ${periodSql('i.voided_at')} as b from invoices i where i.organization_id = ? and i.voided_at >= ? and i.voided_at < ?
         union all
         select ${periodSql('o.cancelled_at')} from orders o where o.organization_id = ? and o.cancelled_at >= ? and o.cancelled_at < ?
       ) x group by b`,
      [w.unit, ...base, w.unit, ...base],
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
       select l.variant_id as key, ${periodSql('o.ordered_at')} as bucket, sum(l.quantity) as value
       from order_lines l join orders o on o.id = l.order_id
       where ${ordersWhere} and l.variant_id in (select variant_id from top) group by 1, 2`,
      [...base, w.unit, ...base],
      w,
    );
    // A variant that sells on fewer than half the periods has no "usual" day to compare with: every
    // sale would look like a spike. Those are left out (weekly granularity often brings them in).
    for (const [key, values] of demand) if (values.filter((v) => v > 0).length < values.length / 2) demand.delete(key);
    add(AnomalyMetric.VARIANT_DEMAND, 'count', demand, false);
  }
  const seasonLength = w.unit === 'day' ? 7 : 1;
  const found = series.flatMap((s) =>
    detectAnomalies(s.values, { seasonLength, threshold: THRESHOLD })
      .filter((p) => p.index >= w.rangeStart)
      .map((p) => {
        const periodStart = w.periods[p.index];
        const severity = SEVERITY[severityOf(p.score, CONCERN[s.metric])];
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
          severity,
          explanation: explain(s.metric, s.unit, p, periodStart, w.unit, currency),
        });
      }),
  );
  return found.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      Math.abs(b.score) - Math.abs(a.score) ||
      a.periodStart.getTime() - b.periodStart.getTime(),
  );
}

function explain(
  metric: AnomalyMetric,
  unit: 'money' | 'count' | 'percent',
  p: { observed: number; expected: number; lower: number; upper: number; direction: string },
  at: Date,
  period: PeriodUnit,
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
  const day = at.toISOString().slice(0, 10);
  const when = { day: `on ${day} (a ${WEEKDAYS[at.getUTCDay()]})`, week: `in the week from Monday ${day}`, month: `in ${day.slice(0, 7)}` }[period];
  const baseline = { day: `the usual ${WEEKDAYS[at.getUTCDay()]}`, week: 'recent weeks', month: 'recent months' }[period];
  const goodNews = CONCERN[metric] === 'rise' && p.direction === 'dip' ? ' Lower is better here, so this is for information.' : '';
  return `${label} ${when} was ${fmt(p.observed)}, ${p.direction === 'spike' ? 'above' : 'below'} the ${fmt(p.lower)}–${fmt(p.upper)} expected from ${baseline} (typical ${fmt(p.expected)}).${goodNews}`;
}
