import { Migration } from '@mikro-orm/migrations';

export class Migration20261124010401_Initial extends Migration {
  override name = 'Migration20261124010401_Initial';

  override up(): void | Promise<void> {
    this.addSql(`create type "subscription_status" as enum ('trialing', 'active', 'past_due', 'canceled');`);
    this.addSql(`create type "membership_role" as enum ('owner', 'admin', 'member', 'viewer');`);
    this.addSql(
      `create table "feature_flags" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(100) not null, "description" text not null default '', primary key ("id"));`,
    );
    this.addSql(`alter table "feature_flags" add constraint "feature_flags_code_unique" unique ("code");`);

    this.addSql(
      `create table "organizations" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(200) not null, "slug" varchar(63) not null, primary key ("id"));`,
    );
    this.addSql(`alter table "organizations" add constraint "organizations_slug_unique" unique ("slug");`);

    this.addSql(
      `create table "subscription_plans" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(50) not null, "name" varchar(100) not null, "monthly_price_amount" bigint not null, "monthly_price_currency" char(3) not null, "description" text not null default '', "is_public" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "subscription_plans" add constraint "subscription_plans_code_unique" unique ("code");`);

    this.addSql(
      `create table "subscription_plan_features" ("plan_id" uuid not null, "feature_flag_id" uuid not null, primary key ("plan_id", "feature_flag_id"));`,
    );

    this.addSql(
      `create table "subscriptions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "plan_id" uuid not null, "status" "subscription_status" not null default 'active', "current_period_start" timestamptz not null, "current_period_end" timestamptz not null, "seats" int not null default 1, primary key ("id"));`,
    );
    this.addSql(`create index "subscriptions_organization_id_index" on "subscriptions" ("organization_id");`);
    this.addSql(`create index "subscriptions_plan_id_index" on "subscriptions" ("plan_id");`);
    this.addSql(`alter table "subscriptions" add constraint "subscriptions_organization_id_unique" unique ("organization_id");`);

    this.addSql(
      `create table "users" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "username" varchar(150) not null, "email" varchar(254) not null, "password_hash" varchar(255) not null, "is_superuser" boolean not null default false, "is_active" boolean not null default true, primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);

    this.addSql(
      `create table "personal_tokens" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "prefix" varchar(20) not null, "expires_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "personal_tokens_user_id_index" on "personal_tokens" ("user_id");`);
    this.addSql(`alter table "personal_tokens" add constraint "personal_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(
      `create table "memberships" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "user_id" uuid not null, "role" "membership_role" not null, primary key ("id"));`,
    );
    this.addSql(`create index "memberships_organization_id_index" on "memberships" ("organization_id");`);
    this.addSql(`create index "memberships_user_id_index" on "memberships" ("user_id");`);
    this.addSql(`alter table "memberships" add constraint "memberships_organization_id_user_id_unique" unique ("organization_id", "user_id");`);

    this.addSql(
      `alter table "subscription_plan_features" add constraint "subscription_plan_features_plan_id_foreign" foreign key ("plan_id") references "subscription_plans" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "subscription_plan_features" add constraint "subscription_plan_features_feature_flag_id_foreign" foreign key ("feature_flag_id") references "feature_flags" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "subscriptions" add constraint "subscriptions_plan_id_foreign" foreign key ("plan_id") references "subscription_plans" ("id") on delete restrict;`,
    );

    this.addSql(
      `alter table "personal_tokens" add constraint "personal_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(
      `alter table "memberships" add constraint "memberships_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "memberships" add constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "subscription_plan_features" drop constraint "subscription_plan_features_feature_flag_id_foreign";`);
    this.addSql(`alter table "subscriptions" drop constraint "subscriptions_organization_id_foreign";`);
    this.addSql(`alter table "memberships" drop constraint "memberships_organization_id_foreign";`);
    this.addSql(`alter table "subscription_plan_features" drop constraint "subscription_plan_features_plan_id_foreign";`);
    this.addSql(`alter table "subscriptions" drop constraint "subscriptions_plan_id_foreign";`);
    this.addSql(`alter table "personal_tokens" drop constraint "personal_tokens_user_id_foreign";`);
    this.addSql(`alter table "memberships" drop constraint "memberships_user_id_foreign";`);

    this.addSql(`drop table if exists "feature_flags" cascade;`);
    this.addSql(`drop table if exists "organizations" cascade;`);
    this.addSql(`drop table if exists "subscription_plans" cascade;`);
    this.addSql(`drop table if exists "subscription_plan_features" cascade;`);
    this.addSql(`drop table if exists "subscriptions" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "personal_tokens" cascade;`);
    this.addSql(`drop table if exists "memberships" cascade;`);

    this.addSql(`drop type "subscription_status";`);
    this.addSql(`drop type "membership_role";`);
  }
}
