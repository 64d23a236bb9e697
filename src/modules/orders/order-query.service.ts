import type { EntityManager } from '@mikro-orm/sql';
import { toWhere } from '../../shared/filters.js';
import type { SortOrder } from '../../shared/filter-inputs.js';
import { type ConnectionArgs, paginate } from '../../shared/pagination.js';
import { sortBy, where } from '../customers/customer-query.service.js';
import { type InvoiceFilter, invoiceFilterMapping, type OrderFilter, orderFilterMapping } from './dto/order-filters.dto.js';
import { Invoice } from './invoice.entity.js';
import { SalesOrder } from './order.entity.js';

export const listOrders = (em: EntityManager, args: ConnectionArgs, filter?: OrderFilter | null, order?: SortOrder) =>
  paginate(em, SalesOrder, where(toWhere(filter, orderFilterMapping)), args, sortBy(order, { field: 'orderedAt', direction: 'desc' }));

export const listInvoices = (em: EntityManager, now: Date, args: ConnectionArgs, filter?: InvoiceFilter | null, order?: SortOrder) =>
  paginate(
    em,
    Invoice,
    where(toWhere(filter, invoiceFilterMapping(now.toISOString().slice(0, 10)))),
    args,
    sortBy(order, { field: 'createdAt', direction: 'desc' }),
  );
