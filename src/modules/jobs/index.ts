import type { NodeSpec } from '../../shared/node.js';
import { FailedJob } from './failed-job.entity.js';
import { HandledEvent } from './handled-event.entity.js';
import { JobRequest } from './job-request.entity.js';
import { JobsResolver } from './jobs.resolver.js';
import { jobsRules } from './jobs.rules.js';

/** The job backbone's records: handler receipts and dead letters (the runtime itself is runtime.ts). */
export const jobsModule = {
  resolvers: [JobsResolver] as const,
  rules: jobsRules,
  loaders: () => ({}),
  entities: [HandledEvent, FailedJob, JobRequest],
  nodes: [{ entity: FailedJob, query: 'failedJobs' }] satisfies NodeSpec[],
  handlers: [],
  schedules: [],
  tasks: [],
};
