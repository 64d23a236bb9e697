import { Migration } from '@mikro-orm/migrations';

/**
 * The job backbone's tables: handler receipts (idempotence) and dead letters (failedJobs), both tenant
 * tables with row-level security; invoices' overdue mark; the dispatcher's partial indexes. pg-boss
 * installs its own schema (pgboss) at start; the request role is granted nothing there.
 */
export class Migration20261203063353_Jobs extends Migration {
  override name = 'Migration20261203063353_Jobs';

  override up(): void {
    this.addSql(
      `create table "failed_jobs" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "queue" text not null, "job_id" uuid not null, "event_id" uuid null, "data" jsonb not null, "error" text not null, "attempts" int not null, "failed_at" timestamptz not null, "state" text not null default 'dead', "retry_requested_at" timestamptz null, "retried_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "failed_jobs_organization_id_index" on "failed_jobs" ("organization_id");`);
    this.addSql(`create index "failed_jobs_organization_id_failed_at_id_index" on "failed_jobs" ("organization_id", "failed_at", "id");`);
    this.addSql(`alter table "failed_jobs" add constraint "failed_jobs_organization_id_job_id_unique" unique ("organization_id", "job_id");`);
    this.addSql(`alter table "failed_jobs" add constraint "failed_jobs_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "handled_events" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "handler" text not null, "event_id" uuid not null, primary key ("id"));`,
    );
    this.addSql(`create index "handled_events_organization_id_index" on "handled_events" ("organization_id");`);
    this.addSql(
      `alter table "handled_events" add constraint "handled_events_organization_id_handler_event_id_unique" unique ("organization_id", "handler", "event_id");`,
    );
    this.addSql(`alter table "handled_events" add constraint "handled_events_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(`alter table "invoices" add "overdue_at" timestamptz null;`);

    this.addSql(
      `alter table "failed_jobs" add constraint "failed_jobs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "handled_events" add constraint "handled_events_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "handled_events" add constraint "handled_events_event_id_foreign" foreign key ("organization_id", "event_id") references "domain_events" ("organization_id", "id") on delete cascade;`,
    );

    this.addSql(`select simplycrm_enable_tenant_rls('handled_events');`);
    this.addSql(`select simplycrm_enable_tenant_rls('failed_jobs');`);
    // Receipts are history: a request may not forge or erase one (only jobs, as the organization, write them).
    this.addSql(`revoke update, delete on "handled_events" from simplycrm_app;`);
    // Platform administrators' requests (app.platform_admin = on) see and retry every organization's dead jobs.
    this.addSql(
      `create policy platform_read on "failed_jobs" for select to simplycrm_app using (current_setting('app.platform_admin', true) = 'on');`,
    );
    this.addSql(
      `create policy platform_retry on "failed_jobs" for update to simplycrm_app using (current_setting('app.platform_admin', true) = 'on') with check (current_setting('app.platform_admin', true) = 'on');`,
    );
    // The dispatcher's scan for events not yet handed to jobs.
    this.addSql(`create index "domain_events_undispatched_index" on "domain_events" ("id") where "dispatched_at" is null;`);
    this.addSql(`create index "failed_jobs_retry_requested_index" on "failed_jobs" ("retry_requested_at") where "state" = 'retry_requested';`);
  }

  override down(): void {
    this.addSql(`drop index if exists "domain_events_undispatched_index";`);
    this.addSql(`drop table if exists "failed_jobs" cascade;`);
    this.addSql(`drop table if exists "handled_events" cascade;`);
    this.addSql(`alter table "invoices" drop column "overdue_at";`);
  }
}
