import type { AppServices } from './context.js';
import { jobDefinitions } from './modules.js';
import type { EventHandler, Schedule, TaskDefinition } from './modules/jobs/job-types.js';
import { JobRuntime } from './modules/jobs/runtime.js';

/**
 * Starts the job runtime over every module's handlers and schedules: on PostgreSQL its own pool
 * (DATABASE_URL, the owner), on PGlite the app's one embedded connection. With `work`, this process
 * also dispatches events and runs workers and schedules (`npm start` unless WORKERS=off; `npm run worker`).
 */
export async function startJobRuntime(
  services: AppServices,
  { work, extra }: { work: boolean; extra?: { handlers?: EventHandler[]; schedules?: Schedule[]; tasks?: TaskDefinition[] } },
): Promise<JobRuntime> {
  const pglite = services.config.databaseUrl
    ? undefined
    : await (services.orm.driver.getConnection() as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient();
  const { handlers, schedules, tasks } = jobDefinitions();
  return new JobRuntime(services, {
    handlers: [...handlers, ...(extra?.handlers ?? [])],
    schedules: [...schedules, ...(extra?.schedules ?? [])],
    tasks: [...tasks, ...(extra?.tasks ?? [])],
    pglite,
  }).start({ work });
}
