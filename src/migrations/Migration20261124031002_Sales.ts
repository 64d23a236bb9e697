import { Migration } from '@mikro-orm/migrations';

const TENANT_TABLES = [
  'accounts',
  'contacts',
  'pipelines',
  'pipeline_stages',
  'opportunities',
  'opportunity_lines',
  'opportunity_contact_roles',
  'opportunity_stage_changes',
  'leads',
  'activities',
  'record_changes',
  'orders',
  'order_lines',
  'shipments',
  'shipment_lines',
  'invoices',
  'invoice_lines',
  'payments',
  'document_sequences',
  'idempotency_keys',
];

const TYPES = [
  'subject_type',
  'change_action',
  'account_size',
  'opportunity_status',
  'lead_status',
  'activity_type',
  'order_status',
  'shipment_status',
  'invoice_status',
  'payment_method',
];

/**
 * Sales: accounts, contacts, leads, pipelines, opportunities, activities, orders, shipments,
 * invoices and payments. Besides the tables (generated from the entities):
 * - row-level security on every table; stage history and record changes are append-only;
 * - every organization gets a default pipeline, by trigger when it is created (backfilled here);
 * - issued invoices change only by payments and voiding, enforced by triggers.
 */
export class Migration20261124031002_Sales extends Migration {
  override name = 'Migration20261124031002_Sales';

