import { Migration } from '@mikro-orm/migrations';

/** Notification preferences per member and kind (in the app, e-mail each or a daily digest), and the digest's mark on notifications. */
export class Migration20261204204421_Prefs extends Migration {
  override name = 'Migration20261204204421_Prefs';

  override up(): void | Promise<void> {
    this.addSql(`create type "notification_kind" as enum ('automation', 'reminder');`);
    this.addSql(`create type "notification_email" as enum ('none', 'each', 'daily_digest');`);
    this.addSql(
      `create table "notification_preferences" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "user_id" uuid not null, "kind" "notification_kind" not null, "in_app" boolean not null default true, "email" "notification_email" not null default 'none', primary key ("id"));`,
    );
    this.addSql(`create index "notification_preferences_organization_id_index" on "notification_preferences" ("organization_id");`);
    this.addSql(
      `alter table "notification_preferences" add constraint "notification_preferences_organization_id_user_id_kind_unique" unique ("organization_id", "user_id", "kind");`,
    );
    this.addSql(
      `alter table "notification_preferences" add constraint "notification_preferences_organization_id_id_unique" unique ("organization_id", "id");`,
    );

    this.addSql(`alter table "notifications" add "digested_at" timestamptz null;`);

    this.addSql(
      `alter table "notification_preferences" add constraint "notification_preferences_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "notification_preferences" add constraint "notification_preferences_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
    this.addSql(`select simplycrm_enable_tenant_rls('notification_preferences');`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "notification_preferences" cascade;`);
    this.addSql(`alter table "notifications" drop column if exists "digested_at";`);
    this.addSql(`drop type if exists "notification_email";`);
    this.addSql(`drop type if exists "notification_kind";`);
  }
}
