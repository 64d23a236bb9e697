import { Migration } from '@mikro-orm/migrations';

/** The rollup tables this migration adds (tenant tables with row-level security). */
const ROLLUPS = ['daily_leads', 'daily_variant_sales', 'monthly_variant_sales', 'daily_account_sales', 'monthly_account_sales'];

/**
 * The tables whose writes make analytics days stale: the columns the rollups read (an update changing
 * none of them marks nothing) and the timestamps whose UTC days it marks (order lines: their order's).
 */
const SOURCES: { table: string; reads: string[]; days: string[] }[] = [
  { table: 'orders', reads: ['ordered_at', 'status', 'currency', 'account_id', 'total_amount'], days: ['ordered_at'] },
  { table: 'order_lines', reads: ['order_id', 'variant_id', 'quantity', 'total_amount', 'sku', 'description'], days: [] },
  { table: 'invoices', reads: ['issued_at', 'status', 'currency', 'total_amount'], days: ['issued_at'] },
  { table: 'payments', reads: ['paid_at', 'currency', 'amount'], days: ['paid_at'] },
  { table: 'leads', reads: ['created_at', 'status', 'deleted_at'], days: ['created_at'] },
  {
    table: 'opportunities',
    reads: ['created_at', 'closed_at', 'status', 'amount_amount', 'amount_currency', 'deleted_at'],
    days: ['created_at', 'closed_at'],
  },
];

/** (organization_id, at) of the rows `rows` (a transition table, or the changed rows of both). */
function touchedSql(source: (typeof SOURCES)[number], rows: string): string {
  if (source.days.length === 0)
    return `select o.organization_id, o.ordered_at as at from (select distinct organization_id, order_id from ${rows}) r
              join orders o on o.organization_id = r.organization_id and o.id = r.order_id`;
  return source.days.map((at) => `select organization_id, ${at} as at from ${rows}`).join(' union all ');
}

/** The statement-level trigger function of a source table (INSERT, UPDATE and DELETE each have a trigger on it). */
function markFunctionSql(source: (typeof SOURCES)[number]): string {
  const columns = ['organization_id', ...source.reads];
  const side = (alias: string) => columns.map((c) => `${alias}.${c}`).join(', ');
  // Old and new versions (a missing side is nulls) of the rows whose read columns changed, with what touchedSql reads.
  const kept = ['organization_id', ...(source.days.length > 0 ? source.days : ['order_id'])];
  const changed = `(select v.* from old_rows o full join new_rows n on n.id = o.id
      cross join lateral (values (${kept.map((c) => `o.${c}`).join(', ')}), (${kept.map((c) => `n.${c}`).join(', ')})) v(${kept.join(', ')})
      where (${side('o')}) is distinct from (${side('n')})) c`;
  const mark = (rows: string) =>
    `perform simplycrm_mark_days_stale(array_agg(t.organization_id), array_agg(t.at)) from (${touchedSql(source, rows)}) t;`;
  return `create or replace function simplycrm_${source.table}_mark_stale() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'INSERT' then
        ${mark('new_rows')}
      elsif tg_op = 'DELETE' then
        ${mark('old_rows')}
      else
        ${mark(changed)}
      end if;
      return null;
    end $fn$;`;
}

/**
 * Marks the UTC days of the given (organization, timestamp) pairs stale, one row per day (insert …
 * on conflict do nothing: writers of a day do not queue on its mark; only two inserting it at the
 * same moment wait for each other), and holds a KEY SHARE lock (shared by every writer) on each
 * mark until the writer commits. The refresh claims marks with FOR UPDATE SKIP LOCKED, so it never
 * clears a mark a writer still in flight relies on: that change would be missing from the rollup
 * (not committed yet) while the day looked fresh. A mark the refresh is clearing meanwhile is
 * waited for and written again (the loop).
 */
