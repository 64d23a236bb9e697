import type { EntityManager } from '@mikro-orm/sql';
import { isUuid } from '../../shared/ids.js';
import { Money } from '../../shared/money.js';
import { ActionKind, ActionSubject, type NextBestAction } from './dto/actions.dto.js';
import { badArgument } from './periods.js';
import { decimalMoney } from '../../shared/money.js';
import { compareValues, type SortKey } from '../../shared/pagination.js';

export type ActionArgs = { opportunityId?: string | null; ownerId?: string | null; now: Date };

/** Days without an activity or stage move after which an open deal counts as stale. */
export const STALE_DAYS = 14;
/** A deal at risk is worth at least this share of the largest open deal and quiet for this many days. */
const AT_RISK_QUIET_DAYS = 7;
/** Most suggestions each rule contributes (so the whole ranked list, and its totalCount, stays bounded). */
export const RULE_LIMIT = 200;

type Row = Record<string, string | number | Date | null>;
const num = (v: unknown) => (v == null ? 0 : Number(v));
const clamp = (v: number) => Math.round(Math.min(100, Math.max(0, v)) * 10) / 10;

/**
 * Ranked suggestions from seven rules, each one SQL query over the organization's records (named
 * in the SQL as well as enforced by row-level security). Scores are comparable across rules: a
 * base per rule plus terms for the money at stake (relative to the largest in the rule) and for how
 * late or quiet the record is.
 */
export async function nextBestActions(em: EntityManager, organizationId: string, args: ActionArgs): Promise<NextBestAction[]> {
  if (args.opportunityId != null && !isUuid(args.opportunityId))
    throw badArgument('opportunityId', `opportunityId "${args.opportunityId}" is not an ID`);
  if (args.ownerId != null && !isUuid(args.ownerId)) throw badArgument('ownerId', `ownerId "${args.ownerId}" is not an ID`);
  const q = { em, organizationId, now: args.now, opportunityId: args.opportunityId ?? null, ownerId: args.ownerId ?? null };
  const deals = await openDeals(q);
  const dealRules = [staleDeals(q, deals), pastCloseDate(q, deals), dealsAtRisk(q, deals)];
  const otherRules = args.opportunityId
    ? [overdueTasks(q)]
    : [overdueTasks(q), crossSell(q), overdueInvoices(q), ...(args.ownerId ? [] : [reorders(q)])];
  const actions = [...dealRules, ...(await Promise.all(otherRules))].flat();
  return actions;
}

/** Rank order: score (highest first), then kind, subject and related record, so ties never reorder between pages. */
export const actionKey = (a: NextBestAction): SortKey => [a.score, a.kind, a.subjectId, a.relatedId ?? ''];
export const compareActions = (a: SortKey, b: SortKey): number =>
  compareValues(b[0], a[0]) || compareValues(a[1], b[1]) || compareValues(a[2], b[2]) || compareValues(a[3], b[3]);

type Q = { em: EntityManager; organizationId: string; now: Date; opportunityId: string | null; ownerId: string | null };

/** Open deals with when they were last touched (activity or stage move), optionally one deal or one owner. */
const OPEN_DEALS = `
  with largest as (
    -- The largest open deal of the organization per currency, whatever the filters: a lone deal is not "the largest".
    select amount_currency as currency, max(amount_amount) as amount from opportunities
    where organization_id = ? and status = 'open' and deleted_at is null group by 1
  )
  select o.id, o.name, o.account_id, o.owner_id, o.amount_amount as amount, o.amount_currency as currency, o.probability,
    o.expected_close_date, s.name as stage,
    greatest(o.created_at,
             (select max(a.created_at) from activities a where a.opportunity_id = o.id and a.organization_id = o.organization_id),
             (select max(c.changed_at) from opportunity_stage_changes c where c.opportunity_id = o.id and c.organization_id = o.organization_id)) as last_touch,
    l.amount as largest
  from opportunities o join pipeline_stages s on s.id = o.stage_id and s.organization_id = o.organization_id
    join largest l on l.currency = o.amount_currency
  where o.organization_id = ? and o.status = 'open' and o.deleted_at is null
    and (?::uuid is null or o.id = ?::uuid) and (?::uuid is null or o.owner_id = ?::uuid)`;

