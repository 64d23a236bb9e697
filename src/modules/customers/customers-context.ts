import type { Context } from '../../context.js';
import { actorOf } from '../../shared/context-access.js';
import { isUuid } from '../../shared/ids.js';
import { type Connection, type ConnectionArgs, decodeKeyCursor, encodeKeyCursor, invalidCursor } from '../../shared/pagination.js';
import { TimelineEntry, TimelineEntryKind } from './dto/customer-payloads.dto.js';
import type { Actor } from './record-input.js';
import type { TimelineAfter } from './customers.loaders.js';

/** Who acts, where, and when (the app's clock). */
export const salesActor = (ctx: Context): Actor => ({ ...actorOf(ctx), now: ctx.services.clock.now() });

const AT_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The entry a timeline cursor points at, or BAD_USER_INPUT (never a SQL error) for anything else. */
function timelineAfter(after: string | null | undefined): TimelineAfter | null {
  if (!after) return null;
  const [at, kind, id] = decodeKeyCursor(after, ['string', 'string', 'string']) as string[];
  if (!AT_CURSOR.test(at) || Number.isNaN(Date.parse(at)) || (kind !== 'activity' && kind !== 'change' && kind !== 'event') || !isUuid(id))
    throw invalidCursor();
  return { at, kind: kind as TimelineAfter['kind'], id };
}

/**
 * A page of a record's activities and changes, newest first (at equal times activities first, then
 * by ID), through one batched loader. Cursors hold the entry's time to the microsecond, kind and ID.
 */
export async function timelineOf(ctx: Context, id: string, args: ConnectionArgs & { events?: boolean }): Promise<Connection<TimelineEntry>> {
  const after = timelineAfter(args.after);
  const events = args.events === true;
  const { activities, changes, events: eventRows } = await ctx.loaders.timelineBySubjectId.load({ id, limit: args.first, after, events });
  const entries = [
    ...activities.map(({ row, at }) => ({
      at,
      key: ['activity', row.id] as const,
      entry: Object.assign(new TimelineEntry(), { at: row.createdAt, kind: TimelineEntryKind.ACTIVITY, activity: row, change: null }),
    })),
    ...changes.map(({ row, at }) => ({
      at,
      key: ['change', row.id] as const,
      entry: Object.assign(new TimelineEntry(), { at: row.at, kind: TimelineEntryKind.CHANGE, activity: null, change: row }),
    })),
    ...eventRows.map(({ row, at }) => ({
      at,
      key: ['event', row.id] as const,
      entry: Object.assign(new TimelineEntry(), { at: row.occurredAt, kind: TimelineEntryKind.EVENT, activity: null, change: null, event: row }),
    })),
  ];
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  entries.sort((a, b) => order(b.at, a.at) || order(a.key[0], b.key[0]) || order(a.key[1], b.key[1]));
  const page = entries.slice(0, args.first);
  const edges = page.map((e) => ({ node: e.entry, cursor: encodeKeyCursor([e.at, ...e.key]) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: entries.length > args.first,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    // A getter: the field's resolver reads it only when totalCount is selected, so the count runs only then.
    get totalCount() {
      return ctx.loaders.timelineCountBySubjectId.load(events ? `${id}:events` : id) as unknown as number;
    },
  };
}
