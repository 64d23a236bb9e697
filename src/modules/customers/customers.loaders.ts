import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { groupBy, loaderById, loaderOfChildren } from '../core/core.loaders.js';
import { Account } from './account.entity.js';
import { Activity, RecordChange } from './activity.entity.js';
import { Contact } from './contact.entity.js';
import { Lead } from './lead.entity.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from './opportunity.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { DomainEvent } from '../events/domain-event.entity.js';

/** Largest page of a record's timeline (the connection's page-size cap). */
export const TIMELINE_LIMIT = 100;

/** Where a timeline page starts: after this entry (at, as PostgreSQL prints it in UTC to the microsecond; kind; ID). */
export type TimelineAfter = { at: string; kind: 'activity' | 'change' | 'event'; id: string };

/** A timeline row with the exact time it sorts by (microseconds, which a JavaScript Date would round away). */
export type Timed<T> = { row: T; at: string };

/** Timeline rows of each subject after the cursor, newest first. Rows of any subject kind are keyed by the subject's ID. */
export type TimelineRows = { activities: Timed<Activity>[]; changes: Timed<RecordChange>[]; events: Timed<DomainEvent>[] };

/** The page key of a record's timeline: its ID, how many entries, after which one, and whether its named domain events are listed. */
export type TimelineKey = { id: string; limit: number; after: TimelineAfter | null; events?: boolean };

/** Named domain events (lead.converted, opportunity.won, …): the generic record events are the timeline's CHANGE entries already. */
const NAMED_EVENTS = `e.type !~ '\\.(created|updated|deleted)$'`;

/** Timeline order at equal times: activities, then changes, then events. */
const KIND_ORDER = { activity: 0, change: 1, event: 2 } as const;

const AT_TEXT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Keyset conditions for entries after the cursor in timeline order (newest first; at equal times
 * activities, then changes, then events; then by ID). Per table the kind is fixed, so the kind decides the comparison.
 */
function afterCondition(alias: string, column: string, kind: TimelineAfter['kind'], after: TimelineAfter | null): [string, unknown[]] {
  if (!after) return ['', []];
  if (after.kind === kind)
    return [`and (${column} < cast(? as timestamptz) or (${column} = cast(? as timestamptz) and ${alias}.id > ?))`, [after.at, after.at, after.id]];
  // A later kind at the cursor's time follows it; an earlier kind at that time precedes it.
  return KIND_ORDER[kind] > KIND_ORDER[after.kind]
    ? [`and ${column} <= cast(? as timestamptz)`, [after.at]]
    : [`and ${column} < cast(? as timestamptz)`, [after.at]];
}

/**
 * Per-request loaders of the customers module (one statement per loader per tick). They read through
 * the request's EntityManager, so the tenant filter and row-level security keep them in the organization.
 */