  override up(): void | Promise<void> {
    this.addSql(`create type "subject_type" as enum ('account', 'contact', 'lead', 'opportunity');`);
    this.addSql(`create type "change_action" as enum ('created', 'updated', 'stage_changed', 'status_changed', 'converted', 'deleted', 'restored');`);
    this.addSql(`create type "account_size" as enum ('micro', 'small', 'medium', 'large', 'enterprise');`);
    this.addSql(`create type "opportunity_status" as enum ('open', 'won', 'lost');`);
    this.addSql(`create type "lead_status" as enum ('new', 'contacted', 'qualified', 'disqualified', 'converted');`);
    this.addSql(`create type "activity_type" as enum ('task', 'call', 'meeting', 'note', 'email');`);
    this.addSql(`create type "order_status" as enum ('draft', 'confirmed', 'partially_fulfilled', 'fulfilled', 'cancelled');`);
    this.addSql(`create type "shipment_status" as enum ('shipped', 'delivered');`);
    this.addSql(`create type "invoice_status" as enum ('draft', 'issued', 'partially_paid', 'paid', 'void', 'overdue');`);
    this.addSql(`create type "payment_method" as enum ('cash', 'card', 'bank_transfer', 'check', 'other');`);
    this.addSql(
      `create table "idempotency_keys" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "operation" varchar(50) not null, "key" varchar(200) not null, "request_hash" char(64) not null, "result_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "idempotency_keys_organization_id_index" on "idempotency_keys" ("organization_id");`);
    this.addSql(
      `alter table "idempotency_keys" add constraint "idempotency_keys_organization_id_operation_key_unique" unique ("organization_id", "operation", "key");`,
    );

    this.addSql(
      `create table "document_sequences" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "kind" varchar(30) not null, "year" int not null, "last_value" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "document_sequences_organization_id_index" on "document_sequences" ("organization_id");`);
    this.addSql(
      `alter table "document_sequences" add constraint "document_sequences_organization_id_kind_year_unique" unique ("organization_id", "kind", "year");`,
    );

    this.addSql(
      `create table "pipelines" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(100) not null, "is_default" boolean not null default false, primary key ("id"));`,
    );
    this.addSql(`create index "pipelines_organization_id_index" on "pipelines" ("organization_id");`);
    this.addSql(`create unique index "pipelines_one_default" on "pipelines" ("organization_id") where "is_default";`);
    this.addSql(`alter table "pipelines" add constraint "pipelines_organization_id_name_unique" unique ("organization_id", "name");`);

    this.addSql(
      `create table "pipeline_stages" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "pipeline_id" uuid not null, "name" varchar(100) not null, "position" int not null, "probability" int not null, "is_won" boolean not null default false, "is_closed" boolean not null default false, primary key ("id"));`,
    );
    this.addSql(`create index "pipeline_stages_organization_id_index" on "pipeline_stages" ("organization_id");`);
    this.addSql(`create index "pipeline_stages_pipeline_id_index" on "pipeline_stages" ("pipeline_id");`);
    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_pipeline_id_name_unique" unique ("pipeline_id", "name");`);

    this.addSql(
      `create table "record_changes" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "subject_type" "subject_type" not null, "subject_id" uuid not null, "action" "change_action" not null, "changes" jsonb not null default '{}', "at" timestamptz not null, "actor_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "record_changes_organization_id_index" on "record_changes" ("organization_id");`);
    this.addSql(`create index "record_changes_subject_id_at_index" on "record_changes" ("subject_id", "at");`);

    this.addSql(
      `create table "accounts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(200) not null, "domain" varchar(253) null, "industry" varchar(100) null, "size" "account_size" null, "address" text null, "owner_id" uuid null, "tags" text[] not null default '{}', "external_id" varchar(200) null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "accounts_organization_id_index" on "accounts" ("organization_id");`);
    this.addSql(`create index "accounts_owner_id_index" on "accounts" ("owner_id");`);
    this.addSql(`create index "accounts_organization_id_name_index" on "accounts" ("organization_id", "name");`);
    this.addSql(`alter table "accounts" add constraint "accounts_organization_id_external_id_unique" unique ("organization_id", "external_id");`);

    this.addSql(
      `create table "contacts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null default '', "email" varchar(254) null, "phone" varchar(50) null, "title" varchar(150) null, "account_id" uuid null, "owner_id" uuid null, "marketing_consent" boolean not null default false, "marketing_consent_at" timestamptz null, "external_id" varchar(200) null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "contacts_organization_id_index" on "contacts" ("organization_id");`);
    this.addSql(`create index "contacts_account_id_index" on "contacts" ("account_id");`);
    this.addSql(`create index "contacts_owner_id_index" on "contacts" ("owner_id");`);
    this.addSql(`create index "contacts_organization_id_email_index" on "contacts" ("organization_id", "email");`);
    this.addSql(`alter table "contacts" add constraint "contacts_organization_id_external_id_unique" unique ("organization_id", "external_id");`);

    this.addSql(
      `create table "opportunities" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(200) not null, "account_id" uuid not null, "primary_contact_id" uuid null, "amount_amount" bigint not null, "amount_currency" char(3) not null, "pipeline_id" uuid not null, "stage_id" uuid not null, "status" "opportunity_status" not null default 'open', "probability" int not null, "expected_close_date" date null, "closed_at" timestamptz null, "owner_id" uuid null, "lost_reason" varchar(500) null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "opportunities_organization_id_index" on "opportunities" ("organization_id");`);
    this.addSql(`create index "opportunities_account_id_index" on "opportunities" ("account_id");`);
    this.addSql(`create index "opportunities_primary_contact_id_index" on "opportunities" ("primary_contact_id");`);
    this.addSql(`create index "opportunities_pipeline_id_index" on "opportunities" ("pipeline_id");`);
    this.addSql(`create index "opportunities_stage_id_index" on "opportunities" ("stage_id");`);
    this.addSql(`create index "opportunities_owner_id_index" on "opportunities" ("owner_id");`);
    this.addSql(`create index "opportunities_organization_id_status_index" on "opportunities" ("organization_id", "status");`);

    this.addSql(
      `create table "opportunity_stage_changes" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "opportunity_id" uuid not null, "from_stage_id" uuid null, "to_stage_id" uuid not null, "probability" int not null, "amount_amount" bigint not null, "amount_currency" char(3) not null, "changed_at" timestamptz not null, "changed_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "opportunity_stage_changes_organization_id_index" on "opportunity_stage_changes" ("organization_id");`);
    this.addSql(`create index "opportunity_stage_changes_from_stage_id_index" on "opportunity_stage_changes" ("from_stage_id");`);
    this.addSql(`create index "opportunity_stage_changes_to_stage_id_index" on "opportunity_stage_changes" ("to_stage_id");`);
    this.addSql(
      `create index "opportunity_stage_changes_opportunity_id_changed_at_index" on "opportunity_stage_changes" ("opportunity_id", "changed_at");`,
    );

    this.addSql(
      `create table "opportunity_lines" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "opportunity_id" uuid not null, "variant_id" uuid not null, "position" int not null, "quantity" int not null, "unit_price_amount" bigint not null, "unit_price_currency" char(3) not null, primary key ("id"));`,
    );
    this.addSql(`create index "opportunity_lines_organization_id_index" on "opportunity_lines" ("organization_id");`);
    this.addSql(`create index "opportunity_lines_opportunity_id_index" on "opportunity_lines" ("opportunity_id");`);
    this.addSql(`create index "opportunity_lines_variant_id_index" on "opportunity_lines" ("variant_id");`);

    this.addSql(
      `create table "opportunity_contact_roles" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "opportunity_id" uuid not null, "contact_id" uuid not null, "role" varchar(100) not null, primary key ("id"));`,
    );
    this.addSql(`create index "opportunity_contact_roles_organization_id_index" on "opportunity_contact_roles" ("organization_id");`);
    this.addSql(`create index "opportunity_contact_roles_opportunity_id_index" on "opportunity_contact_roles" ("opportunity_id");`);
    this.addSql(`create index "opportunity_contact_roles_contact_id_index" on "opportunity_contact_roles" ("contact_id");`);
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_opportunity_id_contact_id_unique" unique ("opportunity_id", "contact_id");`,
    );

