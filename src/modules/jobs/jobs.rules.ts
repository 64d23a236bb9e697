import { or } from 'graphql-shield';
import { hasRole, isSuperuser, type RuleMap } from '../../shared/permissions.js';
import { Role } from '../core/membership.entity.js';

const JOB_ADMIN = hasRole(Role.OWNER, Role.ADMIN);

export const jobsRules: RuleMap = {
  Query: { failedJobs: JOB_ADMIN, platformFailedJobs: isSuperuser },
  Mutation: { retryJob: JOB_ADMIN, platformRetryJob: isSuperuser },
  FailedJob: { '*': or(JOB_ADMIN, isSuperuser) },
  FailedJobConnection: { '*': or(JOB_ADMIN, isSuperuser) },
  FailedJobEdge: { '*': or(JOB_ADMIN, isSuperuser) },
  RetryJobPayload: { '*': or(JOB_ADMIN, isSuperuser) },
};
