import type { EntityManager } from '@mikro-orm/sql';
import { Money, currencyHint, isCurrencyCode } from '../../shared/money.js';
import { RevenueForecast, type RevenueForecastMonth } from './dto/insights.dto.js';
import { mainCurrency, weightedAmountSql } from './metrics.service.js';
import { forecastSeries } from './numeric/forecast.js';
import { normalQuantile } from './numeric/stats.js';
import { badArgument } from './periods.js';

const HISTORY_MONTHS = 24;
const LEVEL = 0.8;
/** z of the two-sided LEVEL interval (0.8 → 1.2816). */
const Z = normalQuantile((1 + LEVEL) / 2);

const monthStart = (d: Date, offset = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
const monthKey = (d: Date | string) => new Date(d).toISOString().slice(0, 7);

/**
 * Run-rate revenue (orders not tied to an opportunity, complete months) forecast as a time series,
 * plus the weighted pipeline by expected close month: deals become orders with an opportunity, so
 * the two parts do not count the same revenue twice. Intervals combine the run-rate interval with
 * the pipeline's Bernoulli variance (each deal closes or not with its probability).
 */
export async function revenueForecast(
  em: EntityManager,
  organizationId: string,
  horizonMonths: number,
  now: Date,
  currencyArg?: string | null,
): Promise<RevenueForecast> {
  if (!Number.isInteger(horizonMonths) || horizonMonths < 1 || horizonMonths > 24)
    throw badArgument('horizonMonths', 'horizonMonths must be 1 to 24');
  if (currencyArg != null && !isCurrencyCode(currencyArg)) throw badArgument('currency', `currency ${currencyHint}`);
  const currency = currencyArg ?? (await mainCurrency(em, organizationId));
  const current = monthStart(now);
  const first = monthStart(now, -HISTORY_MONTHS);
  const [history, pipeline] = await Promise.all([
    em.execute<{ month: Date; total: string }[]>(
      `select date_trunc('month', o.ordered_at, 'UTC') as month, sum(o.total_amount) as total from orders o
       where o.organization_id = ? and o.currency = ? and o.opportunity_id is null and o.status not in ('draft', 'cancelled')
         and o.ordered_at >= ? and o.ordered_at < ? group by 1`,
      [organizationId, currency, first, current],
    ),
    em.execute<{ month: Date | null; weighted: string; variance: string }[]>(
      `select case when o.expected_close_date is null then null
                   else greatest(date_trunc('month', o.expected_close_date::timestamp), ?::timestamp) end as month,
         sum(${weightedAmountSql('o')}) as weighted,
         sum(o.amount_amount::float8 * o.amount_amount * (o.probability / 100.0) * (1 - o.probability / 100.0)) as variance
       from opportunities o
       where o.organization_id = ? and o.status = 'open' and o.deleted_at is null and o.amount_currency = ? group by 1`,
      [current.toISOString().slice(0, 19), organizationId, currency],
    ),
  ]);
  const totals = new Map(history.map((r) => [monthKey(r.month), Number(r.total)]));
  const series = Array.from({ length: HISTORY_MONTHS }, (_, i) => totals.get(monthKey(monthStart(now, i - HISTORY_MONTHS))) ?? 0);
  // Drop leading months before the first sale: a young organization has no history there, not zero sales.
  const firstSale = series.findIndex((v) => v > 0);
  const observed = firstSale < 0 ? [] : series.slice(firstSale);
  const result = forecastSeries(observed, { horizon: horizonMonths, seasonLength: observed.length >= 24 ? 12 : 1, level: LEVEL });
  const byMonth = new Map(pipeline.filter((p) => p.month).map((p) => [monthKey(p.month as Date), p]));
  const undated = pipeline.find((p) => p.month == null);
  const money = (v: number) => Money.of(Math.max(0, Math.round(v)), currency);
  const months: RevenueForecastMonth[] = result.points.map((point, i) => {
    const month = monthStart(now, i);
    const deals = byMonth.get(monthKey(month));
    const weighted = Number(deals?.weighted ?? 0);
    const spread = Z * Math.sqrt(Number(deals?.variance ?? 0));
    const mean = point.mean + weighted;
    return {
      month,
      runRate: money(point.mean),
      weightedPipeline: money(weighted),
      expected: money(mean),
      lower: money(mean - Math.hypot(point.mean - point.lower, spread)),
      upper: money(mean + Math.hypot(point.upper - point.mean, spread)),
    };
  });
  return Object.assign(new RevenueForecast(), {
    currency,
    method: result.method,
    mase: result.mase,
    level: LEVEL,
    undatedPipeline: money(Number(undated?.weighted ?? 0)),
    months,
    reason: `Run-rate from ${observed.length} complete months of orders without an opportunity: ${result.reason} Pipeline: open deals weighted by probability in their expected close month (overdue ones in the current month).`,
  });
}
