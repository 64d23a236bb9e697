import { Migration } from '@mikro-orm/migrations';

/**
 * Tenant-safe keys: every tenant table gets UNIQUE (organization_id, id) and every foreign key
 * between tenant tables becomes composite, (organization_id, x_id) -> x (organization_id, id), so
 * no row can point at another organization's record (src/db/tenant-keys.ts states the rule).
 */
export class Migration20261202112407_TenantKeys extends Migration {
  override name = 'Migration20261202112407_TenantKeys';

  override up(): void {
    this.addSql(`alter table "pipeline_stages" drop constraint "pipeline_stages_pipeline_id_foreign";`);
    this.addSql(`alter table "products" drop constraint "products_default_supplier_id_foreign";`);
    this.addSql(`alter table "product_variants" drop constraint "product_variants_product_id_foreign";`);
    this.addSql(`alter table "price_changes" drop constraint "price_changes_variant_id_foreign";`);
    this.addSql(`alter table "supplier_offers" drop constraint "supplier_offers_supplier_id_foreign";`);
    this.addSql(`alter table "supplier_offers" drop constraint "supplier_offers_variant_id_foreign";`);
    this.addSql(`alter table "assistant_messages" drop constraint "assistant_messages_conversation_id_foreign";`);
    this.addSql(`alter table "contacts" drop constraint "contacts_account_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_account_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_pipeline_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_primary_contact_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_stage_id_foreign";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_from_stage_id_foreign";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_opportunity_id_foreign";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_to_stage_id_foreign";`);
    this.addSql(`alter table "opportunity_lines" drop constraint "opportunity_lines_opportunity_id_foreign";`);
    this.addSql(`alter table "opportunity_lines" drop constraint "opportunity_lines_variant_id_foreign";`);
    this.addSql(`alter table "opportunity_contact_roles" drop constraint "opportunity_contact_roles_contact_id_foreign";`);
    this.addSql(`alter table "opportunity_contact_roles" drop constraint "opportunity_contact_roles_opportunity_id_foreign";`);
    this.addSql(`alter table "leads" drop constraint "leads_converted_account_id_foreign";`);
    this.addSql(`alter table "leads" drop constraint "leads_converted_contact_id_foreign";`);
    this.addSql(`alter table "leads" drop constraint "leads_converted_opportunity_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_account_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_contact_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_lead_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_opportunity_id_foreign";`);
    this.addSql(`alter table "stock_movements" drop constraint "stock_movements_variant_id_foreign";`);
    this.addSql(`alter table "stock_movements" drop constraint "stock_movements_warehouse_id_foreign";`);
    this.addSql(`alter table "stock_levels" drop constraint "stock_levels_variant_id_foreign";`);
    this.addSql(`alter table "stock_levels" drop constraint "stock_levels_warehouse_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_account_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_contact_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_opportunity_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_warehouse_id_foreign";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_order_id_foreign";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_warehouse_id_foreign";`);
    this.addSql(`alter table "order_lines" drop constraint "order_lines_order_id_foreign";`);
    this.addSql(`alter table "order_lines" drop constraint "order_lines_variant_id_foreign";`);
    this.addSql(`alter table "shipment_lines" drop constraint "shipment_lines_order_line_id_foreign";`);
    this.addSql(`alter table "shipment_lines" drop constraint "shipment_lines_shipment_id_foreign";`);
    this.addSql(`alter table "invoices" drop constraint "invoices_account_id_foreign";`);
    this.addSql(`alter table "invoices" drop constraint "invoices_order_id_foreign";`);
    this.addSql(`alter table "payments" drop constraint "payments_invoice_id_foreign";`);
    this.addSql(`alter table "invoice_lines" drop constraint "invoice_lines_invoice_id_foreign";`);
    this.addSql(`alter table "invoice_lines" drop constraint "invoice_lines_order_line_id_foreign";`);
    this.addSql(`alter table "idempotency_keys" add constraint "idempotency_keys_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "document_sequences" add constraint "document_sequences_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "assistant_usage_days" add constraint "assistant_usage_days_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(`alter table "pipelines" add constraint "pipelines_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "pipeline_stages" add constraint "pipeline_stages_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "subscriptions" add constraint "subscriptions_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "suppliers" add constraint "suppliers_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "products" add constraint "products_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "product_variants" add constraint "product_variants_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "price_changes" add constraint "price_changes_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "supplier_offers" add constraint "supplier_offers_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "record_changes" add constraint "record_changes_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "memberships" add constraint "memberships_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "invitations" add constraint "invitations_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "assistant_conversations" add constraint "assistant_conversations_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(`alter table "assistant_messages" add constraint "assistant_messages_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "accounts" add constraint "accounts_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "contacts" add constraint "contacts_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "opportunities" add constraint "opportunities_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(`alter table "opportunity_lines" add constraint "opportunity_lines_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_organization_id_id_unique" unique ("organization_id", "id");`,
    );
    this.addSql(`alter table "leads" add constraint "leads_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "activities" add constraint "activities_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "warehouses" add constraint "warehouses_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "stock_movements" add constraint "stock_movements_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "stock_levels" add constraint "stock_levels_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "orders" add constraint "orders_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "shipments" add constraint "shipments_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "order_lines" add constraint "order_lines_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "shipment_lines" add constraint "shipment_lines_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "invoices" add constraint "invoices_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "payments" add constraint "payments_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(`alter table "invoice_lines" add constraint "invoice_lines_organization_id_id_unique" unique ("organization_id", "id");`);
    this.addSql(
      `alter table "pipeline_stages" add constraint "pipeline_stages_pipeline_id_foreign" foreign key ("organization_id", "pipeline_id") references "pipelines" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "products" add constraint "products_default_supplier_id_foreign" foreign key ("organization_id", "default_supplier_id") references "suppliers" ("organization_id", "id") on delete set null (default_supplier_id);`,
    );
    this.addSql(
      `alter table "product_variants" add constraint "product_variants_product_id_foreign" foreign key ("organization_id", "product_id") references "products" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "price_changes" add constraint "price_changes_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_supplier_id_foreign" foreign key ("organization_id", "supplier_id") references "suppliers" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_conversation_id_foreign" foreign key ("organization_id", "conversation_id") references "assistant_conversations" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "contacts" add constraint "contacts_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete set null (account_id);`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_pipeline_id_foreign" foreign key ("organization_id", "pipeline_id") references "pipelines" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_primary_contact_id_foreign" foreign key ("organization_id", "primary_contact_id") references "contacts" ("organization_id", "id") on delete set null (primary_contact_id);`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_stage_id_foreign" foreign key ("organization_id", "stage_id") references "pipeline_stages" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_from_stage_id_foreign" foreign key ("organization_id", "from_stage_id") references "pipeline_stages" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_opportunity_id_foreign" foreign key ("organization_id", "opportunity_id") references "opportunities" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_to_stage_id_foreign" foreign key ("organization_id", "to_stage_id") references "pipeline_stages" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_opportunity_id_foreign" foreign key ("organization_id", "opportunity_id") references "opportunities" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_contact_id_foreign" foreign key ("organization_id", "contact_id") references "contacts" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_opportunity_id_foreign" foreign key ("organization_id", "opportunity_id") references "opportunities" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_account_id_foreign" foreign key ("organization_id", "converted_account_id") references "accounts" ("organization_id", "id") on delete set null (converted_account_id);`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_contact_id_foreign" foreign key ("organization_id", "converted_contact_id") references "contacts" ("organization_id", "id") on delete set null (converted_contact_id);`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_opportunity_id_foreign" foreign key ("organization_id", "converted_opportunity_id") references "opportunities" ("organization_id", "id") on delete set null (converted_opportunity_id);`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_contact_id_foreign" foreign key ("organization_id", "contact_id") references "contacts" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_lead_id_foreign" foreign key ("organization_id", "lead_id") references "leads" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_opportunity_id_foreign" foreign key ("organization_id", "opportunity_id") references "opportunities" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_warehouse_id_foreign" foreign key ("organization_id", "warehouse_id") references "warehouses" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_warehouse_id_foreign" foreign key ("organization_id", "warehouse_id") references "warehouses" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_contact_id_foreign" foreign key ("organization_id", "contact_id") references "contacts" ("organization_id", "id") on delete set null (contact_id);`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_opportunity_id_foreign" foreign key ("organization_id", "opportunity_id") references "opportunities" ("organization_id", "id") on delete set null (opportunity_id);`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_warehouse_id_foreign" foreign key ("organization_id", "warehouse_id") references "warehouses" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_order_id_foreign" foreign key ("organization_id", "order_id") references "orders" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_warehouse_id_foreign" foreign key ("organization_id", "warehouse_id") references "warehouses" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_order_id_foreign" foreign key ("organization_id", "order_id") references "orders" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_variant_id_foreign" foreign key ("organization_id", "variant_id") references "product_variants" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_order_line_id_foreign" foreign key ("organization_id", "order_line_id") references "order_lines" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_shipment_id_foreign" foreign key ("organization_id", "shipment_id") references "shipments" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_account_id_foreign" foreign key ("organization_id", "account_id") references "accounts" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_order_id_foreign" foreign key ("organization_id", "order_id") references "orders" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_invoice_id_foreign" foreign key ("organization_id", "invoice_id") references "invoices" ("organization_id", "id") on delete restrict;`,
    );
    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_invoice_id_foreign" foreign key ("organization_id", "invoice_id") references "invoices" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_order_line_id_foreign" foreign key ("organization_id", "order_line_id") references "order_lines" ("organization_id", "id") on delete restrict;`,
    );
  }

  override down(): void {
    this.addSql(`alter table "activities" drop constraint "activities_account_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_contact_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_lead_id_foreign";`);
    this.addSql(`alter table "activities" drop constraint "activities_opportunity_id_foreign";`);
    this.addSql(`alter table "assistant_messages" drop constraint "assistant_messages_conversation_id_foreign";`);
    this.addSql(`alter table "contacts" drop constraint "contacts_account_id_foreign";`);
    this.addSql(`alter table "invoice_lines" drop constraint "invoice_lines_invoice_id_foreign";`);
    this.addSql(`alter table "invoice_lines" drop constraint "invoice_lines_order_line_id_foreign";`);
    this.addSql(`alter table "invoices" drop constraint "invoices_account_id_foreign";`);
    this.addSql(`alter table "invoices" drop constraint "invoices_order_id_foreign";`);
    this.addSql(`alter table "leads" drop constraint "leads_converted_account_id_foreign";`);
    this.addSql(`alter table "leads" drop constraint "leads_converted_contact_id_foreign";`);
    this.addSql(`alter table "leads" drop constraint "leads_converted_opportunity_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_account_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_pipeline_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_primary_contact_id_foreign";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_stage_id_foreign";`);
    this.addSql(`alter table "opportunity_contact_roles" drop constraint "opportunity_contact_roles_contact_id_foreign";`);
    this.addSql(`alter table "opportunity_contact_roles" drop constraint "opportunity_contact_roles_opportunity_id_foreign";`);
    this.addSql(`alter table "opportunity_lines" drop constraint "opportunity_lines_opportunity_id_foreign";`);
    this.addSql(`alter table "opportunity_lines" drop constraint "opportunity_lines_variant_id_foreign";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_from_stage_id_foreign";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_opportunity_id_foreign";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_to_stage_id_foreign";`);
    this.addSql(`alter table "order_lines" drop constraint "order_lines_order_id_foreign";`);
    this.addSql(`alter table "order_lines" drop constraint "order_lines_variant_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_account_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_contact_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_opportunity_id_foreign";`);
    this.addSql(`alter table "orders" drop constraint "orders_warehouse_id_foreign";`);
    this.addSql(`alter table "payments" drop constraint "payments_invoice_id_foreign";`);
    this.addSql(`alter table "pipeline_stages" drop constraint "pipeline_stages_pipeline_id_foreign";`);
    this.addSql(`alter table "price_changes" drop constraint "price_changes_variant_id_foreign";`);
    this.addSql(`alter table "product_variants" drop constraint "product_variants_product_id_foreign";`);
    this.addSql(`alter table "products" drop constraint "products_default_supplier_id_foreign";`);
    this.addSql(`alter table "shipment_lines" drop constraint "shipment_lines_order_line_id_foreign";`);
    this.addSql(`alter table "shipment_lines" drop constraint "shipment_lines_shipment_id_foreign";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_order_id_foreign";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_warehouse_id_foreign";`);
    this.addSql(`alter table "stock_levels" drop constraint "stock_levels_variant_id_foreign";`);
    this.addSql(`alter table "stock_levels" drop constraint "stock_levels_warehouse_id_foreign";`);
    this.addSql(`alter table "stock_movements" drop constraint "stock_movements_variant_id_foreign";`);
    this.addSql(`alter table "stock_movements" drop constraint "stock_movements_warehouse_id_foreign";`);
    this.addSql(`alter table "supplier_offers" drop constraint "supplier_offers_supplier_id_foreign";`);
    this.addSql(`alter table "supplier_offers" drop constraint "supplier_offers_variant_id_foreign";`);
    this.addSql(`alter table "idempotency_keys" drop constraint "idempotency_keys_organization_id_id_unique";`);
    this.addSql(`alter table "document_sequences" drop constraint "document_sequences_organization_id_id_unique";`);
    this.addSql(`alter table "assistant_usage_days" drop constraint "assistant_usage_days_organization_id_id_unique";`);
    this.addSql(`alter table "pipelines" drop constraint "pipelines_organization_id_id_unique";`);
    this.addSql(`alter table "pipeline_stages" drop constraint "pipeline_stages_organization_id_id_unique";`);
    this.addSql(`alter table "subscriptions" drop constraint "subscriptions_organization_id_id_unique";`);
    this.addSql(`alter table "suppliers" drop constraint "suppliers_organization_id_id_unique";`);
    this.addSql(`alter table "products" drop constraint "products_organization_id_id_unique";`);
    this.addSql(`alter table "product_variants" drop constraint "product_variants_organization_id_id_unique";`);
    this.addSql(`alter table "price_changes" drop constraint "price_changes_organization_id_id_unique";`);
    this.addSql(`alter table "supplier_offers" drop constraint "supplier_offers_organization_id_id_unique";`);
    this.addSql(`alter table "record_changes" drop constraint "record_changes_organization_id_id_unique";`);
    this.addSql(`alter table "memberships" drop constraint "memberships_organization_id_id_unique";`);
    this.addSql(`alter table "invitations" drop constraint "invitations_organization_id_id_unique";`);
    this.addSql(`alter table "assistant_conversations" drop constraint "assistant_conversations_organization_id_id_unique";`);
    this.addSql(`alter table "assistant_messages" drop constraint "assistant_messages_organization_id_id_unique";`);
    this.addSql(`alter table "accounts" drop constraint "accounts_organization_id_id_unique";`);
    this.addSql(`alter table "contacts" drop constraint "contacts_organization_id_id_unique";`);
    this.addSql(`alter table "opportunities" drop constraint "opportunities_organization_id_id_unique";`);
    this.addSql(`alter table "opportunity_stage_changes" drop constraint "opportunity_stage_changes_organization_id_id_unique";`);
    this.addSql(`alter table "opportunity_lines" drop constraint "opportunity_lines_organization_id_id_unique";`);
    this.addSql(`alter table "opportunity_contact_roles" drop constraint "opportunity_contact_roles_organization_id_id_unique";`);
    this.addSql(`alter table "leads" drop constraint "leads_organization_id_id_unique";`);
    this.addSql(`alter table "activities" drop constraint "activities_organization_id_id_unique";`);
    this.addSql(`alter table "warehouses" drop constraint "warehouses_organization_id_id_unique";`);
    this.addSql(`alter table "stock_movements" drop constraint "stock_movements_organization_id_id_unique";`);
    this.addSql(`alter table "stock_levels" drop constraint "stock_levels_organization_id_id_unique";`);
    this.addSql(`alter table "orders" drop constraint "orders_organization_id_id_unique";`);
    this.addSql(`alter table "shipments" drop constraint "shipments_organization_id_id_unique";`);
    this.addSql(`alter table "order_lines" drop constraint "order_lines_organization_id_id_unique";`);
    this.addSql(`alter table "shipment_lines" drop constraint "shipment_lines_organization_id_id_unique";`);
    this.addSql(`alter table "invoices" drop constraint "invoices_organization_id_id_unique";`);
    this.addSql(`alter table "payments" drop constraint "payments_organization_id_id_unique";`);
    this.addSql(`alter table "invoice_lines" drop constraint "invoice_lines_organization_id_id_unique";`);
    this.addSql(
      `alter table "activities" add constraint "activities_account_id_foreign" foreign key (account_id) references accounts(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "activities" add constraint "activities_contact_id_foreign" foreign key (contact_id) references contacts(id) on delete cascade;`,
    );
    this.addSql(`alter table "activities" add constraint "activities_lead_id_foreign" foreign key (lead_id) references leads(id) on delete cascade;`);
    this.addSql(
      `alter table "activities" add constraint "activities_opportunity_id_foreign" foreign key (opportunity_id) references opportunities(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_conversation_id_foreign" foreign key (conversation_id) references assistant_conversations(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "contacts" add constraint "contacts_account_id_foreign" foreign key (account_id) references accounts(id) on delete set null;`,
    );
    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_invoice_id_foreign" foreign key (invoice_id) references invoices(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "invoice_lines" add constraint "invoice_lines_order_line_id_foreign" foreign key (order_line_id) references order_lines(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "invoices" add constraint "invoices_account_id_foreign" foreign key (account_id) references accounts(id) on delete restrict;`,
    );
    this.addSql(`alter table "invoices" add constraint "invoices_order_id_foreign" foreign key (order_id) references orders(id) on delete restrict;`);
    this.addSql(
      `alter table "leads" add constraint "leads_converted_account_id_foreign" foreign key (converted_account_id) references accounts(id) on delete set null;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_contact_id_foreign" foreign key (converted_contact_id) references contacts(id) on delete set null;`,
    );
    this.addSql(
      `alter table "leads" add constraint "leads_converted_opportunity_id_foreign" foreign key (converted_opportunity_id) references opportunities(id) on delete set null;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_account_id_foreign" foreign key (account_id) references accounts(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_pipeline_id_foreign" foreign key (pipeline_id) references pipelines(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_primary_contact_id_foreign" foreign key (primary_contact_id) references contacts(id) on delete set null;`,
    );
    this.addSql(
      `alter table "opportunities" add constraint "opportunities_stage_id_foreign" foreign key (stage_id) references pipeline_stages(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_contact_id_foreign" foreign key (contact_id) references contacts(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_contact_roles" add constraint "opportunity_contact_roles_opportunity_id_foreign" foreign key (opportunity_id) references opportunities(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_opportunity_id_foreign" foreign key (opportunity_id) references opportunities(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_lines" add constraint "opportunity_lines_variant_id_foreign" foreign key (variant_id) references product_variants(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_from_stage_id_foreign" foreign key (from_stage_id) references pipeline_stages(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_opportunity_id_foreign" foreign key (opportunity_id) references opportunities(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "opportunity_stage_changes" add constraint "opportunity_stage_changes_to_stage_id_foreign" foreign key (to_stage_id) references pipeline_stages(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_order_id_foreign" foreign key (order_id) references orders(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "order_lines" add constraint "order_lines_variant_id_foreign" foreign key (variant_id) references product_variants(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_account_id_foreign" foreign key (account_id) references accounts(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_contact_id_foreign" foreign key (contact_id) references contacts(id) on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_opportunity_id_foreign" foreign key (opportunity_id) references opportunities(id) on delete set null;`,
    );
    this.addSql(
      `alter table "orders" add constraint "orders_warehouse_id_foreign" foreign key (warehouse_id) references warehouses(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "payments" add constraint "payments_invoice_id_foreign" foreign key (invoice_id) references invoices(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "pipeline_stages" add constraint "pipeline_stages_pipeline_id_foreign" foreign key (pipeline_id) references pipelines(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "price_changes" add constraint "price_changes_variant_id_foreign" foreign key (variant_id) references product_variants(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "product_variants" add constraint "product_variants_product_id_foreign" foreign key (product_id) references products(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "products" add constraint "products_default_supplier_id_foreign" foreign key (default_supplier_id) references suppliers(id) on delete set null;`,
    );
    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_order_line_id_foreign" foreign key (order_line_id) references order_lines(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "shipment_lines" add constraint "shipment_lines_shipment_id_foreign" foreign key (shipment_id) references shipments(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_order_id_foreign" foreign key (order_id) references orders(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "shipments" add constraint "shipments_warehouse_id_foreign" foreign key (warehouse_id) references warehouses(id) on delete restrict;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_variant_id_foreign" foreign key (variant_id) references product_variants(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_levels" add constraint "stock_levels_warehouse_id_foreign" foreign key (warehouse_id) references warehouses(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_variant_id_foreign" foreign key (variant_id) references product_variants(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "stock_movements" add constraint "stock_movements_warehouse_id_foreign" foreign key (warehouse_id) references warehouses(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_supplier_id_foreign" foreign key (supplier_id) references suppliers(id) on delete cascade;`,
    );
    this.addSql(
      `alter table "supplier_offers" add constraint "supplier_offers_variant_id_foreign" foreign key (variant_id) references product_variants(id) on delete cascade;`,
    );
  }
}
