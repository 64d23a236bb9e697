import { Migration } from '@mikro-orm/migrations';

const TENANT_TABLES = [
  'suppliers',
  'products',
  'product_variants',
  'supplier_offers',
  'price_changes',
  'warehouses',
  'stock_levels',
  'stock_movements',
];

/**
 * Catalog and inventory. Besides the tables (generated from the entities):
 * - row-level security on every table (simplycrm_enable_tenant_rls);
 * - the stock ledger and levels change only together, through simplycrm_apply_stock_movement
 *   (read-only tables for the request role), so levels cannot drift from the ledger;
 * - price history is written by a trigger on the variant's price columns, so no code path, not even
 *   raw SQL, can change a price without its history row. It runs as the owner (SECURITY DEFINER):
 *   the request role can read the history but not write it. Who and why come from the
 *   transaction-local settings `app.user_id` and `app.price_change_reason`; `app.price_effective_at`
 *   backdates a change (imports, seeds).
 */
export class Migration20261124020740_Catalog extends Migration {
  override name = 'Migration20261124020740_Catalog';

  override up(): void | Promise<void> {
    this.addSql(`create type "product_status" as enum ('draft', 'active', 'archived');`);
    this.addSql(`create type "price_kind" as enum ('list_price', 'unit_cost');`);
    this.addSql(
      `create type "stock_movement_type" as enum ('receipt', 'adjustment', 'transfer_out', 'transfer_in', 'reservation', 'release', 'shipment', 'return');`,
    );
    this.addSql(
      `create table "suppliers" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(200) not null, "email" varchar(254) null, "phone" varchar(50) null, "website" varchar(500) null, "address" text null, "payment_terms" varchar(100) null, "lead_time_days" int not null default 0, "notes" text not null default '', "external_id" varchar(200) null, "active" boolean not null default true, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "suppliers_organization_id_index" on "suppliers" ("organization_id");`);
    this.addSql(`alter table "suppliers" add constraint "suppliers_organization_id_external_id_unique" unique ("organization_id", "external_id");`);

    this.addSql(
      `create table "products" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(300) not null, "description" text not null default '', "category" varchar(100) null, "brand" varchar(100) null, "status" "product_status" not null default 'draft', "default_supplier_id" uuid null, "tags" text[] not null default '{}', "external_id" varchar(200) null, "deleted_at" timestamptz null, "search" tsvector null, primary key ("id"));`,
    );
    this.addSql(`create index "products_organization_id_index" on "products" ("organization_id");`);
    this.addSql(`create index "products_default_supplier_id_index" on "products" ("default_supplier_id");`);
    this.addSql(`create index "products_search_index" on "public"."products" using gin("search");`);
    this.addSql(`alter table "products" add constraint "products_organization_id_external_id_unique" unique ("organization_id", "external_id");`);

    this.addSql(
      `create table "product_variants" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "product_id" uuid not null, "sku" varchar(100) not null, "name" varchar(300) not null, "attributes" jsonb not null default '{}', "barcode" varchar(100) null, "unit_of_measure" varchar(20) not null default 'each', "weight_grams" int null, "list_price_amount" bigint not null, "list_price_currency" char(3) not null, "unit_cost_amount" bigint not null, "unit_cost_currency" char(3) not null, "active" boolean not null default true, "low_stock_threshold" int not null default 0, "reorder_point" int not null default 0, "reorder_quantity" int not null default 0, "deleted_at" timestamptz null, "search" tsvector null, primary key ("id"));`,
    );
    this.addSql(`create index "product_variants_organization_id_index" on "product_variants" ("organization_id");`);
    this.addSql(`create index "product_variants_product_id_index" on "product_variants" ("product_id");`);
    this.addSql(`create index "product_variants_search_index" on "public"."product_variants" using gin("search");`);
    this.addSql(`alter table "product_variants" add constraint "product_variants_organization_id_sku_unique" unique ("organization_id", "sku");`);

    this.addSql(
      `create table "price_changes" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "variant_id" uuid not null, "kind" "price_kind" not null, "old_amount" bigint null, "new_amount" bigint not null, "currency" char(3) not null, "valid_from" timestamptz not null, "valid_to" timestamptz null, "changed_by" uuid null, "reason" text not null default '', primary key ("id"));`,
    );
    this.addSql(`create index "price_changes_organization_id_index" on "price_changes" ("organization_id");`);
    this.addSql(`create index "price_changes_variant_id_kind_valid_from_index" on "price_changes" ("variant_id", "kind", "valid_from");`);

    this.addSql(
      `create table "supplier_offers" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "variant_id" uuid not null, "supplier_id" uuid not null, "supplier_sku" varchar(100) null, "cost_amount" bigint not null, "cost_currency" char(3) not null, "lead_time_days" int null, "minimum_order_quantity" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "supplier_offers_organization_id_index" on "supplier_offers" ("organization_id");`);
    this.addSql(`create index "supplier_offers_variant_id_index" on "supplier_offers" ("variant_id");`);
    this.addSql(`create index "supplier_offers_supplier_id_index" on "supplier_offers" ("supplier_id");`);
    this.addSql(`alter table "supplier_offers" add constraint "supplier_offers_variant_id_supplier_id_unique" unique ("variant_id", "supplier_id");`);

    this.addSql(
      `create table "warehouses" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(200) not null, "code" varchar(50) not null, "address" text null, "active" boolean not null default true, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "warehouses_organization_id_index" on "warehouses" ("organization_id");`);
    this.addSql(`alter table "warehouses" add constraint "warehouses_organization_id_code_unique" unique ("organization_id", "code");`);

    this.addSql(
      `create table "stock_movements" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "variant_id" uuid not null, "warehouse_id" uuid not null, "type" "stock_movement_type" not null, "on_hand_delta" int not null, "reserved_delta" int not null, "reason" text not null default '', "reference" varchar(200) null, "created_by" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "stock_movements_organization_id_index" on "stock_movements" ("organization_id");`);
    this.addSql(`create index "stock_movements_warehouse_id_index" on "stock_movements" ("warehouse_id");`);
    this.addSql(
      `create index "stock_movements_variant_id_warehouse_id_created_at_index" on "stock_movements" ("variant_id", "warehouse_id", "created_at");`,
    );

    this.addSql(
      `create table "stock_levels" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "variant_id" uuid not null, "warehouse_id" uuid not null, "on_hand" int not null default 0, "reserved" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create index "stock_levels_organization_id_index" on "stock_levels" ("organization_id");`);
    this.addSql(`create index "stock_levels_variant_id_index" on "stock_levels" ("variant_id");`);
    this.addSql(`create index "stock_levels_warehouse_id_index" on "stock_levels" ("warehouse_id");`);
    this.addSql(`alter table "stock_levels" add constraint "stock_levels_variant_id_warehouse_id_unique" unique ("variant_id", "warehouse_id");`);

    this.addSql(
      `alter table "suppliers" add constraint "suppliers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "products" add constraint "products_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "products" add constraint "products_default_supplier_id_foreign" foreign key ("default_supplier_id") references "suppliers" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "product_variants" add constraint "product_variants_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "product_variants" add constraint "product_variants_product_id_foreign" foreign key ("product_id") references "products" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "product_variants" add constraint "product_variants_same_currency" check (list_price_currency = unit_cost_currency);`);
    this.addSql(
      `alter table "product_variants" add constraint "product_variants_prices_non_negative" check (list_price_amount >= 0 and unit_cost_amount >= 0);`,
    );

    this.addSql(
      `alter table "price_changes" add constraint "price_changes_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "price_changes" add constraint "price_changes_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_supplier_id_foreign" foreign key ("supplier_id") references "suppliers" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "warehouses" add constraint "warehouses_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouses" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouses" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_quantities_valid" check (on_hand >= 0 and reserved >= 0 and reserved <= on_hand);`,
    );

    for (const table of TENANT_TABLES) this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);
    // The ledger and the levels change only together, through these functions (run as the owner,
    // checking the organization themselves): the request role can read both and write neither.
    this.addSql(`revoke insert, update, delete on stock_movements, stock_levels from simplycrm_app;`);
    this.addSql(`create or replace function simplycrm_apply_stock_movement(p_organization uuid, p_variant uuid, p_warehouse uuid, p_type stock_movement_type,
        p_on_hand integer, p_reserved integer, p_reason text, p_reference text)
      returns table (on_hand integer, reserved integer)
      language plpgsql security definer set search_path = public, pg_temp as $fn$
      declare
        org uuid := nullif(current_setting('app.organization_id', true), '')::uuid;
        who uuid := nullif(current_setting('app.user_id', true), '')::uuid;
      begin
        if org is null or p_organization is distinct from org
           or not exists (select 1 from product_variants v where v.id = p_variant and v.organization_id = org)
           or not exists (select 1 from warehouses w where w.id = p_warehouse and w.organization_id = org) then
          raise exception 'variant % or warehouse % is not in this organization', p_variant, p_warehouse using errcode = '42501';
        end if;
        insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
        values (gen_random_uuid(), now(), now(), org, p_variant, p_warehouse, 0, 0) on conflict (variant_id, warehouse_id) do nothing;
        -- One conditional update: concurrent movements serialise on the row and none can oversell.
        return query update stock_levels s set on_hand = s.on_hand + p_on_hand, reserved = s.reserved + p_reserved, updated_at = now()
          where s.variant_id = p_variant and s.warehouse_id = p_warehouse
            and s.on_hand + p_on_hand >= 0 and s.reserved + p_reserved >= 0 and s.reserved + p_reserved <= s.on_hand + p_on_hand
          returning s.on_hand, s.reserved;
        if not found then
          return; -- refused: nothing written, the caller reports INSUFFICIENT_STOCK
        end if;
        insert into stock_movements (id, created_at, updated_at, organization_id, variant_id, warehouse_id, type, on_hand_delta, reserved_delta, reason, reference, created_by)
        values (gen_random_uuid(), now(), now(), org, p_variant, p_warehouse, p_type, p_on_hand, p_reserved, coalesce(p_reason, ''), p_reference, who);
      end
      $fn$;`);
    this.addSql(`create or replace function simplycrm_lock_stock_levels(p_organization uuid, p_variant uuid, p_warehouses uuid[]) returns void
      language plpgsql security definer set search_path = public, pg_temp as $fn$
      declare org uuid := nullif(current_setting('app.organization_id', true), '')::uuid;
      begin
        if org is null or p_organization is distinct from org or not exists (select 1 from product_variants v where v.id = p_variant and v.organization_id = org) then
          raise exception 'variant % is not in this organization', p_variant using errcode = '42501';
        end if;
        insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
        select gen_random_uuid(), now(), now(), org, p_variant, w.id, 0, 0
        from warehouses w where w.id = any(p_warehouses) and w.organization_id = org
        on conflict (variant_id, warehouse_id) do nothing;
        -- Always in warehouse order, so opposite transfers wait for each other instead of deadlocking.
        perform 1 from stock_levels s where s.variant_id = p_variant and s.warehouse_id = any(p_warehouses) and s.organization_id = org
          order by s.warehouse_id for update;
      end
      $fn$;`);
    this.addSql(
      `revoke all on function simplycrm_apply_stock_movement(uuid, uuid, uuid, stock_movement_type, integer, integer, text, text) from public;`,
    );
    this.addSql(`revoke all on function simplycrm_lock_stock_levels(uuid, uuid, uuid[]) from public;`);
    this.addSql(
      `grant execute on function simplycrm_apply_stock_movement(uuid, uuid, uuid, stock_movement_type, integer, integer, text, text) to simplycrm_app;`,
    );
    this.addSql(`grant execute on function simplycrm_lock_stock_levels(uuid, uuid, uuid[]) to simplycrm_app;`);
    this.addSql(`revoke insert, update, delete on price_changes from simplycrm_app;`);

