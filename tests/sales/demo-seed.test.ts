import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('sales demo seed', () => {
  let t: TestApp;
  let org: string;
  /** Rows of a query as the database owner; `:org` stands for the demo organization. */
  const rows = <T = Record<string, unknown>>(query: string) => t.systemEm().execute<T[]>(query.replaceAll(':org', `'${org}'::uuid`));
  const one = async <T = Record<string, number>>(query: string) => (await rows<T>(query))[0];

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.systemEm(), 'demo password 123');
    ({ id: org } = (await t.systemEm().execute<{ id: string }[]>(`select id from organizations where slug = 'demo'`))[0]);
  });
  afterAll(() => t.close());

  it('creates customers, leads in every status, opportunities over the pipeline, activities and a year of orders', async () => {
    const counts = await one(`select
      (select count(*)::int from accounts where organization_id = :org) as accounts,
      (select count(*)::int from contacts where organization_id = :org and account_id is not null) as contacts,
      (select count(*)::int from leads where organization_id = :org) as leads,
      (select count(distinct status)::int from leads where organization_id = :org) as lead_statuses,
      (select count(*)::int from opportunities where organization_id = :org) as opportunities,
      (select count(distinct stage_id)::int from opportunities where organization_id = :org) as stages,
      (select count(*)::int from activities where organization_id = :org) as activities,
      (select count(*)::int from activities where organization_id = :org and completed_at is null and due_at > now()) as open_activities,
      (select count(*)::int from orders where organization_id = :org) as orders,
      (select count(*)::int from orders where organization_id = :org and opportunity_id is not null) as deal_orders,
      (select count(*)::int from shipments where organization_id = :org) as shipments,
      (select count(*)::int from invoices where organization_id = :org) as invoices,
      (select count(*)::int from invoices where organization_id = :org and status = 'void') as void_invoices,
      (select count(*)::int from invoices where organization_id = :org and status in ('issued', 'partially_paid') and due_date < current_date) as overdue,
      (select count(*)::int from payments where organization_id = :org) as payments`);
    expect(counts).toMatchObject({ accounts: 200, contacts: 500, leads: 300, lead_statuses: 5, opportunities: 250, stages: 6 });
    expect(counts.activities).toBeGreaterThanOrEqual(300);
    expect(counts.open_activities).toBeGreaterThan(10);
    expect(counts.orders).toBeGreaterThan(2500);
    expect(counts.orders).toBeLessThan(3600);
    expect(counts.deal_orders).toBeGreaterThan(20);
    expect(counts.shipments).toBeGreaterThan(counts.orders * 0.9);
    expect(counts.invoices).toBeGreaterThan(counts.orders * 0.9);
    expect(counts.void_invoices).toBeGreaterThanOrEqual(2);
    expect(counts.overdue).toBeGreaterThan(0);
    expect(counts.payments).toBeGreaterThan(counts.invoices * 0.8);
    const statuses = await rows<{ status: string }>(`select distinct status::text from orders where organization_id = :org order by 1`);
    expect(statuses.map((s) => s.status)).toEqual(['cancelled', 'confirmed', 'draft', 'fulfilled', 'partially_fulfilled']);
  });

  it('links converted leads to the account and contact they became', async () => {
    const converted = await one(`select count(*)::int as all,
        count(*) filter (where l.converted_account_id is not null and c.account_id = l.converted_account_id and c.email = l.email)::int as linked
      from leads l left join contacts c on c.id = l.converted_contact_id where l.organization_id = :org and l.status = 'converted'`);
    expect(converted.all).toBeGreaterThan(20);
    expect(converted.linked).toBe(converted.all);
  });

  it('keeps opportunities consistent with their stage and their stage history', async () => {
    const wrong = await rows(`select o.id from opportunities o join pipeline_stages s on s.id = o.stage_id
      where o.organization_id = :org and (o.probability <> s.probability
        or o.status <> (case when s.is_won then 'won' when s.is_closed then 'lost' else 'open' end)::opportunity_status
        or (o.closed_at is null) = s.is_closed
        or o.stage_id <> (select h.to_stage_id from opportunity_stage_changes h where h.opportunity_id = o.id order by h.changed_at desc limit 1)
        or (select count(*) from opportunity_stage_changes h where h.opportunity_id = o.id and h.from_stage_id is null) <> 1
        or (select count(*) from opportunity_stage_changes h where h.opportunity_id = o.id)
           <> (select count(*) from record_changes c where c.subject_id = o.id and c.action in ('created', 'stage_changed'))
        or o.primary_contact_id not in (select c.id from contacts c where c.account_id = o.account_id)
        or o.amount_amount <> (select sum(l.quantity * l.unit_price_amount) from opportunity_lines l where l.opportunity_id = o.id))`);
    expect(wrong).toEqual([]);
    // Moves go forward one stage at a time (a lost deal drops out from an open stage).
    const backwards = await rows(`select h.id from opportunity_stage_changes h
      join pipeline_stages f on f.id = h.from_stage_id join pipeline_stages s on s.id = h.to_stage_id
      where h.organization_id = :org and not (s.position = f.position + 1 or (s.is_closed and not s.is_won and not f.is_closed))`);
    expect(backwards).toEqual([]);
  });

  it('keeps stock levels equal to the ledger, valid, and reserved exactly what open orders still have to ship', async () => {
    const drift = await rows(`select l.variant_id from stock_levels l
      full join (select variant_id, warehouse_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
                 from stock_movements where organization_id = :org group by variant_id, warehouse_id) m
        on m.variant_id = l.variant_id and m.warehouse_id = l.warehouse_id
      where coalesce(l.organization_id, :org) = :org
        and (l.on_hand is distinct from m.on_hand or l.reserved is distinct from m.reserved)`);
    expect(drift).toEqual([]);
    const invalid = await rows(
      `select id from stock_levels where organization_id = :org and not (on_hand >= 0 and reserved >= 0 and reserved <= on_hand)`,
    );
    expect(invalid).toEqual([]);
    const reservations = await rows(`select l.variant_id from stock_levels l
      left join (select ol.variant_id, o.warehouse_id, sum(ol.quantity - ol.quantity_shipped) as open
                 from order_lines ol join orders o on o.id = ol.order_id
                 where o.organization_id = :org and o.status in ('confirmed', 'partially_fulfilled') group by 1, 2) r
        on r.variant_id = l.variant_id and r.warehouse_id = l.warehouse_id
      where l.organization_id = :org and l.reserved <> coalesce(r.open, 0)`);
    expect(reservations).toEqual([]);
    // The catalog's deliberately short variants stay short.
    const [low] = await rows<{ n: number }>(`select count(*)::int as n from (select variant_id from stock_levels
      where organization_id = :org group by variant_id having sum(on_hand - reserved) <= 5) s`);
    expect(low.n).toBeGreaterThan(0);
  });

  it('prices every order like the app: totals are the sums of the lines and subtotal − discounts + tax', async () => {
    const wrong = await rows(`select o.number from orders o join (select order_id, sum(subtotal_amount) as subtotal, sum(discount_amount) as discount,
        sum(tax_amount) as tax, sum(total_amount) as total, sum(order_discount_amount) as order_discount from order_lines group by order_id) l on l.order_id = o.id
      where o.organization_id = :org and (o.subtotal_amount <> l.subtotal or o.discount_total_amount <> l.discount or o.tax_total_amount <> l.tax
        or o.total_amount <> l.total or o.discount_amount <> l.order_discount
        or o.total_amount <> o.subtotal_amount - o.discount_total_amount + o.tax_total_amount)`);
    expect(wrong).toEqual([]);
    const lines = await rows(`select id from order_lines where organization_id = :org
      and (subtotal_amount <> quantity * unit_price_amount or total_amount <> subtotal_amount - discount_amount + tax_amount
        or (unit_price_amount <> list_price_amount) <> (price_override_reason is not null))`);
    expect(lines).toEqual([]);
  });

  it('ships and bills what the order statuses say', async () => {
    const shipped = await rows(`select ol.id from order_lines ol
      left join (select order_line_id, sum(quantity) as q from shipment_lines group by 1) s on s.order_line_id = ol.id
      left join (select il.order_line_id, sum(il.quantity) as q from invoice_lines il join invoices i on i.id = il.invoice_id
                 where i.status <> 'void' group by 1) b on b.order_line_id = ol.id
      where ol.organization_id = :org and (ol.quantity_shipped <> coalesce(s.q, 0) or ol.quantity_invoiced <> coalesce(b.q, 0)
        or ol.quantity_invoiced > ol.quantity_shipped)`);
    expect(shipped).toEqual([]);
    const statuses = await rows(`select o.number from orders o join (select order_id, sum(quantity) as ordered, sum(quantity_shipped) as shipped
        from order_lines group by 1) l on l.order_id = o.id
      where o.organization_id = :org and not case o.status
        when 'fulfilled' then l.shipped = l.ordered and o.fulfilled_at is not null
        when 'partially_fulfilled' then l.shipped > 0 and l.shipped < l.ordered
        when 'confirmed' then l.shipped = 0 and o.confirmed_at is not null
        when 'draft' then l.shipped = 0 and o.confirmed_at is null
        else l.shipped = 0 and o.cancelled_at is not null end`);
    expect(statuses).toEqual([]);
    const future = await one(`select
      (select count(*)::int from orders where organization_id = :org and greatest(ordered_at, confirmed_at, fulfilled_at, cancelled_at) > now()) +
      (select count(*)::int from shipments where organization_id = :org and (shipped_at > now() or delivered_at > now())) +
      (select count(*)::int from invoices where organization_id = :org and (issued_at > now() or paid_at > now())) +
      (select count(*)::int from payments where organization_id = :org and paid_at > now()) as n`);
    expect(future.n).toBe(0);
  });

  it('numbers invoices gap-free per year, sums their lines, and matches payments to the amount paid', async () => {
    const years = await rows<{ year: string; n: number; first: number; last: number; distinct: number }>(`select split_part(number, '-', 2) as year,
        count(*)::int as n, min(split_part(number, '-', 3)::int) as first, max(split_part(number, '-', 3)::int) as last,
        count(distinct number)::int as distinct
      from invoices where organization_id = :org group by 1`);
    expect(years.length).toBeGreaterThan(0);
    for (const y of years) expect({ first: y.first, last: y.last, distinct: y.distinct }).toEqual({ first: 1, last: y.n, distinct: y.n });
    const inIssueOrder =
      await rows(`select number from (select number, issued_at, lag(issued_at) over (partition by split_part(number, '-', 2) order by number) as previous
      from invoices where organization_id = :org) x where issued_at < previous`);
    expect(inIssueOrder).toEqual([]);
    const wrong = await rows(`select i.number from invoices i
      join (select invoice_id, sum(subtotal_amount) as subtotal, sum(discount_amount) as discount, sum(tax_amount) as tax, sum(total_amount) as total
            from invoice_lines group by 1) l on l.invoice_id = i.id
      left join (select invoice_id, sum(amount) as paid, max(paid_at) as last from payments group by 1) p on p.invoice_id = i.id
      where i.organization_id = :org and (i.subtotal_amount <> l.subtotal or i.discount_total_amount <> l.discount or i.tax_total_amount <> l.tax
        or i.total_amount <> l.total or i.amount_paid <> coalesce(p.paid, 0)
        or i.due_date <> (i.issued_at at time zone 'UTC')::date + 30
        or i.status <> case when i.voided_at is not null then 'void' when i.total_amount = 0 then 'paid' when coalesce(p.paid, 0) = 0 then 'issued'
                            when p.paid = i.total_amount then 'paid' else 'partially_paid' end::invoice_status
        or (i.status = 'paid') <> (i.paid_at is not null) or (i.status = 'paid' and i.paid_at <> p.last))`);
    expect(wrong).toEqual([]);
    // A line billed in full (in one invoice or several) is billed to the cent.
    const split = await rows(`select ol.id from order_lines ol
      join (select il.order_line_id, sum(il.subtotal_amount) as subtotal, sum(il.discount_amount) as discount, sum(il.tax_amount) as tax,
              sum(il.total_amount) as total from invoice_lines il join invoices i on i.id = il.invoice_id where i.status <> 'void' group by 1) b
        on b.order_line_id = ol.id
      where ol.organization_id = :org and ol.quantity_invoiced = ol.quantity
        and (b.subtotal, b.discount, b.tax, b.total) <> (ol.subtotal_amount, ol.discount_amount, ol.tax_amount, ol.total_amount)`);
    expect(split).toEqual([]);
  });

  it('continues order and invoice numbers from the document sequences', async () => {
    const sequences = await rows(`select s.kind, s.year from document_sequences s where s.organization_id = :org and s.last_value <> case s.kind
        when 'order' then (select max(substr(number, 4)::int) from orders where organization_id = :org)
        else (select max(split_part(number, '-', 3)::int) from invoices where organization_id = :org and split_part(number, '-', 2)::int = s.year) end`);
    expect(sequences).toEqual([]);
    const orders = await one(`select count(*)::int as n, max(substr(number, 4)::int) as last,
        count(*) filter (where number <> 'SO-' || lpad(position::text, 6, '0'))::int as out_of_order
      from (select number, row_number() over (order by ordered_at, number) as position from orders where organization_id = :org) o`);
    expect(orders).toEqual({ n: orders.n, last: orders.n, out_of_order: 0 });
  });

  it('has weekday-heavy ordering that grows over the year', async () => {
    const days = await rows<{ dow: number; n: number }>(`select extract(isodow from ordered_at at time zone 'UTC')::int as dow, count(*)::int as n
      from orders where organization_id = :org group by 1`);
    const count = (dow: number) => days.find((d) => d.dow === dow)?.n ?? 0;
    const weekdays = [1, 2, 3, 4, 5].map(count);
    const weekend = [6, 7].map(count);
    expect(Math.min(...weekdays)).toBeGreaterThan(1.5 * Math.max(...weekend));
    const quarters = await one(`select count(*) filter (where ordered_at < b.first + interval '91 days')::int as first,
        count(*) filter (where ordered_at > b.last - interval '91 days')::int as last
      from orders, (select min(ordered_at) as first, max(ordered_at) as last from orders where organization_id = :org) b where organization_id = :org`);
    expect(quarters.last).toBeGreaterThan(quarters.first * 1.2);
  });
});
