import type { Schedule } from '../jobs/job-types.js';

/** Most stale days one run recomputes (its transaction stays short); the rest wait for the next run. */
const BATCH = 400;

/**
 * The nightly analytics refresh: recomputes the daily rollups (daily_sales) of every day a changed
 * order made stale, and clears those marks. The marks are locked while it works, so an order
 * changed meanwhile marks its day again once this commits.
 */
export const analyticsRefreshSchedule: Schedule = {
  key: 'analytics-refresh',
  description: 'Recomputes the daily sales rollups of the days changed orders made stale.',
  cron: (config) => config.jobs.schedules.analyticsRefresh,
  async run({ em, organizationId }) {
    const stale = await em.execute<{ day: string }[]>(
      `select day::text as day from analytics_stale_days where organization_id = ? order by day limit ${BATCH} for update`,
      [organizationId],
    );
    if (stale.length === 0) return;
    const days = stale.map((s) => s.day);
    const list = days.map(() => '?::date').join(', ');
    await em.execute(`delete from daily_sales where organization_id = ? and day in (${list})`, [organizationId, ...days]);
    await em.execute(
      `insert into daily_sales (id, created_at, updated_at, organization_id, day, currency, order_count, booked_amount)
       select gen_random_uuid(), now(), now(), organization_id, (ordered_at at time zone 'UTC')::date, currency, count(*), sum(total_amount)
         from orders
        where organization_id = ? and status not in ('draft', 'cancelled') and (ordered_at at time zone 'UTC')::date in (${list})
        group by organization_id, 5, currency`,
      [organizationId, ...days],
    );
    await em.execute(`delete from analytics_stale_days where organization_id = ? and day in (${list})`, [organizationId, ...days]);
  },
};