    this.addSql(
      `create table "leads" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null default '', "company" varchar(200) null, "email" varchar(254) null, "phone" varchar(50) null, "source" varchar(100) null, "status" "lead_status" not null default 'new', "score" int not null default 0, "owner_id" uuid null, "notes" text not null default '', "converted_at" timestamptz null, "converted_account_id" uuid null, "converted_contact_id" uuid null, "converted_opportunity_id" uuid null, "deleted_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "leads_organization_id_index" on "leads" ("organization_id");`);
    this.addSql(`create index "leads_owner_id_index" on "leads" ("owner_id");`);

    this.addSql(
      `create table "activities" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "type" "activity_type" not null, "subject" varchar(300) not null, "body" text not null default '', "due_at" timestamptz null, "completed_at" timestamptz null, "owner_id" uuid null, "created_by_id" uuid null, "lead_id" uuid null, "contact_id" uuid null, "account_id" uuid null, "opportunity_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "activities_organization_id_index" on "activities" ("organization_id");`);
    this.addSql(`create index "activities_owner_id_index" on "activities" ("owner_id");`);
    this.addSql(`create index "activities_lead_id_index" on "activities" ("lead_id");`);
    this.addSql(`create index "activities_contact_id_index" on "activities" ("contact_id");`);
    this.addSql(`create index "activities_account_id_index" on "activities" ("account_id");`);
    this.addSql(`create index "activities_opportunity_id_index" on "activities" ("opportunity_id");`);
    this.addSql(`create index "activities_organization_id_due_at_index" on "activities" ("organization_id", "due_at");`);