const MARK_DAYS_STALE = `create or replace function simplycrm_mark_days_stale(p_organizations uuid[], p_times timestamptz[]) returns void
  language plpgsql as $fn$
  declare
    orgs uuid[];
    days date[];
    locked int;
  begin
    select array_agg(d.organization_id order by d.organization_id, d.day), array_agg(d.day order by d.organization_id, d.day) into orgs, days
      from (select distinct t.organization_id, (t.at at time zone 'UTC')::date as day
              from unnest(p_organizations, p_times) as t(organization_id, at)
             where t.organization_id is not null and t.at is not null) d;
    if days is null then
      return;
    end if;
    for attempt in 1..100 loop
      insert into analytics_stale_days (id, created_at, updated_at, organization_id, day)
      select gen_random_uuid(), now(), now(), d.organization_id, d.day from unnest(orgs, days) as d(organization_id, day)
      on conflict (organization_id, day) do nothing;
      select count(*) into locked from (
        select 1 from analytics_stale_days s join unnest(orgs, days) as d(organization_id, day)
          on s.organization_id = d.organization_id and s.day = d.day
        for key share of s) l;
      if locked = cardinality(days) then
        return;
      end if;
    end loop;
    raise exception 'could not mark % analytics days stale', cardinality(days);
  end $fn$;`;

/** Midnight UTC starting the date `day`, and the next one. */
const dayStart = (day: string) => `(${day}::timestamp at time zone 'UTC')`;
const dayEnd = (day: string) => `((${day} + 1)::timestamp at time zone 'UTC')`;

/**
 * Recomputes every rollup of one organization for the given UTC days, and the monthly rollups of
 * their months from the daily rows (rows written in key order: a range of days is a range of
 * pages). The definitions here are what salesMetrics' raw SQL computes
 * (src/modules/analytics/metrics.raw.ts); tests compare the two on random data. Used by the
 * analytics refresh (for the days it claimed) and by this migration's backfill.
 */