async function openDeals(q: Q): Promise<Row[]> {
  return q.em.execute<Row[]>(OPEN_DEALS, [q.organizationId, q.organizationId, q.opportunityId, q.opportunityId, q.ownerId, q.ownerId]);
}

const daysBetween = (from: Date | string, to: Date) => Math.floor((to.getTime() - new Date(from).getTime()) / 86_400_000);

function dealAction(kind: ActionKind, row: Row, score: number, title: string, reason: string): NextBestAction {
  return {
    kind,
    score: clamp(score),
    title,
    reason,
    subjectType: ActionSubject.OPPORTUNITY,
    subjectId: String(row.id),
    accountId: String(row.account_id),
    relatedId: null,
    amount: Money.of(num(row.amount), String(row.currency)),
    ownerId: row.owner_id ? String(row.owner_id) : null,
  };
}

const weight = (row: Row) => (num(row.largest) > 0 ? num(row.amount) / num(row.largest) : 0);

function staleDeals(q: Q, deals: Row[]): NextBestAction[] {
  return deals
    .map((row) => ({ row, quiet: daysBetween(row.last_touch as Date, q.now) }))
    .filter(({ quiet }) => quiet >= STALE_DAYS)
    .map(({ row, quiet }) =>
      dealAction(
        ActionKind.FOLLOW_UP_STALE_DEAL,
        row,
        40 + 30 * weight(row) + Math.min(20, quiet / 3),
        `Follow up on ${row.name}`,
        `No activity or stage move for ${quiet} days on a ${decimalMoney(num(row.amount), String(row.currency))} deal in ${row.stage}.`,
      ),
    );
}

function pastCloseDate(q: Q, deals: Row[]): NextBestAction[] {
  const today = q.now.toISOString().slice(0, 10);
  return deals
    .filter((row) => row.expected_close_date != null && String(isoDate(row.expected_close_date)) < today)
    .map((row) => {
      const late = daysBetween(`${isoDate(row.expected_close_date)}T00:00:00Z`, q.now);
      return dealAction(
        ActionKind.DEAL_PAST_CLOSE_DATE,
        row,
        50 + 25 * weight(row) + Math.min(25, late / 2),
        `Update the close date of ${row.name}`,
        `Expected to close on ${isoDate(row.expected_close_date)}, ${late} days ago, and still open in ${row.stage}.`,
      );
    });
}

/** High-value deals (at least half the largest open deal) that are past their date or quiet for a week. */
function dealsAtRisk(q: Q, deals: Row[]): NextBestAction[] {
  const today = q.now.toISOString().slice(0, 10);
  return deals
    .filter((row) => weight(row) >= 0.5 && num(row.probability) >= 25)
    .map((row) => ({
      row,
      quiet: daysBetween(row.last_touch as Date, q.now),
      late: row.expected_close_date != null && isoDate(row.expected_close_date) < today,
    }))
    .filter(({ quiet, late }) => late || quiet >= AT_RISK_QUIET_DAYS)
    .map(({ row, quiet, late }) =>
      dealAction(
        ActionKind.DEAL_AT_RISK,
        row,
        60 + 30 * weight(row) + (late ? 5 : 0),
        `Protect ${row.name}`,
        `One of the largest open deals (${decimalMoney(num(row.amount), String(row.currency))}, ${row.probability}% likely) is ${late ? 'past its close date' : `quiet for ${quiet} days`}.`,
      ),
    );
}

const isoDate = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

