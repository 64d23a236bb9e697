import { Migration } from '@mikro-orm/migrations';

/** Domain events (the outbox): a tenant table with row-level security like every other. */
export class Migration20261202113031_DomainEvents extends Migration {
  override name = 'Migration20261202113031_DomainEvents';

  override up(): void {
    this.addSql(
      `create table "domain_events" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "type" text not null, "subject_type" text not null, "subject_id" uuid not null, "changes" jsonb not null default '{}', "data" jsonb not null default '{}', "actor_kind" text not null, "actor_id" uuid null, "causation_id" uuid null, "depth" int not null default 0, "occurred_at" timestamptz not null, "dispatched_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "domain_events_organization_id_index" on "domain_events" ("organization_id");`);
    this.addSql(`create index "domain_events_organization_id_subject_id_index" on "domain_events" ("organization_id", "subject_id");`);
    this.addSql(`create index "domain_events_organization_id_occurred_at_id_index" on "domain_events" ("organization_id", "occurred_at", "id");`);
    this.addSql(`alter table "domain_events" add constraint "domain_events_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `alter table "domain_events" add constraint "domain_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(`select simplycrm_enable_tenant_rls('domain_events');`);
    // Append-only for requests: an event, once committed, is history (the job relay marks dispatch as the owner).
    this.addSql(`revoke update, delete on "domain_events" from simplycrm_app;`);
  }

  override down(): void {
    this.addSql(`drop table if exists "domain_events" cascade;`);
  }
}
