import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context.js';
import { actorOf, organizationOf, principalOf } from '../../shared/context-access.js';
import { enumFilter } from '../../shared/filter-inputs.js';
import { badUserInput, unauthenticated } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { type Connection, ConnectionArgs, connectionType, paginate } from '../../shared/pagination.js';
import { inputArg, PayloadError, toPayload, UserErrorCode } from '../../shared/user-error.js';
import { IdInput } from '../catalog/dto/catalog-inputs.dto.js';
import { AutomationRunStatus, NotificationEmail, NotificationKind } from './automation-enums.js';
import { AutomationActionRun, AutomationRule, AutomationRun, Notification, NotificationPreference } from './automation.entity.js';
import {
  AutomationRulePayload,
  AutomationTestPayload,
  CreateAutomationRuleInput,
  MarkNotificationsReadInput,
  MarkNotificationsReadPayload,
  NotificationPreferencePayload,
  SetNotificationPreferenceInput,
  TestAutomationRuleInput,
  UpdateAutomationRuleInput,
} from './dto/automation.dto.js';
import { NOTIFICATION_ADDED } from './notifications.js';
import { createRule, deleteRule, findRule, testRule, updateRule } from './rules.service.js';

export const AutomationRuleConnection = connectionType(AutomationRule);
export const AutomationRunConnection = connectionType(AutomationRun);
export const NotificationConnection = connectionType(Notification);

const RunStatusFilter = enumFilter(AutomationRunStatus as unknown as Record<string, string>, 'AutomationRunStatus');

@ArgsType()
class AutomationRunsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only runs of this rule.' })
  ruleId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only runs for this record.' })
  subjectId?: string | null;
  @Field(() => RunStatusFilter, { nullable: true, description: 'Only runs in these states.' })
  status?: InstanceType<typeof RunStatusFilter> | null;
}

@ArgsType()
class NotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { defaultValue: false, description: 'Only unread ones.' })
  unreadOnly!: boolean;
}

const idArg = (value: string | null | undefined, field: string) => {
  if (value != null && !isUuid(value)) throw badUserInput(field, `${field}: "${value}" is not an ID`);
  return value?.toLowerCase();
};

@Resolver(() => AutomationRule)
export class AutomationRuleResolver {
  @Query(() => AutomationRuleConnection, {
    description: "The organization's automation rules, newest first. Owners and admins; feature automation.rules.",
  })
  automationRules(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context): Promise<Connection<AutomationRule>> {
    return paginate(ctx.em, AutomationRule, {}, args, { createdAt: 'desc', id: 'desc' });
  }

  @Query(() => AutomationRule, { description: 'One rule (NOT_FOUND outside the organization). Owners and admins; feature automation.rules.' })
  automationRule(@Arg('id', () => ID, { description: 'ID of the rule.' }) id: string, @Ctx() ctx: Context): Promise<AutomationRule> {
    return findRule(ctx.em, id);
  }

  @Mutation(() => AutomationRulePayload, { nullable: true, description: 'Creates a rule (version 1). Owners and admins; feature automation.rules.' })
  createAutomationRule(@inputArg(CreateAutomationRuleInput) input: CreateAutomationRuleInput, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return toPayload(async () => ({ rule: await createRule(ctx.em, info.schema, { ...actorOf(ctx), now: ctx.services.clock.now() }, input) }));
  }

  @Mutation(() => AutomationRulePayload, {
    nullable: true,
    description:
      'Changes a rule: a change of what it does is a new version (runs in progress finish on theirs). Owners and admins; feature automation.rules.',
  })
  updateAutomationRule(@inputArg(UpdateAutomationRuleInput) input: UpdateAutomationRuleInput, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return toPayload(async () => ({ rule: await updateRule(ctx.em, info.schema, { ...actorOf(ctx), now: ctx.services.clock.now() }, input) }));
  }

  @Mutation(() => AutomationRulePayload, {
    nullable: true,
    description: 'Deletes a rule and its run log (a built-in rule can only be disabled). Owners and admins.',
  })
  deleteAutomationRule(@inputArg(IdInput) input: IdInput, @Ctx() ctx: Context) {
    return toPayload(async () => ({ rule: await deleteRule(ctx.em, input.id) }));
  }

  @Mutation(() => AutomationTestPayload, {
    nullable: true,
    description:
      'A dry run: how a saved rule or a draft would judge an event or a record, which conditions matched and what each action would do. Writes nothing. Owners and admins; feature automation.rules.',
  })
  testAutomationRule(@inputArg(TestAutomationRuleInput) input: TestAutomationRuleInput, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return toPayload(async () => ({
      result: await testRule(
        ctx.em,
        info.schema,
        {
          em: ctx.em,
          organizationId: organizationOf(ctx).id,
          now: ctx.services.clock.now(),
          log: ctx.log,
          config: ctx.services.config,
        },
        input,
      ),
    }));
  }

  @Query(() => AutomationRunConnection, {
    description: 'The run log: every run of the rules (skipped ones with their reason), newest first. Owners and admins; feature automation.rules.',
  })
  automationRuns(@Args(() => AutomationRunsArgs) args: AutomationRunsArgs, @Ctx() ctx: Context): Promise<Connection<AutomationRun>> {
    const where: Record<string, unknown> = {};
    const ruleId = idArg(args.ruleId, 'ruleId');
    const subjectId = idArg(args.subjectId, 'subjectId');
    if (ruleId) where.rule = ruleId;
    if (subjectId) where.subjectId = subjectId;
    if (args.status?.eq) where.status = args.status.eq;
    if (args.status?.in) where.status = { $in: args.status.in };
    return paginate(ctx.em, AutomationRun, where as never, args, { createdAt: 'desc', id: 'desc' });
  }
}