const REFRESH_ANALYTICS = `create or replace function simplycrm_refresh_analytics(p_organization uuid, p_days date[]) returns void
  language plpgsql as $fn$
  declare
    days date[] := array(select distinct d from unnest(p_days) d where d is not null order by 1);
    months date[] := array(select distinct date_trunc('month', d)::date from unnest(p_days) d where d is not null order by 1);
  begin
    delete from daily_sales where organization_id = p_organization and day = any(days);
    delete from daily_leads where organization_id = p_organization and day = any(days);
    delete from daily_variant_sales where organization_id = p_organization and day = any(days);
    delete from daily_account_sales where organization_id = p_organization and day = any(days);
    delete from monthly_variant_sales where organization_id = p_organization and month = any(months);
    delete from monthly_account_sales where organization_id = p_organization and month = any(months);

    insert into daily_sales (id, created_at, updated_at, organization_id, day, currency, order_count, booked_amount,
                             invoiced_amount, collected_amount, created_amount, won_count, lost_count, won_cycle_microseconds)
    select gen_random_uuid(), now(), now(), p_organization, x.day, x.currency, sum(x.orders), sum(x.booked),
           sum(x.invoiced), sum(x.collected), sum(x.created), sum(x.won), sum(x.lost), sum(x.cycle)
      from (select d.day, o.currency, 1 as orders, o.total_amount as booked, 0 as invoiced, 0 as collected, 0 as created, 0 as won, 0 as lost, 0 as cycle
              from unnest(days) d(day)
              join orders o on o.organization_id = p_organization and o.ordered_at >= ${dayStart('d.day')} and o.ordered_at < ${dayEnd('d.day')}
             where o.status not in ('draft', 'cancelled')
            union all
            select d.day, i.currency, 0, 0, i.total_amount, 0, 0, 0, 0, 0
              from invoices i join unnest(days) d(day) on d.day = (i.issued_at at time zone 'UTC')::date
             where i.organization_id = p_organization and i.status not in ('draft', 'void')
            union all
            select d.day, p.currency, 0, 0, 0, p.amount, 0, 0, 0, 0
              from payments p join unnest(days) d(day) on d.day = (p.paid_at at time zone 'UTC')::date
             where p.organization_id = p_organization
            union all
            select d.day, o.amount_currency, 0, 0, 0, 0, o.amount_amount, 0, 0, 0
              from opportunities o join unnest(days) d(day) on d.day = (o.created_at at time zone 'UTC')::date
             where o.organization_id = p_organization and o.deleted_at is null
            union all
            select d.day, o.amount_currency, 0, 0, 0, 0, 0, (o.status = 'won')::int, (o.status = 'lost')::int,
                   case when o.status = 'won' then round(extract(epoch from o.closed_at - o.created_at) * 1000000) else 0 end
              from opportunities o join unnest(days) d(day) on d.day = (o.closed_at at time zone 'UTC')::date
             where o.organization_id = p_organization and o.deleted_at is null) x
     group by x.day, x.currency
     order by x.day, x.currency;

    insert into daily_account_sales (id, created_at, updated_at, organization_id, day, currency, account_id, order_count, revenue)
    select gen_random_uuid(), now(), now(), p_organization, d.day, o.currency, o.account_id, count(*), sum(o.total_amount)
      from unnest(days) d(day)
      join orders o on o.organization_id = p_organization and o.ordered_at >= ${dayStart('d.day')} and o.ordered_at < ${dayEnd('d.day')}
     where o.status not in ('draft', 'cancelled')
     group by d.day, o.currency, o.account_id
     order by d.day, o.currency, o.account_id;

    insert into daily_variant_sales (id, created_at, updated_at, organization_id, day, currency, variant_id, units, revenue, sku, description)
    select gen_random_uuid(), now(), now(), p_organization, d.day, o.currency, l.variant_id,
           sum(l.quantity), sum(l.total_amount), max(l.sku), max(l.description)
      from unnest(days) d(day)
      join orders o on o.organization_id = p_organization and o.ordered_at >= ${dayStart('d.day')} and o.ordered_at < ${dayEnd('d.day')}
      join order_lines l on l.organization_id = p_organization and l.order_id = o.id
     where o.status not in ('draft', 'cancelled')
     group by d.day, o.currency, l.variant_id
     order by d.day, o.currency, l.variant_id;

    insert into daily_leads (id, created_at, updated_at, organization_id, day, new_count, converted_count)
    select gen_random_uuid(), now(), now(), p_organization, d.day, count(*), count(*) filter (where l.status = 'converted')
      from leads l join unnest(days) d(day) on d.day = (l.created_at at time zone 'UTC')::date
     where l.organization_id = p_organization and l.deleted_at is null
     group by d.day;

    insert into monthly_variant_sales (id, created_at, updated_at, organization_id, month, currency, variant_id, units, revenue, sku, description)
    select gen_random_uuid(), now(), now(), p_organization, m.month, r.currency, r.variant_id,
           sum(r.units), sum(r.revenue), max(r.sku), max(r.description)
      from unnest(months) m(month)
      join daily_variant_sales r on r.organization_id = p_organization and r.day >= m.month and r.day < (m.month + interval '1 month')::date
     group by m.month, r.currency, r.variant_id
     order by m.month, r.currency, r.variant_id;

    insert into monthly_account_sales (id, created_at, updated_at, organization_id, month, currency, account_id, order_count, revenue)
    select gen_random_uuid(), now(), now(), p_organization, m.month, r.currency, r.account_id, sum(r.order_count), sum(r.revenue)
      from unnest(months) m(month)
      join daily_account_sales r on r.organization_id = p_organization and r.day >= m.month and r.day < (m.month + interval '1 month')::date
     group by m.month, r.currency, r.account_id
     order by m.month, r.currency, r.account_id;
  end $fn$;`;

/** Every UTC day an organization has rollup input on (the backfill's days). */
const DAYS_WITH_DATA = (org: string) => `array(
  select (ordered_at at time zone 'UTC')::date from orders where organization_id = ${org}
  union select (issued_at at time zone 'UTC')::date from invoices where organization_id = ${org} and issued_at is not null
  union select (paid_at at time zone 'UTC')::date from payments where organization_id = ${org}
  union select (created_at at time zone 'UTC')::date from leads where organization_id = ${org}
  union select (created_at at time zone 'UTC')::date from opportunities where organization_id = ${org}
  union select (closed_at at time zone 'UTC')::date from opportunities where organization_id = ${org} and closed_at is not null)`;

/**
 * Rollups for salesMetrics, kept correct without depending on the refresh: daily_sales (booked
 * orders per day and currency) gains invoiced, collected and the deals' created, won, lost and
 * cycle; leads per day; booked order lines per variant and booked orders per account per day and
 * per month. Statement-level triggers on the six source tables mark the UTC days every write
 * touches (old and new versions), replacing the row trigger on orders; salesMetrics reads a day's
 * rollups only while it is not marked. The backfill computes every rollup of the existing data and
 * clears the marks (the new triggers' locks keep writers out of the source tables until this
 * commits).
 */