export function createCustomersLoaders(em: EntityManager, organizationId: string | null) {
  const byId = <T extends { id: string }>(entity: new () => T) => loaderById(em, entity);
  const childrenOf = <T extends object>(
    entity: new () => T,
    parent: string,
    orderBy: Record<string, 'asc' | 'desc'>,
    extra: Record<string, unknown> = {},
  ) => loaderOfChildren(em, entity, parent, orderBy, extra);
  return {
    accountById: byId(Account),
    contactById: byId(Contact),
    leadById: byId(Lead),
    opportunityById: byId(Opportunity),
    pipelineById: byId(Pipeline),
    stageById: byId(PipelineStage),
    stagesByPipelineId: childrenOf(PipelineStage, 'pipeline', { position: 'asc' }),
    opportunityLinesByOpportunityId: childrenOf(OpportunityLine, 'opportunity', { position: 'asc' }),
    /** The same, with each line's variant in the same statement (when the operation selects it). */
    opportunityLinesWithVariantByOpportunityId: loaderOfChildren(em, OpportunityLine, 'opportunity', { position: 'asc' }, {}, ['variant']),
    contactRolesByOpportunityId: childrenOf(OpportunityContactRole, 'opportunity', { createdAt: 'asc' }),
    stageChangesByOpportunityId: childrenOf(OpportunityStageChange, 'opportunity', { changedAt: 'asc' }),
    contactsByAccountId: childrenOf(Contact, 'account', { lastName: 'asc' }, { deletedAt: null }),
    opportunitiesByAccountId: childrenOf(Opportunity, 'account', { createdAt: 'desc' }, { deletedAt: null }),
    /**
     * A page of the activities and changes of leads, contacts, accounts and opportunities, keyed by
     * the record's ID, the page size and the cursor: the next `limit + 1` of each kind per record
     * (the largest limit asked in the batch; one more tells whether a page follows), cut in SQL. One
     * pair of statements per distinct cursor in the batch, which the operation fixes, not the data.
     * Raw SQL escapes the ORM's tenant filter, so it names the organization as well as relying on row-level security.
     */
    timelineBySubjectId: new DataLoader<TimelineKey, TimelineRows, string>(
      async (keys) => {
        if (!organizationId) return keys.map(() => ({ activities: [], changes: [], events: [] }));
        const groupKey = (k: TimelineKey) => `${k.events === true}:${JSON.stringify(k.after)}`;
        const groups = new Map<string, TimelineKey[]>();
        for (const key of keys) {
          const group = groups.get(groupKey(key));
          if (group) group.push(key);
          else groups.set(groupKey(key), [key]);
        }
        const pages = new Map<string, TimelineRows>();
        await Promise.all(
          [...groups.values()].map(async (group) => {
            const after = group[0].after;
            const ids = [...new Set(group.map((k) => k.id))];
            // An integer of 1…TIMELINE_LIMIT + 1, written into the SQL (so statement logs show the cut).
            const cut = Math.trunc(Math.min(TIMELINE_LIMIT, Math.max(0, ...group.map((k) => k.limit)))) + 1;
            const list = ids.map(() => '?').join(', ');
            const [activityAfter, activityParams] = afterCondition('a', 'a.created_at', 'activity', after);
            const [changeAfter, changeParams] = afterCondition('c', 'c.at', 'change', after);
            const [eventAfter, eventParams] = afterCondition('e', 'e.occurred_at', 'event', after);
            const [activityRows, changeRows, eventRows] = await Promise.all([
              em.execute(
                `select * from (
                 select a.*, ${AT_TEXT('a.created_at')} as timeline_at,
                        row_number() over (partition by coalesce(a.lead_id, a.contact_id, a.account_id, a.opportunity_id)
                                           order by a.created_at desc, a.id) as timeline_rank
                 from activities a
                 where a.organization_id = ? and coalesce(a.lead_id, a.contact_id, a.account_id, a.opportunity_id) in (${list}) ${activityAfter}
               ) ranked where timeline_rank <= ${cut}`,
                [organizationId, ...ids, ...activityParams],
              ),
              em.execute(
                `select * from (
                 select c.*, ${AT_TEXT('c.at')} as timeline_at,
                        row_number() over (partition by c.subject_id order by c.at desc, c.id) as timeline_rank
                 from record_changes c where c.organization_id = ? and c.subject_id in (${list}) ${changeAfter}
               ) ranked where timeline_rank <= ${cut}`,
                [organizationId, ...ids, ...changeParams],
              ),
              group[0].events
                ? em.execute(
                    `select * from (
                     select e.*, ${AT_TEXT('e.occurred_at')} as timeline_at,
                            row_number() over (partition by e.subject_id order by e.occurred_at desc, e.id) as timeline_rank
                     from domain_events e where e.organization_id = ? and e.subject_id in (${list}) and ${NAMED_EVENTS} ${eventAfter}
                   ) ranked where timeline_rank <= ${cut}`,
                    [organizationId, ...ids, ...eventParams],
                  )
                : Promise.resolve([] as Record<string, unknown>[]),
            ]);
            const activities = activityRows.map(({ timeline_rank: _, timeline_at, ...row }) => ({
              row: em.map(Activity, row),
              at: timeline_at as string,
            }));
            const changes = changeRows.map(({ timeline_rank: _, timeline_at, ...row }) => ({
              row: em.map(RecordChange, row),
              at: timeline_at as string,
            }));
            const events = eventRows.map(({ timeline_rank: _, timeline_at, ...row }) => ({
              row: em.map(DomainEvent, row),
              at: timeline_at as string,
            }));
            const eventGroups = groupBy(ids, events, (e) => e.row.subjectId);
            const activityGroups = groupBy(ids, activities, (a) => a.row.subjectId);
            const changeGroups = groupBy(ids, changes, (c) => c.row.subjectId);
            for (const [i, id] of ids.entries())
              pages.set(`${groupKey(group[0])}:${id}`, { activities: activityGroups[i], changes: changeGroups[i], events: eventGroups[i] });
          }),
        );
        return keys.map((k) => pages.get(`${groupKey(k)}:${k.id}`) as TimelineRows);
      },
      { cacheKeyFn: (k) => `${k.limit}:${k.events === true}:${JSON.stringify(k.after)}:${k.id}` },
    ),
    /** Number of entries on each record's timeline (activities plus changes): one statement, run only when totalCount is read. */
    timelineCountBySubjectId: new DataLoader<string, number>(async (keys) => {
      if (!organizationId) return keys.map(() => 0);
      // `<id>:events` also counts the record's named domain events.
      const ids = [...new Set(keys.map((k) => k.split(':')[0]))];
      const withEvents = keys.some((k) => k.endsWith(':events'));
      const list = ids.map(() => '?').join(', ');
      const rows = await em.execute<{ subject_id: string; entries: number }[]>(
        `select subject_id, sum(n)::int as entries from (
           select coalesce(a.lead_id, a.contact_id, a.account_id, a.opportunity_id) as subject_id, count(*) as n
           from activities a where a.organization_id = ? and coalesce(a.lead_id, a.contact_id, a.account_id, a.opportunity_id) in (${list}) group by 1
           union all
           select c.subject_id, count(*) from record_changes c where c.organization_id = ? and c.subject_id in (${list}) group by 1
         ) x group by subject_id`,
        [organizationId, ...ids, organizationId, ...ids],
      );
      const counts = new Map(rows.map((row) => [row.subject_id, Number(row.entries)]));
      const eventCounts = new Map<string, number>();
      if (withEvents) {
        const eventRows = await em.execute<{ subject_id: string; n: number }[]>(
          `select e.subject_id, count(*)::int as n from domain_events e where e.organization_id = ? and e.subject_id in (${list}) and ${NAMED_EVENTS} group by 1`,
          [organizationId, ...ids],
        );
        for (const row of eventRows) eventCounts.set(row.subject_id, Number(row.n));
      }
      return keys.map((k) => {
        const id = k.split(':')[0];
        return (counts.get(id) ?? 0) + (k.endsWith(':events') ? (eventCounts.get(id) ?? 0) : 0);
      });
    }),
  };
}

export type CustomersLoaders = ReturnType<typeof createCustomersLoaders>;