@Resolver(() => AutomationRun)
export class AutomationRunResolver {
  @FieldResolver(() => ID, { description: 'The rule.' })
  ruleId(@Root() run: AutomationRun): string {
    return run.rule.id;
  }

  @FieldResolver(() => [AutomationActionRun], { description: 'Each action: status, output or error, attempts, duration.' })
  actions(@Root() run: AutomationRun, @Ctx() ctx: Context): Promise<AutomationActionRun[]> {
    return ctx.loaders.actionRunsByRunId.load(run.id);
  }
}

/**
 * The subscriber's new notifications: their IDs from the live bus (this organization and user only),
 * each read in a read-only transaction of its own under the subscriber's tenant context (so a token
 * revoked meanwhile ends the subscription with UNAUTHENTICATED).
 */
async function* notificationsOf(ctx: Context): AsyncGenerator<Notification> {
  const organization = organizationOf(ctx);
  const user = principalOf(ctx).user.id;
  const events = ctx.services.live.subscribe(organization.id, user, NOTIFICATION_ADDED);
  try {
    for await (const event of events) {
      await ctx.beginTransaction({ readOnly: true });
      let notification: Notification | null;
      try {
        // A subscription lives long: each event re-checks that its token still works and its user is still a member.
        const [session] = await ctx.em.execute<{ ok: boolean }[]>(
          `select exists (select 1 from personal_tokens t join users u on u.id = t.user_id
                           where t.id = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.is_active)
              and exists (select 1 from memberships m where m.user_id = ? and m.organization_id = ?) as ok`,
          [principalOf(ctx).tokenId, user, organization.id],
        );
        if (!session?.ok) throw unauthenticated('Your session ended (token revoked or expired, or membership removed): subscribe again');
        notification = await ctx.em.findOne(Notification, { id: event.id, user } as never, { disableIdentityMap: true });
      } finally {
        await ctx.em.rollback();
      }
      if (notification) yield notification;
    }
  } finally {
    await events.return?.();
  }
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Subscription(() => Notification, {
    description:
      'Your new notifications in this organization, as they are sent: graphql-ws on /graphql, authenticated by the token (and organization) in the connection payload. Members.',
    subscribe: ({ context }) => notificationsOf(context as Context),
  })
  notificationAdded(@Root() notification: Notification): Notification {
    return notification;
  }

  @Query(() => NotificationConnection, { description: 'Your notifications in this organization, newest first. Members.' })
  notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: Context): Promise<Connection<Notification>> {
    const where = { user: principalOf(ctx).user.id, ...(args.unreadOnly ? { readAt: null } : {}) };
    return paginate(ctx.em, Notification, where as never, args, { createdAt: 'desc', id: 'desc' });
  }

  @Query(() => [NotificationPreference], {
    description:
      'How you get notifications of each kind in this organization (the defaults, in the app and no e-mail, where you set nothing). Members.',
  })
  async notificationPreferences(@Ctx() ctx: Context): Promise<NotificationPreference[]> {
    const user = principalOf(ctx).user.id;
    const stored = await ctx.em.find(NotificationPreference, { user } as never);
    return Object.values(NotificationKind).map(
      (kind) =>
        stored.find((p) => p.kind === kind) ?? Object.assign(new NotificationPreference(), { kind, inApp: true, email: NotificationEmail.NONE }),
    );
  }

  @Mutation(() => NotificationPreferencePayload, {
    nullable: true,
    description: 'Sets how you get notifications of one kind in this organization. Members.',
  })
  setNotificationPreference(@inputArg(SetNotificationPreferenceInput) input: SetNotificationPreferenceInput, @Ctx() ctx: Context) {
    return toPayload(async () => {
      const user = principalOf(ctx).user.id;
      const organizationId = organizationOf(ctx).id;
      const preference =
        (await ctx.em.findOne(NotificationPreference, { user, kind: input.kind } as never)) ??
        ctx.em.create(NotificationPreference, { organization: organizationId, user, kind: input.kind } as never);
      if (input.inApp != null) preference.inApp = input.inApp;
      if (input.email != null) preference.email = input.email;
      await ctx.em.flush();
      return { preference };
    });
  }

  @Query(() => Int, { description: 'How many of your notifications in this organization are unread. Members.' })
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return ctx.em.count(Notification, { user: principalOf(ctx).user.id, readAt: null } as never);
  }

  @Mutation(() => MarkNotificationsReadPayload, { nullable: true, description: 'Marks some or all of your notifications read. Members.' })
  markNotificationsRead(@inputArg(MarkNotificationsReadInput) input: MarkNotificationsReadInput, @Ctx() ctx: Context) {
    return toPayload(async () => {
      const user = principalOf(ctx).user.id;
      const ids = input.notificationIds ?? null;
      if (ids && ids.length > 500) throw PayloadError.of(UserErrorCode.INVALID, 'notificationIds', 'At most 500 IDs at a time');
      for (const id of ids ?? []) if (!isUuid(id)) throw PayloadError.of(UserErrorCode.INVALID, 'notificationIds', `"${id}" is not an ID`);
      const marked = await ctx.em.nativeUpdate(
        Notification,
        { user, readAt: null, ...(ids ? { id: { $in: ids.map((i) => i.toLowerCase()) } } : {}) } as never,
        { readAt: ctx.services.clock.now() } as never,
      );
      const unreadCount = await ctx.em.count(Notification, { user, readAt: null } as never);
      return { marked, unreadCount };
    });
  }
}
