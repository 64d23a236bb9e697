import { Migration } from '@mikro-orm/migrations';

/**
 * Accounts and organizations (issue 11):
 * - `subscription_plans.is_self_serve`: which plans an owner may pick with `changeSubscription`
 *   (only `free` of the default plans; paid plans are set by a platform administrator).
 * - `personal_tokens.name`, shown in `myTokens`.
 * - `invitations`: a tenant table (row-level security like every tenant table); the token is
 *   stored only as its SHA-256 hash; the request role may not delete them (they are revoked).
 *   Accepting writes as the owner (a system operation).
 * - `password_reset_tokens`: the owner's alone (no grant to the request role).
 * - `simplycrm_active_user_id` goes with `addMember`: it let any tenant request probe usernames.
 */
export class Migration20261202060157_Accounts extends Migration {
  override name = 'Migration20261202060157_Accounts';

  override up(): void {
    this.addSql(`alter table "subscription_plans" add "is_self_serve" boolean not null default false;`);
    this.addSql(`update "subscription_plans" set "is_self_serve" = true where "code" = 'free';`);

    this.addSql(`alter table "personal_tokens" add "name" varchar(100) not null default '';`);

    this.addSql(
      `create table "invitations" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "organization_id" uuid not null, "email" varchar(254) not null, "role" "membership_role" not null, "token_hash" varchar(64) not null, "invited_by_id" uuid null, "expires_at" timestamptz not null, "last_sent_at" timestamptz not null, "accepted_at" timestamptz null, "accepted_by_id" uuid null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "invitations_organization_id_index" on "invitations" ("organization_id");`);
    this.addSql(`alter table "invitations" add constraint "invitations_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "invitations_organization_id_email_index" on "invitations" ("organization_id", "email");`);
    this.addSql(
      `alter table "invitations" add constraint "invitations_organization_id_foreign" foreign key ("organization_id") references "organizations" ("id") on delete cascade;`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_invited_by_id_foreign" foreign key ("invited_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_accepted_by_id_foreign" foreign key ("accepted_by_id") references "users" ("id") on delete set null;`,
    );
    this.addSql(`select simplycrm_enable_tenant_rls('invitations');`);
    // Invitations are revoked, never deleted: the list keeps their history.
    this.addSql(`revoke delete on invitations from simplycrm_app;`);

    this.addSql(
      `create table "password_reset_tokens" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "password_reset_tokens_user_id_index" on "password_reset_tokens" ("user_id");`);
    this.addSql(`alter table "password_reset_tokens" add constraint "password_reset_tokens_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `alter table "password_reset_tokens" add constraint "password_reset_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`,
    );

    this.addSql(`drop function if exists simplycrm_active_user_id(text);`);
  }

  override down(): void {
    this.addSql(`create or replace function simplycrm_active_user_id(p_username text) returns uuid
      language sql stable security definer set search_path = public, pg_temp as $fn$
        select id from users where username = p_username and is_active
      $fn$;`);
    this.addSql(`revoke all on function simplycrm_active_user_id(text) from public;`);
    this.addSql(`grant execute on function simplycrm_active_user_id(text) to simplycrm_app;`);
    this.addSql(`drop table if exists "password_reset_tokens" cascade;`);
    this.addSql(`drop table if exists "invitations" cascade;`);
    this.addSql(`alter table "personal_tokens" drop column "name";`);
    this.addSql(`alter table "subscription_plans" drop column "is_self_serve";`);
  }
}
