import { Arg, Int } from 'type-graphql';
import type { Context } from '../../context.js';
import { actorOf } from '../../shared/context-access.js';
import { TimelineEntry, TimelineEntryKind } from './dto/sales-payloads.dto.js';
import type { Actor } from './sales-input.js';
import { TIMELINE_LIMIT } from './sales.loaders.js';

/** Who acts, where, and when (the app's clock). */
export const salesActor = (ctx: Context): Actor => ({ ...actorOf(ctx), now: ctx.services.clock.now() });

/** The `first` argument of timeline fields. */
export const TimelineFirst = () =>
  Arg('first', () => Int, { defaultValue: 50, description: `How many entries, newest first (at most ${TIMELINE_LIMIT}).` });

/** A record's activities and changes, newest first, through one batched loader. */
export async function timelineOf(ctx: Context, id: string, first: number): Promise<TimelineEntry[]> {
  const limit = Math.min(Math.max(first, 0), TIMELINE_LIMIT);
  const { activities, changes } = await ctx.loaders.timelineBySubjectId.load({ id, limit });
  const entries = [
    ...activities.map((activity) =>
      Object.assign(new TimelineEntry(), { at: activity.createdAt, kind: TimelineEntryKind.ACTIVITY, activity, change: null }),
    ),
    ...changes.map((change) => Object.assign(new TimelineEntry(), { at: change.at, kind: TimelineEntryKind.CHANGE, activity: null, change })),
  ];
  entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  return entries.slice(0, limit);
}
