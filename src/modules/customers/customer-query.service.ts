import type { EntityManager } from '@mikro-orm/sql';
import { toWhere } from '../../shared/filters.js';
import { type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { Account } from './account.entity.js';
import { Activity } from './activity.entity.js';
import { Contact } from './contact.entity.js';
import {
  type AccountFilter,
  accountFilterMapping,
  type ContactFilter,
  contactFilterMapping,
  type LeadFilter,
  leadFilterMapping,
  type SortOrder,
} from './dto/customer-filters.dto.js';
import { Lead } from './lead.entity.js';
import { Opportunity } from './opportunity.entity.js';
import { type ActivityFilter, activityFilterMapping, type OpportunityFilter, opportunityFilterMapping } from './dto/pipeline-filters.dto.js';

/** `{ field: dir }` (dotted fields become nested, e.g. amount.amount), then the ID as tie-breaker. */
export function sortBy(order: SortOrder, fallback: { field: string; direction: 'asc' | 'desc' }) {
  const { field, direction } = order ?? fallback;
  const [head, tail] = field.split('.');
  return { [head]: tail ? { [tail]: direction } : direction, id: direction } as never;
}

const live = (includeDeleted: boolean | null | undefined) => (includeDeleted ? {} : { deletedAt: null });
export const where = (...parts: Record<string, unknown>[]) => ({ $and: parts }) as never;

export const listAccounts = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: AccountFilter | null,
  order?: SortOrder,
  includeDeleted?: boolean | null,
) =>
  paginate(em, Account, where(live(includeDeleted), toWhere(filter, accountFilterMapping)), args, sortBy(order, { field: 'name', direction: 'asc' }));

export const listContacts = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: ContactFilter | null,
  order?: SortOrder,
  includeDeleted?: boolean | null,
) =>
  paginate(
    em,
    Contact,
    where(live(includeDeleted), toWhere(filter, contactFilterMapping)),
    args,
    sortBy(order, { field: 'lastName', direction: 'asc' }),
  );

export const listLeads = (em: EntityManager, args: ConnectionArgs, filter?: LeadFilter | null, order?: SortOrder, includeDeleted?: boolean | null) =>
  paginate(em, Lead, where(live(includeDeleted), toWhere(filter, leadFilterMapping)), args, sortBy(order, { field: 'createdAt', direction: 'desc' }));

export const listOpportunities = (
  em: EntityManager,
  args: ConnectionArgs,
  filter?: OpportunityFilter | null,
  order?: SortOrder,
  includeDeleted?: boolean | null,
  /** To-one relations to load in the page's statement (`selectedFields`/`joinsFor`). */
  joins: string[] = [],
) =>
  paginate(
    em,
    Opportunity,
    where(live(includeDeleted), toWhere(filter, opportunityFilterMapping)),
    args,
    sortBy(order, { field: 'createdAt', direction: 'desc' }),
    joins.length > 0 ? { populate: joins, strategy: 'joined' } : {},
  );

export const listActivities = (em: EntityManager, args: ConnectionArgs, filter?: ActivityFilter | null, order?: SortOrder) =>
  paginate(em, Activity, where(toWhere(filter, activityFilterMapping)), args, sortBy(order, { field: 'createdAt', direction: 'desc' }));
