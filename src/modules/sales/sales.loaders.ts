import type { EntityManager } from '@mikro-orm/sql';
import DataLoader from 'dataloader';
import { groupBy, loaderById, loaderOfChildren } from '../core/core.loaders.js';
import { Account } from './account.entity.js';
import { Activity, RecordChange } from './activity.entity.js';
import { Contact } from './contact.entity.js';
import { Invoice, InvoiceLine, Payment } from './invoice.entity.js';
import { Lead } from './lead.entity.js';
import { Opportunity, OpportunityContactRole, OpportunityLine, OpportunityStageChange } from './opportunity.entity.js';
import { OrderLine, SalesOrder } from './order.entity.js';
import { Pipeline, PipelineStage } from './pipeline.entity.js';
import { Shipment, ShipmentLine } from './shipment.entity.js';

/** Most entries of each kind a record's timeline reads (the timeline field shows at most this many). */
export const TIMELINE_LIMIT = 100;

/** Timeline rows of each subject, newest first. Rows of any subject kind are keyed by the subject's ID. */
export type TimelineRows = { activities: Activity[]; changes: RecordChange[] };

/**
 * Per-request loaders of the sales module (one statement per loader per tick). They read through
 * the request's EntityManager, so the tenant filter and row-level security keep them in the organization.
 */
export function createSalesLoaders(em: EntityManager, organizationId: string | null) {
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
    orderById: byId(SalesOrder),
    orderLineById: byId(OrderLine),
    invoiceById: byId(Invoice),
    stagesByPipelineId: childrenOf(PipelineStage, 'pipeline', { position: 'asc' }),
    opportunityLinesByOpportunityId: childrenOf(OpportunityLine, 'opportunity', { position: 'asc' }),
    contactRolesByOpportunityId: childrenOf(OpportunityContactRole, 'opportunity', { createdAt: 'asc' }),
    stageChangesByOpportunityId: childrenOf(OpportunityStageChange, 'opportunity', { changedAt: 'asc' }),
    contactsByAccountId: childrenOf(Contact, 'account', { lastName: 'asc' }, { deletedAt: null }),
    opportunitiesByAccountId: childrenOf(Opportunity, 'account', { createdAt: 'desc' }, { deletedAt: null }),
    ordersByOpportunityId: childrenOf(SalesOrder, 'opportunity', { orderedAt: 'asc' }),
    orderLinesByOrderId: childrenOf(OrderLine, 'order', { position: 'asc' }),
    shipmentsByOrderId: childrenOf(Shipment, 'order', { shippedAt: 'asc' }),
    shipmentLinesByShipmentId: childrenOf(ShipmentLine, 'shipment', { createdAt: 'asc' }),
    invoicesByOrderId: childrenOf(Invoice, 'order', { createdAt: 'asc' }),
    invoiceLinesByInvoiceId: childrenOf(InvoiceLine, 'invoice', { position: 'asc' }),
    paymentsByInvoiceId: childrenOf(Payment, 'invoice', { paidAt: 'asc' }),
    /**
     * Activities and changes of leads, contacts, accounts and opportunities, keyed by the record's
     * ID and how many entries are wanted: the newest `limit` of each kind per record (the largest
     * limit asked in the batch), cut in SQL. Raw SQL escapes the ORM's tenant filter, so it names
     * the organization as well as relying on row-level security.
     */
    timelineBySubjectId: new DataLoader<{ id: string; limit: number }, TimelineRows, string>(
      async (keys) => {
        if (!organizationId) return keys.map(() => ({ activities: [], changes: [] }));
        const ids = [...new Set(keys.map((k) => k.id))];
        // An integer of 0…TIMELINE_LIMIT, written into the SQL (so statement logs show the cut).
        const cut = Math.trunc(Math.min(TIMELINE_LIMIT, Math.max(0, ...keys.map((k) => k.limit))));
        const list = ids.map(() => '?').join(', ');
        const [activityRows, changeRows] = await Promise.all([
          em.execute(
            `select * from (
             select a.*, row_number() over (partition by coalesce(a.lead_id, a.contact_id, a.account_id, a.opportunity_id)
                                            order by a.created_at desc, a.id) as timeline_rank
             from activities a
             where a.organization_id = ? and coalesce(a.lead_id, a.contact_id, a.account_id, a.opportunity_id) in (${list})
           ) ranked where timeline_rank <= ${cut}`,
            [organizationId, ...ids],
          ),
          em.execute(
            `select * from (
             select c.*, row_number() over (partition by c.subject_id order by c.at desc, c.id) as timeline_rank
             from record_changes c where c.organization_id = ? and c.subject_id in (${list})
           ) ranked where timeline_rank <= ${cut}`,
            [organizationId, ...ids],
          ),
        ]);
        const activities = activityRows.map(({ timeline_rank: _, ...row }) => em.map(Activity, row));
        const changes = changeRows.map(({ timeline_rank: _, ...row }) => em.map(RecordChange, row));
        const activityGroups = groupBy(ids, activities, (a) => a.subjectId);
        const changeGroups = groupBy(ids, changes, (c) => c.subjectId);
        const byId = new Map(ids.map((id, i) => [id, { activities: activityGroups[i], changes: changeGroups[i] }]));
        return keys.map((k) => byId.get(k.id) as TimelineRows);
      },
      { cacheKeyFn: (k) => `${k.limit}:${k.id}` },
    ),
  };
}

export type SalesLoaders = ReturnType<typeof createSalesLoaders>;
