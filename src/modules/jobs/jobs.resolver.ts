import { LockMode } from '@mikro-orm/core';
import { Args, ArgsType, Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { TENANT_FILTER } from '../../db/tenancy.js';
import { enumFilter } from '../../shared/filter-inputs.js';
import { DateTimeFilter, IDFilter, on, onId, StringFilter, toWhere } from '../../shared/filters.js';
import { notFound } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { type Connection, ConnectionArgs, connectionType, paginate } from '../../shared/pagination.js';
import { PayloadError, toPayload, UserError, UserErrorCode } from '../../shared/user-error.js';
import { FailedJob, FailedJobState } from './failed-job.entity.js';

const FailedJobStateFilter = enumFilter(FailedJobState as unknown as Record<string, string>, 'FailedJobState');

@InputType({ description: 'Conditions on dead jobs; every condition given must hold.' })
export class FailedJobFilter {
  @Field(() => FailedJobStateFilter, { nullable: true, description: 'Dead, retry requested, or retried.' })
  state?: InstanceType<typeof FailedJobStateFilter> | null;
  @Field(() => StringFilter, { nullable: true, description: 'Queue (`event.<handler>`, `scheduled.<schedule>`).' })
  queue?: StringFilter | null;
  @Field(() => IDFilter, { nullable: true, description: 'The domain event it handled.' })
  eventId?: IDFilter | null;
  @Field(() => DateTimeFilter, { nullable: true, description: 'When it failed for the last time.' })
  failedAt?: DateTimeFilter | null;
}

@ArgsType()
export class FailedJobsArgs extends ConnectionArgs {
  @Field(() => FailedJobFilter, { nullable: true, description: 'Only dead jobs matching this.' })
  filter?: FailedJobFilter | null;
}

@ArgsType()
export class PlatformFailedJobsArgs extends FailedJobsArgs {
  @Field(() => ID, { nullable: true, description: 'Only this organization’s.' })
  organizationId?: string | null;
}

@InputType({ description: 'A dead job to run again.' })
export class RetryJobInput {
  @Field(() => ID, { description: 'The FailedJob’s ID.' })
  id!: string;
}

@ObjectType({ description: 'Result of retryJob.' })
export class RetryJobPayload {
  @Field(() => FailedJob, { nullable: true, description: 'The dead job, now RETRY_REQUESTED.' })
  failedJob?: FailedJob;
  @Field(() => [UserError], { description: 'INVALID_STATE when it was already retried or is waiting for its retry.' })
  errors!: UserError[];
}

export const FailedJobConnection = connectionType(FailedJob);

const mapping = { state: on('state'), queue: on('queue'), eventId: onId('eventId'), failedAt: on('failedAt') };
const ORDER = { failedAt: 'desc', id: 'desc' } as const;
/** Platform administrators read across organizations: row-level security lets them (app.platform_admin), the tenant filter is lifted here. */
const ACROSS_ORGANIZATIONS = { filters: { [TENANT_FILTER]: false } } as const;

async function requestRetry(ctx: Context, id: string, options: object = {}): Promise<RetryJobPayload> {
  return toPayload(async () => {
    const job = isUuid(id) ? await ctx.em.findOne(FailedJob, { id }, { ...options, lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!job) throw notFound('FailedJob', id);
    if (job.state !== FailedJobState.DEAD) {
      throw PayloadError.of(UserErrorCode.INVALID_STATE, 'id', `This dead job is ${job.state.toUpperCase()}: only a DEAD job can be retried`);
    }
    Object.assign(job, { state: FailedJobState.RETRY_REQUESTED, retryRequestedAt: ctx.services.clock.now() });
    await ctx.em.flush();
    return { failedJob: job };
  });
}

@Resolver(() => FailedJob)
export class JobsResolver {
  @Query(() => FailedJobConnection, {
    description: "The organization's dead jobs (failed on every retry), newest first. Owners and admins.",
  })
  failedJobs(@Args(() => FailedJobsArgs) args: FailedJobsArgs, @Ctx() ctx: Context): Promise<Connection<FailedJob>> {
    return paginate(ctx.em, FailedJob, toWhere(args.filter, mapping as never), args, ORDER);
  }

  @Query(() => FailedJobConnection, { description: "Every organization's dead jobs, newest first. Platform administrators only." })
  platformFailedJobs(@Args(() => PlatformFailedJobsArgs) args: PlatformFailedJobsArgs, @Ctx() ctx: Context): Promise<Connection<FailedJob>> {
    const where = toWhere(args.filter, mapping as never) as Record<string, unknown>;
    if (args.organizationId) where.organization = args.organizationId;
    return paginate(ctx.em, FailedJob, where as never, args, ORDER, ACROSS_ORGANIZATIONS);
  }

  @Mutation(() => RetryJobPayload, {
    nullable: true,
    description:
      "Runs one of the organization's dead jobs again (queued within a moment; its handler still applies an event at most once). Owners and admins.",
  })
  retryJob(
    @Arg('input', () => RetryJobInput, { description: 'Which dead job.' }) input: RetryJobInput,
    @Ctx() ctx: Context,
  ): Promise<RetryJobPayload> {
    return requestRetry(ctx, input.id);
  }

  @Mutation(() => RetryJobPayload, { nullable: true, description: "Runs any organization's dead job again. Platform administrators only." })
  platformRetryJob(
    @Arg('input', () => RetryJobInput, { description: 'Which dead job.' }) input: RetryJobInput,
    @Ctx() ctx: Context,
  ): Promise<RetryJobPayload> {
    return requestRetry(ctx, input.id, ACROSS_ORGANIZATIONS);
  }
}