async function overdueTasks(q: Q): Promise<NextBestAction[]> {
  const rows = await q.em.execute<Row[]>(
    `select a.id, a.subject, a.type, a.due_at, a.owner_id, coalesce(a.account_id, o.account_id, c.account_id) as account_id
     from activities a left join opportunities o on o.id = a.opportunity_id left join contacts c on c.id = a.contact_id
     where a.organization_id = ? and a.completed_at is null and a.due_at < ? and a.type in ('task', 'call', 'meeting')
       and (?::uuid is null or a.opportunity_id = ?::uuid) and (?::uuid is null or a.owner_id = ?::uuid)
     order by a.due_at limit ${RULE_LIMIT}`,
    [q.organizationId, q.now, q.opportunityId, q.opportunityId, q.ownerId, q.ownerId],
  );
  return rows.map((row) => {
    const late = Math.max(0, daysBetween(row.due_at as Date, q.now));
    return {
      kind: ActionKind.OVERDUE_TASK,
      score: clamp(45 + Math.min(40, late * 3)),
      title: `Do: ${row.subject}`,
      reason: `This ${row.type} was due ${late === 0 ? 'today' : `${late} days ago`} and is still open.`,
      subjectType: ActionSubject.ACTIVITY,
      subjectId: String(row.id),
      accountId: row.account_id ? String(row.account_id) : null,
      relatedId: null,
      amount: null,
      ownerId: row.owner_id ? String(row.owner_id) : null,
    };
  });
}

async function overdueInvoices(q: Q): Promise<NextBestAction[]> {
  const rows = await q.em.execute<Row[]>(
    `with largest as (
       select currency, max(total_amount - amount_paid) as amount from invoices
       where organization_id = ? and status in ('issued', 'partially_paid') and due_date < ?::date group by 1
     )
     select i.id, i.number, i.account_id, a.name as account, a.owner_id, i.currency, i.due_date,
       i.total_amount - i.amount_paid as balance, l.amount as largest
     from invoices i join accounts a on a.id = i.account_id and a.organization_id = i.organization_id
       join largest l on l.currency = i.currency
     where i.organization_id = ? and i.status in ('issued', 'partially_paid') and i.due_date < ?::date
       and (?::uuid is null or a.owner_id = ?::uuid)
     order by balance desc limit ${RULE_LIMIT}`,
    [q.organizationId, q.now.toISOString().slice(0, 10), q.organizationId, q.now.toISOString().slice(0, 10), q.ownerId, q.ownerId],
  );
  return rows.map((row) => {
    const late = daysBetween(`${isoDate(row.due_date)}T00:00:00Z`, q.now);
    const share = num(row.largest) > 0 ? num(row.balance) / num(row.largest) : 0;
    return {
      kind: ActionKind.CHASE_OVERDUE_INVOICE,
      score: clamp(50 + 30 * share + Math.min(20, late / 3)),
      title: `Chase invoice ${row.number} from ${row.account}`,
      reason: `${decimalMoney(num(row.balance), String(row.currency))} is unpaid, ${late} days past the due date ${isoDate(row.due_date)}.`,
      subjectType: ActionSubject.INVOICE,
      subjectId: String(row.id),
      accountId: String(row.account_id),
      relatedId: null,
      amount: Money.of(num(row.balance), String(row.currency)),
      ownerId: row.owner_id ? String(row.owner_id) : null,
    };
  });
}

/**
 * For each account that ordered in the last year: the product most bought by other accounts of the
 * same industry (at least two of them) that this account never ordered.
 */
