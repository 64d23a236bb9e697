import { Migration } from '@mikro-orm/migrations';

/** The built-in reminder rule's definition as of this migration (a later change of it is a new migration and version). */
const BUILT_IN_REMINDER = JSON.stringify({
  name: 'Due activity reminders',
  subjectType: 'Activity',
  triggerKind: 'date_offset',
  eventType: null,
  listenFields: [],
  onlyWhenBecomesTrue: false,
  condition: { completed: false },
  schedule: null,
  dateField: 'dueAt',
  offsetDays: 0,
  actions: [
    {
      type: 'notify',
      kind: 'reminder',
      title: 'Due today: {{ record.subject }}',
      body: '{{ record.body }}',
      to: { kind: 'owner', userId: null, role: null },
    },
  ],
}).replaceAll("'", "''");

export class Migration20261204200709_Automation extends Migration {
  override name = 'Migration20261204200709_Automation';

  override up(): void | Promise<void> {
    this.addSql(
      `create type "automation_subject" as enum ('Lead', 'Contact', 'Account', 'Opportunity', 'Activity', 'Order', 'Invoice', 'ProductVariant');`,
    );
    this.addSql(`create type "automation_trigger_kind" as enum ('event', 'schedule', 'date_offset');`);
    this.addSql(`create type "automation_run_status" as enum ('running', 'waiting', 'succeeded', 'failed', 'stopped', 'skipped');`);
    this.addSql(
      `create type "automation_action_type" as enum ('create_task', 'update_fields', 'assign_owner', 'notify', 'send_email', 'wait', 'stop_if', 'add_to_campaign');`,
    );
    this.addSql(`create type "automation_action_status" as enum ('pending', 'succeeded', 'failed', 'skipped');`);
    this.addSql(
      `create table "job_requests" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "task" text not null, "data" jsonb not null default '{}', "run_after" timestamptz null, "causation_id" uuid null, "depth" int not null default 0, primary key ("id"));`,
    );
    this.addSql(`create index "job_requests_organization_id_index" on "job_requests" ("organization_id");`);
    this.addSql(`create index "job_requests_created_at_index" on "job_requests" ("created_at");`);
    this.addSql(`alter table "job_requests" add constraint "job_requests_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "notifications" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "user_id" uuid not null, "kind" text not null default 'automation', "title" varchar(300) not null, "body" text not null default '', "subject_type" text null, "subject_id" uuid null, "read_at" timestamptz null, "run_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "notifications_organization_id_index" on "notifications" ("organization_id");`);
    this.addSql(`create index "notifications_unread_index" on "notifications" ("organization_id", "user_id") where "read_at" is null;`);
    this.addSql(
      `create index "notifications_organization_id_user_id_created_at_id_index" on "notifications" ("organization_id", "user_id", "created_at", "id");`,
    );
    this.addSql(`alter table "notifications" add constraint "notifications_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "automation_rules" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "name" varchar(200) not null, "description" text not null default '', "enabled" boolean not null default true, "version" int not null default 1, "subject_type" "automation_subject" not null, "trigger_kind" "automation_trigger_kind" not null, "event_type" text null, "listen_fields" jsonb not null default '[]', "only_when_becomes_true" boolean not null default false, "condition" jsonb null, "schedule" text null, "date_field" text null, "offset_days" int null, "actions" jsonb not null default '[]', "built_in" text null, "created_by_id" uuid null, "next_run_at" timestamptz null, "checked_through" date null, "round_robin" jsonb not null default '{}', primary key ("id"));`,
    );
    this.addSql(`create index "automation_rules_organization_id_index" on "automation_rules" ("organization_id");`);
    this.addSql(`create index "automation_rules_organization_id_created_at_id_index" on "automation_rules" ("organization_id", "created_at", "id");`);
    this.addSql(
      `create index "automation_rules_organization_id_trigger_kind_event_type_index" on "automation_rules" ("organization_id", "trigger_kind", "event_type");`,
    );
    this.addSql(
      `alter table "automation_rules" add constraint "automation_rules_organization_id_built_in_unique" unique ("organization_id", "built_in");`,
    );
    this.addSql(`alter table "automation_rules" add constraint "automation_rules_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "automation_runs" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "rule_id" uuid not null, "rule_version" int not null, "run_key" text not null, "trigger_kind" "automation_trigger_kind" not null, "event_id" uuid null, "event_type" text null, "depth" int not null default 0, "subject_type" "automation_subject" not null, "subject_id" uuid not null, "status" "automation_run_status" not null, "reason" text null, "trace" jsonb not null default '{}', "finished_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "automation_runs_organization_id_index" on "automation_runs" ("organization_id");`);
    this.addSql(`create index "automation_runs_organization_id_subject_id_index" on "automation_runs" ("organization_id", "subject_id");`);
    this.addSql(`create index "automation_runs_organization_id_created_at_id_index" on "automation_runs" ("organization_id", "created_at", "id");`);
    this.addSql(
      `create index "automation_runs_organization_id_rule_id_created_at_id_index" on "automation_runs" ("organization_id", "rule_id", "created_at", "id");`,
    );
    this.addSql(
      `alter table "automation_runs" add constraint "automation_runs_organization_id_run_key_unique" unique ("organization_id", "run_key");`,
    );
    this.addSql(`alter table "automation_runs" add constraint "automation_runs_organization_id_id_unique" unique ("organization_id", "id");`);

    this.addSql(
      `create table "automation_action_runs" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "run_id" uuid not null, "position" int not null, "type" "automation_action_type" not null, "idempotency_key" text not null, "status" "automation_action_status" not null, "output" jsonb null, "error" text null, "attempts" int not null default 0, "started_at" timestamptz null, "finished_at" timestamptz null, "duration_ms" int null, primary key ("id"));`,
    );
    this.addSql(`create index "automation_action_runs_organization_id_index" on "automation_action_runs" ("organization_id");`);
    this.addSql(
      `alter table "automation_action_runs" add constraint "automation_action_runs_organization_id_run_id_position_unique" unique ("organization_id", "run_id", "position");`,
    );
    this.addSql(
      `alter table "automation_action_runs" add constraint "automation_action_runs_organization_id_idempotency_key_unique" unique ("organization_id", "idempotency_key");`,
    );
    this.addSql(
      `alter table "automation_action_runs" add constraint "automation_action_runs_organization_id_id_unique" unique ("organization_id", "id");`,
    );

    this.addSql(
      `create table "automation_rule_versions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "rule_id" uuid not null, "version" int not null, "definition" jsonb not null, "created_by_id" uuid null, primary key ("id"));`,
    );
    this.addSql(`create index "automation_rule_versions_organization_id_index" on "automation_rule_versions" ("organization_id");`);
    this.addSql(
      `alter table "automation_rule_versions" add constraint "automation_rule_versions_organization_id_rule_id_version_unique" unique ("organization_id", "rule_id", "version");`,
    );
    this.addSql(
      `alter table "automation_rule_versions" add constraint "automation_rule_versions_organization_id_id_unique" unique ("organization_id", "id");`,
    );

    this.addSql(
      `alter table "job_requests" add constraint "job_requests_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "notifications" add constraint "notifications_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "automation_rules" add constraint "automation_rules_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "automation_rules" add constraint "automation_rules_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );

    this.addSql(
      `alter table "automation_runs" add constraint "automation_runs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "automation_runs" add constraint "automation_runs_rule_id_foreign" foreign key ("organization_id", "rule_id") references "automation_rules" ("organization_id", "id") on delete cascade;`,
    );

    this.addSql(
      `alter table "automation_action_runs" add constraint "automation_action_runs_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "automation_action_runs" add constraint "automation_action_runs_run_id_foreign" foreign key ("organization_id", "run_id") references "automation_runs" ("organization_id", "id") on delete cascade;`,
    );

    this.addSql(
      `alter table "automation_rule_versions" add constraint "automation_rule_versions_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "automation_rule_versions" add constraint "automation_rule_versions_rule_id_foreign" foreign key ("organization_id", "rule_id") references "automation_rules" ("organization_id", "id") on delete cascade;`,
    );
    this.addSql(
      `alter table "automation_rule_versions" add constraint "automation_rule_versions_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on delete set null;`,
    );
    // The action rate limit counts an organization's actions started in the last minute.
    this.addSql(
      `create index "automation_action_runs_organization_id_started_at_index" on "automation_action_runs" ("organization_id", "started_at");`,
    );
    for (const table of [
      'job_requests',
      'notifications',
      'automation_rules',
      'automation_rule_versions',
      'automation_runs',
      'automation_action_runs',
    ]) {
      this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);
    }
    // History a request may not rewrite or erase (a rule's deletion cascades to its versions and runs as the tables' owner).
    this.addSql(`revoke update, delete on "automation_rule_versions" from simplycrm_app;`);
    this.addSql(`revoke delete on "automation_runs", "automation_action_runs", "notifications" from simplycrm_app;`);
    // Task requests are written by tenant transactions and moved (deleted) by the dispatcher, as the owner.
    this.addSql(`revoke update, delete on "job_requests" from simplycrm_app;`);
    // The organization's time zone, for rules' schedules and date offsets.
    this.addSql(`alter table "organizations" add column "time_zone" text not null default 'UTC';`);
    // The built-in rule every organization gets, enabled (it runs only on plans with automation.rules):
    // a notification to the owner of each open activity on the day it is due (tests/automation/schedules.test.ts runs it).
    this.addSql(`create or replace function simplycrm_add_builtin_rules(p_organization uuid) returns void language sql as $$
      with definition as (select '${BUILT_IN_REMINDER}'::jsonb as d),
      rule as (
        insert into automation_rules (id, created_at, updated_at, organization_id, name, description, enabled, version, subject_type, trigger_kind,
          event_type, listen_fields, only_when_becomes_true, condition, schedule, date_field, offset_days, actions, built_in, round_robin)
        select gen_random_uuid(), now(), now(), p_organization, d->>'name', 'Reminds the owner of each open activity on the day it is due.', true, 1,
          'Activity', 'date_offset', null, '[]', false, d->'condition', null, 'dueAt', 0, d->'actions', 'due-activity-reminders', '{}'
        from definition
        on conflict (organization_id, built_in) do nothing
        returning id, organization_id)
      insert into automation_rule_versions (id, created_at, updated_at, organization_id, rule_id, version, definition)
      select gen_random_uuid(), now(), now(), rule.organization_id, rule.id, 1, d from rule, definition;
    $$;`);
    this.addSql(`create or replace function simplycrm_builtin_rules_trigger() returns trigger language plpgsql as $$
      begin perform simplycrm_add_builtin_rules(new.id); return new; end $$;`);
    this.addSql(
      `create trigger organizations_builtin_rules after insert on organizations for each row execute function simplycrm_builtin_rules_trigger();`,
    );
    this.addSql(`select simplycrm_add_builtin_rules(id) from organizations;`);
    // Campaigns, on growth and enterprise (issue 15).
    this.addSql(`insert into feature_flags (id, created_at, updated_at, code, description) values
      (gen_random_uuid(), now(), now(), 'automation.campaigns', 'E-mail campaigns to saved audiences of contacts and leads.')
      on conflict (code) do nothing;`);
    this.addSql(`insert into subscription_plan_features (plan_id, feature_flag_id)
      select p.id, f.id from subscription_plans p join feature_flags f on f.code = 'automation.campaigns' where p.code in ('growth', 'enterprise')
      on conflict do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists organizations_builtin_rules on organizations;`);
    this.addSql(`drop function if exists simplycrm_builtin_rules_trigger();`);
    this.addSql(`drop function if exists simplycrm_add_builtin_rules(uuid);`);
    this.addSql(`alter table "organizations" drop column if exists "time_zone";`);
    this.addSql(
      `delete from subscription_plan_features where feature_flag_id in (select id from feature_flags where code = 'automation.campaigns');`,
    );
    this.addSql(`delete from feature_flags where code = 'automation.campaigns';`);
    for (const table of [
      'automation_action_runs',
      'automation_runs',
      'automation_rule_versions',
      'automation_rules',
      'notifications',
      'job_requests',
    ]) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
    for (const type of [
      'automation_action_status',
      'automation_action_type',
      'automation_run_status',
      'automation_trigger_kind',
      'automation_subject',
    ]) {
      this.addSql(`drop type if exists "${type}";`);
    }
  }
}