    this.addSql(
      `create table "orders" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "number" varchar(30) not null, "account_id" uuid not null, "contact_id" uuid null, "opportunity_id" uuid null, "warehouse_id" uuid null, "currency" char(3) not null, "status" "order_status" not null default 'draft', "discount_amount" bigint not null default '0', "tax_rate_bps" int not null default 0, "subtotal_amount" bigint not null default '0', "discount_total_amount" bigint not null default '0', "tax_total_amount" bigint not null default '0', "total_amount" bigint not null default '0', "notes" text not null default '', "ordered_at" timestamptz not null, "confirmed_at" timestamptz null, "fulfilled_at" timestamptz null, "cancelled_at" timestamptz null, "created_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "orders_organization_id_index" on "orders" ("organization_id");`);
    this.addSql(`create index "orders_account_id_index" on "orders" ("account_id");`);
    this.addSql(`create index "orders_opportunity_id_index" on "orders" ("opportunity_id");`);
    this.addSql(`create index "orders_organization_id_ordered_at_index" on "orders" ("organization_id", "ordered_at");`);
    this.addSql(`alter table "orders" add constraint "orders_organization_id_number_unique" unique ("organization_id", "number");`);

    this.addSql(
      `create table "shipments" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "order_id" uuid not null, "warehouse_id" uuid not null, "carrier" varchar(100) null, "tracking_number" varchar(100) null, "status" "shipment_status" not null default 'shipped', "shipped_at" timestamptz not null, "delivered_at" timestamptz null, "created_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "shipments_organization_id_index" on "shipments" ("organization_id");`);
    this.addSql(`create index "shipments_order_id_index" on "shipments" ("order_id");`);

    this.addSql(
      `create table "order_lines" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "order_id" uuid not null, "position" int not null, "variant_id" uuid not null, "sku" varchar(100) not null, "description" varchar(600) not null, "quantity" int not null, "currency" char(3) not null, "unit_price_amount" bigint not null, "list_price_amount" bigint not null, "price_override_reason" varchar(500) null, "discount_bps" int not null default 0, "tax_rate_bps" int not null default 0, "tax_rate_from_order" boolean not null default true, "subtotal_amount" bigint not null default '0', "order_discount_amount" bigint not null default '0', "discount_amount" bigint not null default '0', "tax_amount" bigint not null default '0', "total_amount" bigint not null default '0', "quantity_shipped" int not null default 0, "quantity_invoiced" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create index "order_lines_organization_id_index" on "order_lines" ("organization_id");`);
    this.addSql(`create index "order_lines_order_id_index" on "order_lines" ("order_id");`);
    this.addSql(`create index "order_lines_variant_id_index" on "order_lines" ("variant_id");`);
    this.addSql(`alter table "order_lines" add constraint "order_lines_order_id_position_unique" unique ("order_id", "position");`);

    this.addSql(
      `create table "shipment_lines" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "shipment_id" uuid not null, "order_line_id" uuid not null, "quantity" int not null, primary key ("id"));`,
    );
    this.addSql(`create index "shipment_lines_organization_id_index" on "shipment_lines" ("organization_id");`);
    this.addSql(`create index "shipment_lines_shipment_id_index" on "shipment_lines" ("shipment_id");`);
    this.addSql(`create index "shipment_lines_order_line_id_index" on "shipment_lines" ("order_line_id");`);

    this.addSql(
      `create table "invoices" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "number" varchar(30) null, "order_id" uuid not null, "account_id" uuid not null, "currency" char(3) not null, "status" "invoice_status" not null default 'draft', "issued_at" timestamptz null, "due_date" date not null, "subtotal_amount" bigint not null default '0', "discount_total_amount" bigint not null default '0', "tax_total_amount" bigint not null default '0', "total_amount" bigint not null default '0', "amount_paid" bigint not null default '0', "paid_at" timestamptz null, "voided_at" timestamptz null, "void_reason" varchar(500) null, "notes" text not null default '', "created_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "invoices_organization_id_index" on "invoices" ("organization_id");`);
    this.addSql(`create index "invoices_order_id_index" on "invoices" ("order_id");`);
    this.addSql(`create index "invoices_account_id_index" on "invoices" ("account_id");`);
    this.addSql(`create index "invoices_organization_id_status_due_date_index" on "invoices" ("organization_id", "status", "due_date");`);
    this.addSql(`alter table "invoices" add constraint "invoices_organization_id_number_unique" unique ("organization_id", "number");`);