async function crossSell(q: Q): Promise<NextBestAction[]> {
  const rows = await q.em.execute<Row[]>(
    `with bought as (
       select distinct o.account_id, v.product_id
       from orders o join order_lines l on l.order_id = o.id join product_variants v on v.id = l.variant_id
       where o.organization_id = ? and o.status not in ('draft', 'cancelled') and o.ordered_at >= ?::timestamptz - interval '365 days'
     ), peers as (
       select a.id as account_id, a.industry, a.owner_id, a.name from accounts a
       where a.organization_id = ? and a.deleted_at is null and a.industry is not null and exists (select 1 from bought b where b.account_id = a.id)
         and (?::uuid is null or a.owner_id = ?::uuid)
     ), popularity as (
       select x.industry, b.product_id, count(distinct b.account_id) as buyers
       from bought b join accounts x on x.id = b.account_id where x.industry is not null group by x.industry, b.product_id
     ), industry_size as (
       select x.industry, count(distinct b.account_id) as accounts from bought b join accounts x on x.id = b.account_id group by x.industry
     ), ranked as (
       select p.account_id, p.name, p.owner_id, p.industry, pop.product_id, pop.buyers, s.accounts,
         row_number() over (partition by p.account_id order by pop.buyers desc, pop.product_id) as rank
       from peers p join popularity pop on pop.industry = p.industry join industry_size s on s.industry = p.industry
       where pop.buyers >= 2 and not exists (select 1 from bought b where b.account_id = p.account_id and b.product_id = pop.product_id)
     )
     select r.*, pr.name as product from ranked r join products pr on pr.id = r.product_id
     where r.rank = 1 order by r.buyers::float / r.accounts desc, r.account_id limit ${RULE_LIMIT}`,
    [q.organizationId, q.now, q.organizationId, q.ownerId, q.ownerId],
  );
  return rows.map((row) => ({
    kind: ActionKind.CROSS_SELL,
    score: clamp(30 + 40 * (num(row.buyers) / Math.max(1, num(row.accounts)))),
    title: `Offer ${row.product} to ${row.name}`,
    reason: `${row.buyers} of ${row.accounts} ${row.industry} accounts that ordered in the last year bought ${row.product}; ${row.name} has not.`,
    subjectType: ActionSubject.ACCOUNT,
    subjectId: String(row.account_id),
    accountId: String(row.account_id),
    relatedId: String(row.product_id),
    amount: null,
    ownerId: row.owner_id ? String(row.owner_id) : null,
  }));
}

/** Variants that open draft orders need beyond what is available (on hand − reserved, live warehouses). */
async function reorders(q: Q): Promise<NextBestAction[]> {
  const rows = await q.em.execute<Row[]>(
    `with needed as (
       select l.variant_id, sum(l.quantity) as quantity, count(distinct o.id) as orders
       from order_lines l join orders o on o.id = l.order_id
       where o.organization_id = ? and o.status = 'draft' group by l.variant_id
     ), available as (
       select s.variant_id, sum(s.on_hand - s.reserved) as quantity
       from stock_levels s join warehouses w on w.id = s.warehouse_id and w.deleted_at is null
       where s.organization_id = ? group by s.variant_id
     )
     select v.id, v.sku, v.list_price_amount as price, v.list_price_currency as currency, v.reorder_quantity,
       n.quantity as needed, n.orders, coalesce(a.quantity, 0) as available
     from needed n join product_variants v on v.id = n.variant_id left join available a on a.variant_id = n.variant_id
     where n.quantity > coalesce(a.quantity, 0)
     order by (n.quantity - coalesce(a.quantity, 0)) * v.list_price_amount desc limit ${RULE_LIMIT}`,
    [q.organizationId, q.organizationId],
  );
  const largest = Math.max(1, ...rows.map((r) => (num(r.needed) - num(r.available)) * num(r.price)));
  return rows.map((row) => {
    const shortfall = num(row.needed) - num(row.available);
    const value = shortfall * num(row.price);
    const order = Math.max(shortfall, num(row.reorder_quantity));
    return {
      kind: ActionKind.REORDER_STOCK,
      score: clamp(55 + 35 * (value / largest)),
      title: `Reorder ${order} × ${row.sku}`,
      reason: `${row.orders} open order(s) need ${row.needed} ${row.sku} but only ${row.available} are available: ${shortfall} short.`,
      subjectType: ActionSubject.VARIANT,
      subjectId: String(row.id),
      accountId: null,
      relatedId: null,
      amount: Money.of(value, String(row.currency)),
      ownerId: null,
    };
  });
}
