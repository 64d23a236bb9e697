import { Migration } from '@mikro-orm/migrations';

/** Campaigns and their recipients, marketing consent on leads (and its source and unsubscription on contacts), each organization's signing key. */
export class Migration20261204205240_Campaigns extends Migration {
  override name = 'Migration20261204205240_Campaigns';

  override up(): void | Promise<void> {
    this.addSql(`create type "campaign_audience_type" as enum ('contact', 'lead');`);
    this.addSql(`create type "campaign_status" as enum ('draft', 'scheduled', 'sending', 'sent', 'cancelled');`);
    this.addSql(`create type "campaign_recipient_status" as enum ('queued', 'sent', 'failed', 'bounced', 'unsubscribed', 'skipped');`);
    this.addSql(
      `create table "campaigns" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(200) not null, "audience_type" "campaign_audience_type" not null, "audience" jsonb null, "subject" text not null, "text_body" text not null, "html_body" text null, "status" "campaign_status" not null default 'draft', "scheduled_at" timestamptz null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "campaigns_organization_id_index" on "campaigns" ("organization_id");`);
    this.addSql(`create index "campaigns_organization_id_created_at_id_index" on "campaigns" ("organization_id", "created_at", "id");`);
    this.addSql(`alter table "campaigns" add constraint "campaigns_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "campaign_recipients" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "campaign_id" uuid not null, "subject_type" text not null, "subject_id" uuid not null, "email" varchar(254) null, "status" "campaign_recipient_status" not null default 'queued', "error" text null, "sent_at" timestamptz null, "unsubscribed_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "campaign_recipients_organization_id_index" on "campaign_recipients" ("organization_id");`);
    this.addSql(
      `create index "campaign_recipients_organization_id_campaign_id_status_index" on "campaign_recipients" ("organization_id", "campaign_id", "status");`,
    );
    this.addSql(
      `alter table "campaign_recipients" add constraint "campaign_recipients_organization_id_campaign_id_s_0b5f3_unique" unique ("organization_id", "campaign_id", "subject_id");`,
    );
    this.addSql(`alter table "campaign_recipients" add constraint "campaign_recipients_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `alter table "organizations" add "signing_secret" text not null default encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex');`,
    );

    this.addSql(`alter table "contacts" add "marketing_consent_source" varchar(100) null, add "unsubscribed_at" timestamptz null;`);

    this.addSql(
      `alter table "leads" add "marketing_consent" boolean not null default false, add "marketing_consent_at" timestamptz null, add "marketing_consent_source" varchar(100) null, add "unsubscribed_at" timestamptz null;`,
    );

    this.addSql(
      `alter table "campaigns" add constraint "campaigns_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "campaigns" add constraint "campaigns_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "campaign_recipients" add constraint "campaign_recipients_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "campaign_recipients" add constraint "campaign_recipients_campaign_id_foreign" foreign key ("organization_id", "campaign_id") references "campaigns" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(`select simplycrm_enable_tenant_rls('campaigns');`);
    this.addSql(`select simplycrm_enable_tenant_rls('campaign_recipients');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "campaign_recipients" cascade;`);
    this.addSql(`drop table if exists "campaigns" cascade;`);
    this.addSql(`alter table "organizations" drop column if exists "signing_secret";`);
    this.addSql(`alter table "contacts" drop column if exists "marketing_consent_source", drop column if exists "unsubscribed_at";`);
    this.addSql(
      `alter table "leads" drop column if exists "marketing_consent", drop column if exists "marketing_consent_at", drop column if exists "marketing_consent_source", drop column if exists "unsubscribed_at";`,
    );
    for (const type of ['campaign_recipient_status', 'campaign_status', 'campaign_audience_type']) this.addSql(`drop type if exists "${type}";`);
  }
}