    this.addSql(
      `create table "payments" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "invoice_id" uuid not null, "amount" bigint not null, "currency" char(3) not null, "method" "payment_method" not null, "paid_at" timestamptz not null, "reference" varchar(200) null, "recorded_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "payments_organization_id_index" on "payments" ("organization_id");`);
    this.addSql(`create index "payments_invoice_id_index" on "payments" ("invoice_id");`);

    this.addSql(
      `create table "invoice_lines" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "invoice_id" uuid not null, "order_line_id" uuid not null, "position" int not null, "description" varchar(600) not null, "quantity" int not null, "currency" char(3) not null, "unit_price_amount" bigint not null, "subtotal_amount" bigint not null, "discount_amount" bigint not null, "tax_amount" bigint not null, "total_amount" bigint not null, primary key ("id"));`,
    );
    this.addSql(`create index "invoice_lines_organization_id_index" on "invoice_lines" ("organization_id");`);
    this.addSql(`create index "invoice_lines_invoice_id_index" on "invoice_lines" ("invoice_id");`);
    this.addSql(`create index "invoice_lines_order_line_id_index" on "invoice_lines" ("order_line_id");`);

    this.addSql(
      `alter table "idempotency_keys" add constraint "idempotency_keys_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "document_sequences" add constraint "document_sequences_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "pipelines" add constraint "pipelines_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "pipeline_stages" add constraint "pipeline_stages_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "pipeline_stages" add constraint "pipeline_stages_pipeline_id_foreign" foreign key ("pipeline_id") references "pipelines" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_won_is_closed" check (not is_won or is_closed);`);
    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_probability_range" check (probability >= 0 and probability <= 100);`);

