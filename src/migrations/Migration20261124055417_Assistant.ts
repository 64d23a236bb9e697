import { Migration } from '@mikro-orm/migrations';

const OWN_TABLES = ['assistant_conversations', 'assistant_messages'];

/**
 * The AI co-pilot: conversations, their messages, and model usage per organization and day.
 * - Conversations and messages are private to their member: besides the tenant policy, a
 *   restrictive policy requires `user_id = app.user_id`.
 * - Usage rows are only ever added to (an upsert per answer); deleting a conversation keeps them,
 *   so the daily token budget cannot be reset by deleting conversations. `reserved_tokens` holds
 *   what model calls in flight are expected to use, so concurrent questions cannot overrun it.
 */
export class Migration20261124055417_Assistant extends Migration {
  override name = 'Migration20261124055417_Assistant';

  override up(): void | Promise<void> {
    this.addSql(`create type "message_role" as enum ('user', 'assistant');`);
    this.addSql(`create type "answer_source" as enum ('model', 'summary');`);
    this.addSql(
      `create table "assistant_usage_days" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "day" date not null, "model" varchar(200) not null, "answers" int not null default 0, "model_calls" int not null default 0, "prompt_tokens" bigint not null default '0', "completion_tokens" bigint not null default '0', "total_tokens" bigint not null default '0', "latency_ms" bigint not null default '0', "reserved_tokens" bigint not null default '0', primary key ("id"));`,
    );
    this.addSql(`create index "assistant_usage_days_organization_id_index" on "assistant_usage_days" ("organization_id");`);
    this.addSql(
      `alter table "assistant_usage_days" add constraint "assistant_usage_days_organization_id_day_model_unique" unique ("organization_id", "day", "model");`,
    );

    this.addSql(
      `create table "assistant_conversations" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "user_id" uuid not null, "title" varchar(200) not null, "system_prompt" text not null default '', primary key ("id"));`,
    );
    this.addSql(`create index "assistant_conversations_organization_id_index" on "assistant_conversations" ("organization_id");`);
    this.addSql(
      `create index "assistant_conversations_organization_id_user_id_up_309a7_index" on "assistant_conversations" ("organization_id", "user_id", "updated_at");`,
    );

    this.addSql(
      `create table "assistant_messages" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "conversation_id" uuid not null, "user_id" uuid not null, "position" int not null, "role" "message_role" not null, "content" text not null, "source" "answer_source" null, "model" varchar(200) null, "prompt_tokens" int not null default 0, "completion_tokens" int not null default 0, "total_tokens" int not null default 0, "latency_ms" int not null default 0, "model_calls" int not null default 0, "usage_estimated" boolean not null default false, "context" jsonb null, "diagnostics" jsonb not null default '[]', primary key ("id"));`,
    );
    this.addSql(`create index "assistant_messages_organization_id_index" on "assistant_messages" ("organization_id");`);
    this.addSql(`create index "assistant_messages_user_id_index" on "assistant_messages" ("user_id");`);
    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_conversation_id_position_unique" unique ("conversation_id", "position");`,
    );

    this.addSql(
      `alter table "assistant_usage_days" add constraint "assistant_usage_days_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "assistant_conversations" add constraint "assistant_conversations_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "assistant_conversations" add constraint "assistant_conversations_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_conversation_id_foreign" foreign key ("conversation_id") references "assistant_conversations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "assistant_messages" add constraint "assistant_messages_tokens_non_negative" check (prompt_tokens >= 0 and completion_tokens >= 0 and total_tokens >= 0);`,
    );

    for (const table of [...OWN_TABLES, 'assistant_usage_days']) this.addSql(`select simplycrm_enable_tenant_rls('${table}');`);
    for (const table of OWN_TABLES) {
      this.addSql(`create policy own_rows on ${table} as restrictive to simplycrm_app
        using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
        with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);`);
    }
    // Messages are written once (questions and answers are never edited); usage rows are never deleted.
    this.addSql(`revoke update on assistant_messages from simplycrm_app;`);
    this.addSql(`revoke delete on assistant_usage_days from simplycrm_app;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "assistant_messages" cascade;`);
    this.addSql(`drop table if exists "assistant_conversations" cascade;`);
    this.addSql(`drop table if exists "assistant_usage_days" cascade;`);
    this.addSql(`drop type if exists "message_role";`);
    this.addSql(`drop type if exists "answer_source";`);
  }
}
