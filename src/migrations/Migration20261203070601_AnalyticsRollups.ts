import { Migration } from '@mikro-orm/migrations';

/**
 * Daily sales rollups for the nightly analytics refresh, and the stale-day marks a trigger on
 * orders keeps (tenant tables with row-level security).
 */
export class Migration20261203070601_AnalyticsRollups extends Migration {
  override name = 'Migration20261203070601_AnalyticsRollups';

  override up(): void {
    this.addSql(
      `create table "daily_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "day" date not null, "currency" char(3) not null, "order_count" int not null, "booked_amount" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "daily_sales_organization_id_index" on "daily_sales" ("organization_id");`);
    this.addSql(
      `alter table "daily_sales" add constraint "daily_sales_organization_id_day_currency_unique" unique ("organization_id", "day", "currency");`,
    );
    this.addSql(`alter table "daily_sales" add constraint "daily_sales_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "analytics_stale_days" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "day" date not null, primary key ("id"));`,
    );
    this.addSql(`create index "analytics_stale_days_organization_id_index" on "analytics_stale_days" ("organization_id");`);
    this.addSql(
      `alter table "analytics_stale_days" add constraint "analytics_stale_days_organization_id_day_unique" unique ("organization_id", "day");`,
    );
    this.addSql(
      `alter table "analytics_stale_days" add constraint "analytics_stale_days_organization_id_id_unique" unique ("organization_id", "id");`,
    );

    this.addSql(
      `alter table "daily_sales" add constraint "daily_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "analytics_stale_days" add constraint "analytics_stale_days_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(`select simplycrm_enable_tenant_rls('daily_sales');`);
    this.addSql(`select simplycrm_enable_tenant_rls('analytics_stale_days');`);
    // Every change to an order (any write path, SQL included) marks its day, and the day it moved from, stale.
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
    // Days with orders from before the rollups existed: the first refresh computes them.
    this.addSql(`insert into analytics_stale_days (id, created_at, updated_at, organization_id, day)
      select gen_random_uuid(), now(), now(), d.organization_id, d.day from (select distinct organization_id, (ordered_at at time zone 'UTC')::date as day from orders) d
      on conflict do nothing;`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists orders_mark_days_stale on "orders";`);
    this.addSql(`drop function if exists simplycrm_mark_order_days_stale();`);
    this.addSql(`drop table if exists "daily_sales" cascade;`);
    this.addSql(`drop table if exists "analytics_stale_days" cascade;`);
  }
}