    this.addSql(`create or replace function simplycrm_record_price_change() returns trigger
      language plpgsql security definer set search_path = public, pg_temp as $fn$
      declare
        at timestamptz := coalesce(nullif(current_setting('app.price_effective_at', true), '')::timestamptz, now());
        who uuid := nullif(current_setting('app.user_id', true), '')::uuid;
        why text := coalesce(current_setting('app.price_change_reason', true), '');
      begin
        if tg_op = 'UPDATE' and exists (select 1 from price_changes where variant_id = new.id and valid_to is null and valid_from > at) then
          raise exception 'price change effective at % predates the current price of variant %', at, new.id using errcode = '22023';
        end if;
        if tg_op = 'INSERT' or new.list_price_amount is distinct from old.list_price_amount or new.list_price_currency is distinct from old.list_price_currency then
          update price_changes set valid_to = at, updated_at = now() where variant_id = new.id and kind = 'list_price' and valid_to is null;
          insert into price_changes (id, created_at, updated_at, organization_id, variant_id, kind, old_amount, new_amount, currency, valid_from, changed_by, reason)
          values (gen_random_uuid(), now(), now(), new.organization_id, new.id, 'list_price',
                  case when tg_op = 'UPDATE' then old.list_price_amount end, new.list_price_amount, new.list_price_currency, at, who, why);
        end if;
        if tg_op = 'INSERT' or new.unit_cost_amount is distinct from old.unit_cost_amount or new.unit_cost_currency is distinct from old.unit_cost_currency then
          update price_changes set valid_to = at, updated_at = now() where variant_id = new.id and kind = 'unit_cost' and valid_to is null;
          insert into price_changes (id, created_at, updated_at, organization_id, variant_id, kind, old_amount, new_amount, currency, valid_from, changed_by, reason)
          values (gen_random_uuid(), now(), now(), new.organization_id, new.id, 'unit_cost',
                  case when tg_op = 'UPDATE' then old.unit_cost_amount end, new.unit_cost_amount, new.unit_cost_currency, at, who, why);
        end if;
        return new;
      end
      $fn$;`);
    this.addSql(`revoke all on function simplycrm_record_price_change() from public;`);
    this.addSql(`create trigger product_variants_price_history after insert or update of list_price_amount, list_price_currency, unit_cost_amount, unit_cost_currency
      on product_variants for each row execute function simplycrm_record_price_change();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists product_variants_price_history on product_variants;`);
    this.addSql(`drop function if exists simplycrm_record_price_change();`);
    this.addSql(`drop function if exists simplycrm_apply_stock_movement(uuid, uuid, uuid, stock_movement_type, integer, integer, text, text);`);
    this.addSql(`drop function if exists simplycrm_lock_stock_levels(uuid, uuid, uuid[]);`);
    for (const table of [...TENANT_TABLES].reverse()) this.addSql(`drop table if exists "${table}" cascade;`);
    this.addSql(`drop type if exists "stock_movement_type";`);
    this.addSql(`drop type if exists "price_kind";`);
    this.addSql(`drop type if exists "product_status";`);
  }
}
