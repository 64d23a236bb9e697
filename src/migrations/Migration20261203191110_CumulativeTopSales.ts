import { Migration } from '@mikro-orm/migrations';

/** The running-total tables this migration adds (tenant tables with row-level security). */
const TABLES = ['cumulative_variant_sales', 'cumulative_account_sales'];

/**
 * Rewrites one running-total table of an organization from `start` (a month) to its monthly table's
 * latest month: every key (currency and variant or account) with a monthly row gets a row for every
 * month from its first sale on, the total before `start` carried from the row of the month before
 * (there is one whenever the key sold by then: the table is dense).
 */
const rewriteSql = (table: string, monthly: string, key: string, sums: string[]) => `
    delete from ${table} where organization_id = p_organization and month >= start_month;
    select max(month) into last_month from ${monthly} where organization_id = p_organization;
    if last_month is not null and last_month >= start_month then
      insert into ${table} (id, created_at, updated_at, organization_id, month, currency, ${key}, ${sums.join(', ')})
      select gen_random_uuid(), now(), now(), p_organization, x.month, x.currency, x.${key}, ${sums.map((s) => `x.${s}`).join(', ')}
        from (select g.month::date as month, k.currency, k.${key},
                     ${sums.map((s) => `k.base_${s} + sum(coalesce(m.${s}, 0)) over w as ${s}`).join(', ')},
                     k.sold_before or count(m.${key}) over w > 0 as sold
                from (select k.currency, k.${key}, b.${key} is not null as sold_before, ${sums.map((s) => `coalesce(b.${s}, 0) as base_${s}`).join(', ')}
                        from (select distinct currency, ${key} from ${monthly} where organization_id = p_organization) k
                        left join ${table} b on b.organization_id = p_organization and b.currency = k.currency and b.${key} = k.${key}
                         and b.month = (start_month - interval '1 month')::date) k
               cross join generate_series(start_month, last_month, interval '1 month') g(month)
                left join ${monthly} m on m.organization_id = p_organization and m.month = g.month::date
                      and m.currency = k.currency and m.${key} = k.${key}
              window w as (partition by k.currency, k.${key} order by g.month)) x
       where x.sold
       order by x.month, x.currency, x.${key};
    end if;`;

/**
 * The running totals from `p_from` (the earliest month whose monthly rows were recomputed) on. When
 * the table is behind (no rows yet, or months without any sale since its last month), it starts
 * where it stopped, so it stays dense.
 */
const REFRESH_CUMULATIVE = `create or replace function simplycrm_refresh_cumulative(p_organization uuid, p_from date) returns void
  language plpgsql as $fn$
  declare
    start_month date;
    last_month date;
    done date;
  begin
    if p_from is null then
      return;
    end if;
    -- variants
    select max(month) into done from cumulative_variant_sales where organization_id = p_organization;
    start_month := case when done is null then (select min(month) from monthly_variant_sales where organization_id = p_organization)
                        else least(p_from, (done + interval '1 month')::date) end;
    if start_month is not null then
      ${rewriteSql('cumulative_variant_sales', 'monthly_variant_sales', 'variant_id', ['units', 'revenue'])}
    end if;
    -- accounts
    select max(month) into done from cumulative_account_sales where organization_id = p_organization;
    start_month := case when done is null then (select min(month) from monthly_account_sales where organization_id = p_organization)
                        else least(p_from, (done + interval '1 month')::date) end;
    if start_month is not null then
      ${rewriteSql('cumulative_account_sales', 'monthly_account_sales', 'account_id', ['order_count', 'revenue'])}
    end if;
  end $fn$;`;

/** The refresh as before (now simplycrm_refresh_daily_rollups), then the running totals from its earliest month. */
const REFRESH_ANALYTICS = `create or replace function simplycrm_refresh_analytics(p_organization uuid, p_days date[]) returns void
  language plpgsql as $fn$
  begin
    perform simplycrm_refresh_daily_rollups(p_organization, p_days);
    perform simplycrm_refresh_cumulative(p_organization, (select min(date_trunc('month', d))::date from unnest(p_days) d));
  end $fn$;`;

/**
 * Running totals of the monthly top-list rollups (per variant and per account), so salesMetrics
 * reads a run of whole months as two rows per variant or account rather than one per month
 * (measured on the bench data: a year at 8,000 variants is about 100,000 monthly rows). The refresh
 * keeps them in the same transaction as the monthly rows; the backfill computes them for the rows
 * there are.
 */
export class Migration20261203191110_CumulativeTopSales extends Migration {
  override name = 'Migration20261203191110_CumulativeTopSales';

  override up(): void {
    this.addSql(
      `create table "cumulative_variant_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "month" date not null, "currency" char(3) not null, "variant_id" uuid not null, "units" bigint not null, "revenue" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "cumulative_variant_sales_organization_id_index" on "cumulative_variant_sales" ("organization_id");`);
    this.addSql(
      `create index "cumulative_variant_sales_organization_id_variant_id_month_index" on "cumulative_variant_sales" ("organization_id", "variant_id", "month");`,
    );
    this.addSql(
      `alter table "cumulative_variant_sales" add constraint "cumulative_variant_sales_organization_id_month_cu_fcc35_unique" unique ("organization_id", "month", "currency", "variant_id") include ("units", "revenue");`,
    );
    this.addSql(
      `alter table "cumulative_variant_sales" add constraint "cumulative_variant_sales_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(
      `create table "cumulative_account_sales" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "month" date not null, "currency" char(3) not null, "account_id" uuid not null, "order_count" bigint not null, "revenue" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "cumulative_account_sales_organization_id_index" on "cumulative_account_sales" ("organization_id");`);
    this.addSql(
      `create index "cumulative_account_sales_organization_id_account_id_month_index" on "cumulative_account_sales" ("organization_id", "account_id", "month");`,
    );
    this.addSql(
      `alter table "cumulative_account_sales" add constraint "cumulative_account_sales_organization_id_month_cu_39267_unique" unique ("organization_id", "month", "currency", "account_id") include ("order_count", "revenue");`,
    );
    this.addSql(
      `alter table "cumulative_account_sales" add constraint "cumulative_account_sales_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(
      `alter table "cumulative_variant_sales" add constraint "cumulative_variant_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "cumulative_variant_sales" add constraint "cumulative_variant_sales_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "cumulative_account_sales" add constraint "cumulative_account_sales_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "cumulative_account_sales" add constraint "cumulative_account_sales_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete cascade;`,
    );
    for (const table of TABLES) this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);
    this.addSql(`alter function simplycrm_refresh_analytics(uuid, date[]) rename to simplycrm_refresh_daily_rollups;`);
    this.addSql(REFRESH_CUMULATIVE);
    this.addSql(REFRESH_ANALYTICS);
    this.addSql(`select simplycrm_refresh_cumulative(o.id, '0001-01-01'::date) from organizations o;`);
  }

  override down(): void {
    this.addSql(`drop function if exists simplycrm_refresh_analytics(uuid, date[]);`);
    this.addSql(`drop function if exists simplycrm_refresh_cumulative(uuid, date);`);
    this.addSql(`alter function simplycrm_refresh_daily_rollups(uuid, date[]) rename to simplycrm_refresh_analytics;`);
    for (const table of [...TABLES].reverse()) this.addSql(`drop table if exists "${table}" cascade;`);
  }
}
