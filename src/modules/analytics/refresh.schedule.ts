import type { Schedule } from '../jobs/job-types.js';

/** Most stale days one run recomputes (its transaction stays short); the rest wait for the next run. */
const BATCH = 400;

/**
 * The nightly analytics refresh: recomputes every rollup (daily, and the months containing the days)
 * of the days writes made stale, in one transaction, and clears those marks. salesMetrics is right
 * without it (stale days are read raw); it only makes them fast again.
 *
 * The marks are claimed first (deleted, FOR UPDATE SKIP LOCKED) and the rollups computed after, from
 * a later snapshot: a mark a writer still in flight holds (KEY SHARE, see simplycrm_mark_days_stale)
 * is skipped and stays for the next run, and a writer marking a claimed day waits for this commit and
 * marks it again. Runs of one organization take turns (an advisory lock), so a month's rollup is never
 * computed from another run's half-written days.
 */
export const analyticsRefreshSchedule: Schedule = {
  key: 'analytics-refresh',
  description: 'Recomputes the sales rollups of the days changes made stale.',
  cron: (config) => config.jobs.schedules.analyticsRefresh,
  async run({ em, organizationId }) {
    await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`analytics-refresh:${organizationId}`]);
    const claimed = await em.execute<{ day: string }[]>(
      `delete from analytics_stale_days where id in (
         select id from analytics_stale_days where organization_id = ? order by day limit ${BATCH} for update skip locked
       ) returning day::text as day`,
      [organizationId],
    );
    if (claimed.length === 0) return;
    await em.execute(`select simplycrm_refresh_analytics(?, ?::date[])`, [organizationId, `{${claimed.map((c) => c.day).join(',')}}`]);
  },
};
