import { Migration } from '@mikro-orm/migrations';

/** Webhook endpoints (secrets encrypted), deliveries and their attempts; the integrations.webhooks and integrations.imports features. */
export class Migration20261204212333_Webhooks extends Migration {
  override name = 'Migration20261204212333_Webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create type "webhook_delivery_status" as enum ('pending', 'succeeded', 'failed');`);
    this.addSql(
      `create table "webhook_endpoints" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "url" text not null, "description" text not null default '', "event_types" jsonb not null default '[]', "enabled" boolean not null default true, "secret_ciphertext" text not null, "previous_secret_ciphertext" text null, "previous_secret_expires_at" timestamptz null, "failing_since" timestamptz null, "disabled_reason" text null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_endpoints_organization_id_index" on "webhook_endpoints" ("organization_id");`);
    this.addSql(
      `create index "webhook_endpoints_organization_id_created_at_id_index" on "webhook_endpoints" ("organization_id", "created_at", "id");`,
    );
    this.addSql(`alter table "webhook_endpoints" add constraint "webhook_endpoints_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "webhook_deliveries" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "endpoint_id" uuid not null, "message_id" text not null, "event_type" text not null, "payload" jsonb not null, "status" "webhook_delivery_status" not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_deliveries_organization_id_index" on "webhook_deliveries" ("organization_id");`);
    this.addSql(`create index "webhook_deliveries_organization_id_created_at_index" on "webhook_deliveries" ("organization_id", "created_at");`);
    this.addSql(
      `create index "webhook_deliveries_organization_id_endpoint_id_cre_07491_index" on "webhook_deliveries" ("organization_id", "endpoint_id", "created_at", "id");`,
    );
    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "webhook_attempts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "delivery_id" uuid not null, "number" int not null, "http_status" int null, "latency_ms" int null, "response_excerpt" text null, "error" text null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_attempts_organization_id_index" on "webhook_attempts" ("organization_id");`);
    this.addSql(
      `create index "webhook_attempts_organization_id_delivery_id_number_index" on "webhook_attempts" ("organization_id", "delivery_id", "number");`,
    );
    this.addSql(`alter table "webhook_attempts" add constraint "webhook_attempts_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `alter table "webhook_endpoints" add constraint "webhook_endpoints_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_endpoint_id_foreign" foreign key ("organization_id", "endpoint_id") references "webhook_endpoints" ("organization_id", "id") on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_attempts" add constraint "webhook_attempts_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_attempts" add constraint "webhook_attempts_delivery_id_foreign" foreign key ("organization_id", "delivery_id") references "webhook_deliveries" ("organization_id", "id") on delete cascade;`,
    );
    for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts'])
      this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);
    // The attempt log is history.
    this.addSql(`revoke update, delete on "webhook_attempts" from simplycrm_app;`);
    // Webhooks and imports, on growth and enterprise (issue 16).
    this.addSql(`insert into feature_flags (id, created_at, updated_at, code, description) values
      (gen_random_uuid(), now(), now(), 'integrations.webhooks', 'Signed webhooks of the organization''s events.'),
      (gen_random_uuid(), now(), now(), 'integrations.imports', 'Import and export jobs and connectors.')
      on conflict (code) do nothing;`);
    this.addSql(`insert into subscription_plan_features (plan_id, feature_flag_id)
      select p.id, f.id from subscription_plans p join feature_flags f on f.code in ('integrations.webhooks', 'integrations.imports') where p.code in ('growth', 'enterprise')
      on conflict do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(
      `delete from subscription_plan_features where feature_flag_id in (select id from feature_flags where code in ('integrations.webhooks', 'integrations.imports'));`,
    );
    this.addSql(`delete from feature_flags where code in ('integrations.webhooks', 'integrations.imports');`);
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints']) this.addSql(`drop table if exists "${table}" cascade;`);
    this.addSql(`drop type if exists "webhook_delivery_status";`);
  }
}
