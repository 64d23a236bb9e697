import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { LRUCache } from 'lru-cache';
import { isUuid } from '../../shared/ids.js';
import { Money } from '../../shared/money.js';
import { DemandForecast, type ForecastMethodName, type ReorderSuggestion } from './dto/forecast.dto.js';
import { Granularity } from './dto/metrics.dto.js';
import { type ForecastResult, forecastSeries } from './numeric/forecast.js';
import { badArgument, type DayOrWeek, periodStart } from './periods.js';
import { DAY_MS } from '../../shared/clock.js';

export const HISTORY_DAYS = 364;
/** Lead time assumed when neither the default supplier nor an offer states one. */
export const DEFAULT_LEAD_TIME_DAYS = 14;
const INTERVAL_LEVEL = 0.8;

export type DemandOptions = { horizonDays: number; granularity: DayOrWeek; now: Date };
type Subject = { kind: 'variant' | 'product'; id: string };

/**
 * Forecasts are pure functions of their series: cached by organization and a hash of the input, never
 * shared across organizations. Bounded by size (a 365-day forecast weighs about ten times a 28-day
 * one), and kept a day: the history window moves every UTC day, so older keys are never asked again.
 */
const cache = new LRUCache<string, ForecastResult>({
  maxSize: 64 * 1024 * 1024,
  sizeCalculation: (result) => 1_024 + 100 * result.points.length + 80 * result.scores.length + 2 * result.reason.length,
  ttl: DAY_MS,
});

export function checkDemandOptions(options: DemandOptions): void {
  if (!Number.isInteger(options.horizonDays) || options.horizonDays < 1 || options.horizonDays > 365)
    throw badArgument('horizonDays', 'horizonDays must be 1 to 365');
}

const step = (g: DayOrWeek) => (g === Granularity.WEEK ? 7 : 1);
/**
 * The history ends at the start of the current period: today (UTC) by day, this week's Monday by
 * week (ISO weeks, like every weekly series here, see periods.ts). The period in progress is left
 * out because its partial sales would read as a dip; the forecast's first point is that period.
 */
const historyEnd = (now: Date, granularity: DayOrWeek) => periodStart(now, granularity);

/**
 * Units per period for each subject over the last year, zeros filled, oldest first: one SQL
 * aggregation (orders not draft or cancelled), buckets counted back from today.
 */
export async function demandSeries(
  em: EntityManager,
  organizationId: string,
  subjects: Subject[],
  options: DemandOptions,
): Promise<Map<string, number[]>> {
  const size = step(options.granularity);
  const buckets = Math.floor(HISTORY_DAYS / size);
  const end = historyEnd(options.now, options.granularity);
  const start = new Date(end.getTime() - buckets * size * DAY_MS);
  const series = new Map(subjects.map((s) => [s.id, new Array<number>(buckets).fill(0)]));
  for (const kind of ['variant', 'product'] as const) {
    const ids = subjects.filter((s) => s.kind === kind).map((s) => s.id);
    if (ids.length === 0) continue;
    const key = kind === 'variant' ? 'l.variant_id' : 'v.product_id';
    const rows = await em.execute<{ key: string; bucket: number; units: string }[]>(
      `select ${key} as key, floor(extract(epoch from o.ordered_at - ?::timestamptz) / ?)::int as bucket, sum(l.quantity) as units
       from order_lines l join orders o on o.id = l.order_id ${kind === 'product' ? 'join product_variants v on v.id = l.variant_id' : ''}
       where o.organization_id = ? and o.status not in ('draft', 'cancelled') and o.ordered_at >= ? and o.ordered_at < ?
         and ${key} in (${ids.map(() => '?').join(', ')})
       group by 1, 2`,
      [start, size * 86_400, organizationId, start, end, ...ids],
    );
    for (const row of rows) {
      const values = series.get(row.key);
      if (values && row.bucket >= 0 && row.bucket < buckets) values[row.bucket] = Number(row.units);
    }
  }
  return series;
}