export class Migration20261203114500_SalesRollups extends Migration {
  override name = 'Migration20261203114500_SalesRollups';

  override up(): void {
    this.addSql(
      `alter table "daily_sales" add column "invoiced_amount" bigint not null default '0', add column "collected_amount" bigint not null default '0', add column "created_amount" bigint not null default '0', add column "won_count" int not null default 0, add column "lost_count" int not null default 0, add column "won_cycle_microseconds" bigint not null default '0';`,
    );

    // daily_leads
    this.addSql(
      `create table "daily_leads" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "day" date not null, "new_count" int not null, "converted_count" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "daily_leads_organization_id_index" on "daily_leads" ("organization_id");`);
    this.addSql(`alter table "daily_leads" add constraint "daily_leads_organization_id_day_unique" unique ("organization_id", "day");`);
    this.addSql(`alter table "daily_leads" add constraint "daily_leads_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "daily_leads" add constraint "daily_leads_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    // daily_variant_sales
    this.addSql(
      `create table "daily_variant_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "day" date not null, "currency" char(3) not null, "variant_id" uuid not null, "units" bigint not null, "revenue" bigint not null, "sku" varchar(100) not null, "description" varchar(600) not null, primary key ("id"));`,
    );
    this.addSql(`create index "daily_variant_sales_organization_id_index" on "daily_variant_sales" ("organization_id");`);
    this.addSql(
      `create index "daily_variant_sales_organization_id_variant_id_day_index" on "daily_variant_sales" ("organization_id", "variant_id", "day");`,
    );
    this.addSql(
      `alter table "daily_variant_sales" add constraint "daily_variant_sales_organization_id_day_currency__765d7_unique" unique ("organization_id", "day", "currency", "variant_id") include ("units", "revenue");`,
    );
    this.addSql(`alter table "daily_variant_sales" add constraint "daily_variant_sales_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "daily_variant_sales" add constraint "daily_variant_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "daily_variant_sales" add constraint "daily_variant_sales_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );

    // monthly_variant_sales
    this.addSql(
      `create table "monthly_variant_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "month" date not null, "currency" char(3) not null, "variant_id" uuid not null, "units" bigint not null, "revenue" bigint not null, "sku" varchar(100) not null, "description" varchar(600) not null, primary key ("id"));`,
    );
    this.addSql(`create index "monthly_variant_sales_organization_id_index" on "monthly_variant_sales" ("organization_id");`);
    this.addSql(
      `create index "monthly_variant_sales_organization_id_variant_id_month_index" on "monthly_variant_sales" ("organization_id", "variant_id", "month");`,
    );
    this.addSql(
      `alter table "monthly_variant_sales" add constraint "monthly_variant_sales_organization_id_month_curre_fb725_unique" unique ("organization_id", "month", "currency", "variant_id") include ("units", "revenue");`,
    );
    this.addSql(
      `alter table "monthly_variant_sales" add constraint "monthly_variant_sales_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(
      `alter table "monthly_variant_sales" add constraint "monthly_variant_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "monthly_variant_sales" add constraint "monthly_variant_sales_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );

    // daily_account_sales
    this.addSql(
      `create table "daily_account_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "day" date not null, "currency" char(3) not null, "account_id" uuid not null, "order_count" int not null, "revenue" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "daily_account_sales_organization_id_index" on "daily_account_sales" ("organization_id");`);
    this.addSql(
      `create index "daily_account_sales_organization_id_account_id_day_index" on "daily_account_sales" ("organization_id", "account_id", "day");`,
    );
    this.addSql(
      `alter table "daily_account_sales" add constraint "daily_account_sales_organization_id_day_currency__2a3fa_unique" unique ("organization_id", "day", "currency", "account_id") include ("order_count", "revenue");`,
    );
    this.addSql(`alter table "daily_account_sales" add constraint "daily_account_sales_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "daily_account_sales" add constraint "daily_account_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "daily_account_sales" add constraint "daily_account_sales_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete cascade;`,
    );

    // monthly_account_sales
    this.addSql(
      `create table "monthly_account_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "month" date not null, "currency" char(3) not null, "account_id" uuid not null, "order_count" int not null, "revenue" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "monthly_account_sales_organization_id_index" on "monthly_account_sales" ("organization_id");`);
    this.addSql(
      `create index "monthly_account_sales_organization_id_account_id_month_index" on "monthly_account_sales" ("organization_id", "account_id", "month");`,
    );
    this.addSql(
      `alter table "monthly_account_sales" add constraint "monthly_account_sales_organization_id_month_curre_d9d81_unique" unique ("organization_id", "month", "currency", "account_id") include ("order_count", "revenue");`,
    );
    this.addSql(
      `alter table "monthly_account_sales" add constraint "monthly_account_sales_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(
      `alter table "monthly_account_sales" add constraint "monthly_account_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "monthly_account_sales" add constraint "monthly_account_sales_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete cascade;`,
    );
    for (const table of ROLLUPS) this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);

    this.addSql(`drop trigger if exists orders_mark_days_stale on "orders";`);
    this.addSql(`drop function if exists simplycrm_mark_order_days_stale();`);
    this.addSql(MARK_DAYS_STALE);
    for (const source of SOURCES) {
      this.addSql(markFunctionSql(source));
      const run = `for each statement execute function simplycrm_${source.table}_mark_stale()`;
      this.addSql(
        `create trigger ${source.table}_mark_days_stale_insert after insert on "${source.table}" referencing new table as new_rows ${run};`,
      );
      this.addSql(
        `create trigger ${source.table}_mark_days_stale_update after update on "${source.table}" referencing old table as old_rows new table as new_rows ${run};`,
      );
      this.addSql(
        `create trigger ${source.table}_mark_days_stale_delete after delete on "${source.table}" referencing old table as old_rows ${run};`,
      );
    }
    this.addSql(REFRESH_ANALYTICS);

    // Backfill: every day with data, rolled up now; nothing is stale afterwards.
    this.addSql(`delete from daily_sales;`);
    this.addSql(`select simplycrm_refresh_analytics(o.id, ${DAYS_WITH_DATA('o.id')}) from organizations o;`);
    this.addSql(`delete from analytics_stale_days;`);
  }

  override down(): void {
    for (const source of SOURCES) {
      for (const op of ['insert', 'update', 'delete'])
        this.addSql(`drop trigger if exists ${source.table}_mark_days_stale_${op} on "${source.table}";`);
      this.addSql(`drop function if exists simplycrm_${source.table}_mark_stale();`);
    }
    this.addSql(`drop function if exists simplycrm_refresh_analytics(uuid, date[]);`);
    this.addSql(`drop function if exists simplycrm_mark_days_stale(uuid[], timestamptz[]);`);
    for (const table of [...ROLLUPS].reverse()) this.addSql(`drop table if exists "${table}" cascade;`);
    this.addSql(
      `alter table "daily_sales" drop column "invoiced_amount", drop column "collected_amount", drop column "created_amount", drop column "won_count", drop column "lost_count", drop column "won_cycle_microseconds";`,
    );
    // The previous migration's row trigger on orders; every order day stale, so its refresh recomputes daily_sales.
    this.addSql(`create or replace function simplycrm_mark_order_days_stale() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          insert into analytics_stale_days (id, created_at, updated_at, organization_id, day)
          values (gen_random_uuid(), now(), now(), old.organization_id, (old.ordered_at at time zone 'UTC')::date)
          on conflict (organization_id, day) do update set updated_at = now();
        end if;
        if tg_op <> 'DELETE' then
          insert into analytics_stale_days (id, created_at, updated_at, organization_id, day)
          values (gen_random_uuid(), now(), now(), new.organization_id, (new.ordered_at at time zone 'UTC')::date)
          on conflict (organization_id, day) do update set updated_at = now();
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger orders_mark_days_stale after insert or update or delete on "orders"
      for each row execute function simplycrm_mark_order_days_stale();`);
    this.addSql(`insert into analytics_stale_days (id, created_at, updated_at, organization_id, day)
      select gen_random_uuid(), now(), now(), d.organization_id, d.day from (select distinct organization_id, (ordered_at at time zone 'UTC')::date as day from orders) d
      on conflict do nothing;`);
  }
}
