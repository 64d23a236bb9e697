import { Granularity } from './dto/metrics.dto.js';
import { DAY_MS } from '../../shared/clock.js';
import { badUserInput } from '../../shared/errors.js';

export const MAX_PERIODS = 1_100;

/** A clear input error on an analytics argument (queries have no payload errors). */
export const badArgument = (argumentName: string, message: string) => badUserInput(argumentName, message);

/**
 * A period length, from any of the granularity enums (their values are the same strings). The one
 * rule for every series: UTC days; ISO weeks starting on Monday 00:00 UTC; months on the 1st. In SQL
 * the same buckets come from `date_trunc(<unit>, <column>, 'UTC')` (`periodSql`).
 */
export type PeriodUnit = `${Granularity}`;

/** The granularities demand forecasts and anomalies work in (salesMetrics takes every Granularity). */
export type DayOrWeek = Granularity.DAY | Granularity.WEEK;

/**
 * `granularity` narrowed to what an operation supports, or BAD_USER_INPUT naming the operation and
 * the values it takes (one Granularity enum serves every operation, so the schema cannot say it).
 */
export function supportedGranularity<G extends Granularity>(granularity: Granularity, operation: string, supported: readonly G[]): G {
  if ((supported as readonly Granularity[]).includes(granularity)) return granularity as G;
  throw badArgument(
    'granularity',
    `${operation} does not support granularity ${granularity.toUpperCase()}: use ${supported.map((g) => g.toUpperCase()).join(' or ')}`,
  );
}

/** Start of the UTC period containing `date` (weeks start on Monday, as PostgreSQL's date_trunc). */
export function periodStart(date: Date, granularity: PeriodUnit): Date {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (granularity === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (granularity === 'month') d.setUTCDate(1);
  return d;
}

/** Start of the period `steps` periods after the one starting at `start` (before it when negative). */
export function nextPeriod(start: Date, granularity: PeriodUnit, steps = 1): Date {
  const d = new Date(start);
  if (granularity === 'day') d.setUTCDate(d.getUTCDate() + steps);
  else if (granularity === 'week') d.setUTCDate(d.getUTCDate() + 7 * steps);
  else d.setUTCMonth(d.getUTCMonth() + steps);
  return d;
}

/** The SQL for the start of `column`'s period; the unit is a bound parameter (pass the PeriodUnit). */
export const periodSql = (column: string) => `date_trunc(?, ${column}, 'UTC')`;

/** Every period start from the one containing `from` up to (not including) `to`. */
export function periodsOf(from: Date, to: Date, granularity: PeriodUnit): Date[] {
  const periods: Date[] = [];
  for (let p = periodStart(from, granularity); p < to; p = nextPeriod(p, granularity)) {
    periods.push(p);
    if (periods.length > MAX_PERIODS)
      throw badArgument('granularity', `The range has more than ${MAX_PERIODS} periods: choose a coarser granularity`);
  }
  return periods;
}

/** Checks a [from, to) range. */
export function checkRange(range: { from: Date; to: Date }, argumentName = 'range'): void {
  if (Number.isNaN(range.from.getTime()) || Number.isNaN(range.to.getTime())) throw badArgument(argumentName, `${argumentName} has an invalid date`);
  if (range.from >= range.to) throw badArgument(argumentName, `${argumentName}.from must be before ${argumentName}.to`);
  if (range.to.getTime() - range.from.getTime() > 5 * 366 * DAY_MS) throw badArgument(argumentName, `${argumentName} spans at most five years`);
}

/** Key of a period start as returned by SQL or built here. */
export const periodKey = (value: Date | string) => new Date(value).toISOString();