function cachedForecast(organizationId: string, history: number[], options: DemandOptions): ForecastResult {
  const horizon = Math.ceil(options.horizonDays / step(options.granularity));
  const seasonLength = options.granularity === Granularity.DAY ? 7 : 1;
  const key = `${organizationId}:${horizon}:${seasonLength}:${createHash('sha1').update(history.join(',')).digest('hex')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const result = forecastSeries(history, { horizon, seasonLength, level: INTERVAL_LEVEL });
  cache.set(key, result);
  return result;
}

/** Forecasts many subjects with one query for their histories (and one for stock when they are variants). */
export async function forecastDemand(
  em: EntityManager,
  organizationId: string,
  subjects: Subject[],
  options: DemandOptions,
): Promise<DemandForecast[]> {
  checkDemandOptions(options);
  for (const s of subjects) if (!isUuid(s.id)) throw badArgument(`${s.kind}Id`, `${s.kind}Id "${s.id}" is not an ID`);
  const series = await demandSeries(em, organizationId, subjects, options);
  const variants = subjects.filter((s) => s.kind === 'variant').map((s) => s.id);
  const stock = variants.length ? await stockFacts(em, organizationId, variants) : new Map<string, StockFacts>();
  const size = step(options.granularity);
  const end = historyEnd(options.now, options.granularity);
  return subjects.map((subject) => {
    const history = series.get(subject.id) ?? [];
    const result = cachedForecast(organizationId, history, options);
    const periodAt = (offset: number) => new Date(end.getTime() + offset * size * DAY_MS);
    const facts = stock.get(subject.id);
    return Object.assign(new DemandForecast(), {
      variantId: subject.kind === 'variant' ? subject.id : null,
      productId: subject.kind === 'product' ? subject.id : null,
      granularity: options.granularity,
      horizonDays: options.horizonDays,
      method: result.method as ForecastMethodName,
      mase: result.mase,
      baselineMase: result.baselineMase,
      scores: result.scores.map((s) => ({ method: s.method as ForecastMethodName, mase: s.mase })),
      intermittent: result.intermittent,
      level: result.level,
      reason: result.reason,
      totalExpected: result.points.reduce((sum, p) => sum + p.mean, 0),
      history: history.map((units, i) => ({ periodStart: periodAt(i - history.length), units })),
      points: result.points.map((p, i) => ({ periodStart: periodAt(i), expected: p.mean, lower: p.lower, upper: p.upper })),
      reorder: facts ? reorderSuggestion(result, facts, size) : null,
    });
  });
}

type StockFacts = {
  available: number;
  leadTimeDays: number | null;
  reorderPoint: number;
  reorderQuantity: number;
  unitCost: number;
  currency: string;
};

/** Available stock (live warehouses), reorder settings, unit cost and the supplier lead time of each variant. */
async function stockFacts(em: EntityManager, organizationId: string, variantIds: string[]): Promise<Map<string, StockFacts>> {
  const rows = await em.execute<Record<string, string | number | null>[]>(
    `select v.id, v.reorder_point, v.reorder_quantity, v.unit_cost_amount, v.unit_cost_currency,
       (select coalesce(sum(s.on_hand - s.reserved), 0) from stock_levels s
          join warehouses w on w.id = s.warehouse_id and w.deleted_at is null and w.organization_id = v.organization_id
        where s.variant_id = v.id and s.organization_id = v.organization_id) as available,
       coalesce((select sup.lead_time_days from suppliers sup
                 where sup.id = p.default_supplier_id and sup.deleted_at is null and sup.organization_id = v.organization_id),
                (select min(coalesce(so.lead_time_days, sup2.lead_time_days)) from supplier_offers so
                   join suppliers sup2 on sup2.id = so.supplier_id and sup2.organization_id = v.organization_id
                 where so.variant_id = v.id and so.organization_id = v.organization_id)) as lead_time_days
     from product_variants v join products p on p.id = v.product_id and p.organization_id = v.organization_id
     where v.organization_id = ? and v.id in (${variantIds.map(() => '?').join(', ')})`,
    [organizationId, ...variantIds],
  );
  return new Map(
    rows.map((r) => [
      String(r.id),
      {
        available: Number(r.available),
        leadTimeDays: r.lead_time_days == null ? null : Number(r.lead_time_days),
        reorderPoint: Number(r.reorder_point),
        reorderQuantity: Number(r.reorder_quantity),
        unitCost: Number(r.unit_cost_amount),
        currency: String(r.unit_cost_currency),
      },
    ]),
  );
}

/**
 * Order when the stock left after the lead time's demand (upper bound, for safety) would fall to
 * the reorder point; order enough to cover that demand and get back above the reorder point, at
 * least the reorder quantity.
 */
export function reorderSuggestion(result: ForecastResult, facts: StockFacts, periodDays: number): ReorderSuggestion {
  const leadTimeDays = facts.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS;
  const assumed = facts.leadTimeDays == null ? ` (assumed: no supplier lead time is recorded)` : '';
  const perDay = (pick: (p: ForecastResult['points'][number]) => number) =>
    result.points.length === 0 ? 0 : result.points.reduce((s, p) => s + pick(p), 0) / (result.points.length * periodDays);
  const expectedPerDay = perDay((p) => p.mean);
  const demandDuringLeadTime = perDay((p) => p.upper) * leadTimeDays;
  const daysOfCover = expectedPerDay > 0 ? Math.max(0, facts.available) / expectedPerDay : null;
  const gap = demandDuringLeadTime + facts.reorderPoint - facts.available;
  const reorderNow = gap >= 0 && (demandDuringLeadTime > 0 || facts.available <= facts.reorderPoint);
  const quantity = reorderNow ? Math.max(facts.reorderQuantity, Math.ceil(gap)) : 0;
  const cover = daysOfCover == null ? 'no expected demand' : `${daysOfCover.toFixed(1)} days of cover`;
  const reason = reorderNow
    ? `${facts.available} available is ${cover}; the ${leadTimeDays}-day lead time${assumed} may see up to ${demandDuringLeadTime.toFixed(1)} units, leaving the reorder point (${facts.reorderPoint}) uncovered: order ${quantity}.`
    : `${facts.available} available is ${cover}, enough for up to ${demandDuringLeadTime.toFixed(1)} units over the ${leadTimeDays}-day lead time${assumed} above the reorder point (${facts.reorderPoint}).`;
  return {
    reorderNow,
    quantity,
    available: facts.available,
    leadTimeDays,
    demandDuringLeadTime,
    daysOfCover,
    cost: quantity > 0 ? Money.of(quantity * facts.unitCost, facts.currency) : null,
    reason,
  };
}