    this.addSql(
      `alter table "record_changes" add constraint "record_changes_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "record_changes" add constraint "record_changes_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "accounts" add constraint "accounts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "accounts" add constraint "accounts_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "contacts" add constraint "contacts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "contacts" add constraint "contacts_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "contacts" add constraint "contacts_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "opportunities" add constraint "opportunities_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_primary_contact_id_foreign" foreign key ("primary_contact_id") references "contacts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_pipeline_id_foreign" foreign key ("pipeline_id") references "pipelines" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_stage_id_foreign" foreign key ("stage_id") references "pipeline_stages" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(`alter table "opportunities" add constraint "opportunities_amount_non_negative" check (amount_amount >= 0);`);
    this.addSql(`alter table "opportunities" add constraint "opportunities_probability_range" check (probability >= 0 and probability <= 100);`);

    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_opportunity_id_foreign" foreign key ("opportunity_id") references "opportunities" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_from_stage_id_foreign" foreign key ("from_stage_id") references "pipeline_stages" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_to_stage_id_foreign" foreign key ("to_stage_id") references "pipeline_stages" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_changed_by_id_foreign" foreign key ("changed_by_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_opportunity_id_foreign" foreign key ("opportunity_id") references "opportunities" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "opportunity_lines" add constraint "opportunity_lines_quantity_positive" check (quantity > 0);`);

    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_opportunity_id_foreign" foreign key ("opportunity_id") references "opportunities" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_contact_id_foreign" foreign key ("contact_id") references "contacts" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "leads" add constraint "leads_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(`alter table "leads" add constraint "leads_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete set null;`);
    this.addSql(
      `alter table "leads" add constraint "leads_converted_account_id_foreign" foreign key ("converted_account_id") references "accounts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_contact_id_foreign" foreign key ("converted_contact_id") references "contacts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_opportunity_id_foreign" foreign key ("converted_opportunity_id") references "opportunities" ("id") on delete set null;`,
    );
    this.addSql(`alter table "leads" add constraint "leads_score_range" check (score >= 0 and score <= 100);`);

    this.addSql(
      `alter table "activities" add constraint "activities_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_lead_id_foreign" foreign key ("lead_id") references "leads" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_contact_id_foreign" foreign key ("contact_id") references "contacts" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_opportunity_id_foreign" foreign key ("opportunity_id") references "opportunities" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_one_subject" check (num_nonnulls(lead_id, contact_id, account_id, opportunity_id) = 1);`,
    );

    this.addSql(
      `alter table "orders" add constraint "orders_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_contact_id_foreign" foreign key ("contact_id") references "contacts" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_opportunity_id_foreign" foreign key ("opportunity_id") references "opportunities" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouses" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_amounts_non_negative" check (discount_amount >= 0 and subtotal_amount >= 0 and total_amount >= 0);`,
    );

    this.addSql(
      `alter table "shipments" add constraint "shipments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_warehouse_id_foreign" foreign key ("warehouse_id") references "warehouses" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "order_lines" add constraint "order_lines_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_variant_id_foreign" foreign key ("variant_id") references "product_variants" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_rates" check (discount_bps >= 0 and discount_bps <= 10000 and tax_rate_bps >= 0 and tax_rate_bps <= 100000);`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_quantities" check (quantity > 0 and quantity_shipped >= 0 and quantity_shipped <= quantity and quantity_invoiced >= 0 and quantity_invoiced <= quantity);`,
    );

    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_shipment_id_foreign" foreign key ("shipment_id") references "shipments" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_order_line_id_foreign" foreign key ("order_line_id") references "order_lines" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "shipment_lines" add constraint "shipment_lines_quantity_positive" check (quantity > 0);`);

    this.addSql(
      `alter table "invoices" add constraint "invoices_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_order_id_foreign" foreign key ("order_id") references "orders" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(`alter table "invoices" add constraint "invoices_paid_within_total" check (amount_paid >= 0 and amount_paid <= total_amount);`);

    this.addSql(
      `alter table "payments" add constraint "payments_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_invoice_id_foreign" foreign key ("invoice_id") references "invoices" ("id") on delete restrict;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_recorded_by_id_foreign" foreign key ("recorded_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(`alter table "payments" add constraint "payments_amount_positive" check (amount > 0);`);

    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_invoice_id_foreign" foreign key ("invoice_id") references "invoices" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_order_line_id_foreign" foreign key ("order_line_id") references "order_lines" ("id") on delete restrict;`,
    );
    this.addSql(`alter table "invoice_lines" add constraint "invoice_lines_quantity_positive" check (quantity > 0);`);

    for (const table of TENANT_TABLES) this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);
    // Stage history and record changes are append-only for the request role.
    this.addSql(`revoke update, delete on opportunity_stage_changes, record_changes from simplycrm_app;`);
    // Money records are never deleted (invoices are voided); payments and invoice lines never change.
    this.addSql(`revoke delete on invoices, document_sequences from simplycrm_app;`);
    this.addSql(`revoke update, delete on payments, invoice_lines from simplycrm_app;`);

    // Every organization has a default pipeline: created with the organization, backfilled here.
    this.addSql(`create or replace function simplycrm_create_default_pipeline(p_organization uuid) returns void
      language plpgsql as $fn$
      declare pipeline uuid := gen_random_uuid();
      begin
        insert into pipelines (id, created_at, updated_at, organization_id, name, is_default)
        values (pipeline, now(), now(), p_organization, 'Sales', true);
        insert into pipeline_stages (id, created_at, updated_at, organization_id, pipeline_id, name, position, probability, is_won, is_closed)
        select gen_random_uuid(), now(), now(), p_organization, pipeline, s.name, s.position, s.probability, s.won, s.closed
        from (values ('Prospecting', 0, 10, false, false), ('Qualification', 1, 25, false, false), ('Proposal', 2, 50, false, false),
                     ('Negotiation', 3, 75, false, false), ('Closed Won', 4, 100, true, true), ('Closed Lost', 5, 0, false, true))
          as s(name, position, probability, won, closed);
      end $fn$;`);
    this.addSql(`create or replace function simplycrm_organization_default_pipeline() returns trigger
      language plpgsql as $fn$ begin perform simplycrm_create_default_pipeline(new.id); return new; end $fn$;`);
    this.addSql(`create trigger organizations_default_pipeline after insert on organizations
      for each row execute function simplycrm_organization_default_pipeline();`);
    this.addSql(`select simplycrm_create_default_pipeline(o.id) from organizations o
      where not exists (select 1 from pipelines p where p.organization_id = o.id and p.is_default);`);

    // Issued invoices are immutable except for payments and voiding, whatever writes to them.
    this.addSql(`create or replace function simplycrm_guard_issued_invoice() returns trigger
      language plpgsql as $fn$
      declare
        label text := coalesce(old.number, old.id::text);
      begin
        if old.status = 'draft' then
          return new;
        end if;
        if old.status in ('void', 'paid') then
          raise exception 'invoice % is %: it cannot change', label, old.status using errcode = '55000';
        end if;
        if new.number is distinct from old.number or new.order_id is distinct from old.order_id
            or new.account_id is distinct from old.account_id or new.currency is distinct from old.currency
            or new.issued_at is distinct from old.issued_at or new.due_date is distinct from old.due_date
            or new.subtotal_amount is distinct from old.subtotal_amount or new.discount_total_amount is distinct from old.discount_total_amount
            or new.tax_total_amount is distinct from old.tax_total_amount or new.total_amount is distinct from old.total_amount
            or new.notes is distinct from old.notes then
          raise exception 'invoice % is issued: only payments and voiding may change it', label using errcode = '55000';
        end if;
        -- What was paid only grows, equals the recorded payments, and decides the status.
        if new.amount_paid < old.amount_paid
            or new.amount_paid <> (select coalesce(sum(p.amount), 0) from payments p where p.invoice_id = new.id)
            or new.status not in ('issued', 'partially_paid', 'paid', 'void')
            or (new.status in ('issued', 'void') and new.amount_paid <> 0)
            or (new.status = 'partially_paid' and not (new.amount_paid > 0 and new.amount_paid < new.total_amount))
            or (new.status = 'paid' and new.amount_paid <> new.total_amount) then
          raise exception 'invoice %: status % does not match the payments', label, new.status using errcode = '55000';
        end if;
        return new;
      end $fn$;`);
    this.addSql(`create trigger invoices_guard_issued before update on invoices for each row execute function simplycrm_guard_issued_invoice();`);
    this.addSql(`create or replace function simplycrm_guard_issued_invoice_lines() returns trigger
      language plpgsql as $fn$
      begin
        if exists (select 1 from invoices i where i.id = coalesce(new.invoice_id, old.invoice_id) and i.status <> 'draft') then
          raise exception 'invoice lines of an issued invoice cannot change' using errcode = '55000';
        end if;
        return coalesce(new, old);
      end $fn$;`);
    this.addSql(`create trigger invoice_lines_guard_issued before insert or update or delete on invoice_lines
      for each row execute function simplycrm_guard_issued_invoice_lines();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists organizations_default_pipeline on organizations;`);
    this.addSql(`drop function if exists simplycrm_organization_default_pipeline();`);
    this.addSql(`drop function if exists simplycrm_create_default_pipeline(uuid);`);
    this.addSql(`drop function if exists simplycrm_guard_issued_invoice() cascade;`);
    this.addSql(`drop function if exists simplycrm_guard_issued_invoice_lines() cascade;`);
    for (const table of [...TENANT_TABLES].reverse()) this.addSql(`drop table if exists "${table}" cascade;`);
    for (const type of TYPES) this.addSql(`drop type if exists "${type}";`);
  }
}
