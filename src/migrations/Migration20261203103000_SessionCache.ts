import { Migration } from '@mikro-orm/migrations';

/**
 * What lets each API process cache a token's principal and an organization's plan features, with
 * revocation still immediate (src/db/session-context.ts):
 * - `users.auth_version`, bumped by triggers whenever what a principal holds changes: the user's
 *   name, e-mail, password, active or superuser flag, their memberships (added, removed, role), or
 *   the name/slug of an organization they belong to;
 * - `cache_versions` ('features'), bumped by any change to plans, plan features or feature flags;
 *   an organization's features version is that and its subscription row's version (`xmin`, new at
 *   every update of the row, whatever SQL makes it), so one organization's plan change, or a
 *   sign-up, leaves every other organization's cached features alone;
 * - `simplycrm_check_session(token, version, organization, features)`, run in every request
 *   transaction's context statement: raises SC401 when the token is revoked, its user inactive, or
 *   either version moved on.
 */
export class Migration20261203103000_SessionCache extends Migration {
  override name = 'Migration20261203103000_SessionCache';

  override up(): void {
    this.addSql(`alter table "users" add column "auth_version" int not null default 1;`);
    // The request role reads users' other columns (owners, members): this one too, or the ORM's selects of users fail.
    this.addSql(`grant select (auth_version) on users to simplycrm_app;`);

    this.addSql(`create table cache_versions (name text primary key, version bigint not null default 1);`);
    this.addSql(`insert into cache_versions (name) values ('features');`);
    this.addSql(`grant select on cache_versions to simplycrm_app;`);

    this.addSql(`create or replace function simplycrm_users_auth_version() returns trigger
      language plpgsql as $fn$
      begin
        if (old.username, old.email, old.password_hash, old.is_active, old.is_superuser)
            is distinct from (new.username, new.email, new.password_hash, new.is_active, new.is_superuser) then
          new.auth_version := old.auth_version + 1;
        end if;
        return new;
      end $fn$;`);
    this.addSql(`create trigger users_auth_version before update on users
      for each row execute function simplycrm_users_auth_version();`);

    // Membership writes come from tenant requests (simplycrm_app may not update users): security definer.
    this.addSql(`create or replace function simplycrm_memberships_auth_version() returns trigger
      language plpgsql security definer set search_path = public, pg_temp as $fn$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          update users set auth_version = auth_version + 1 where id = old.user_id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and (tg_op = 'INSERT' or new.user_id is distinct from old.user_id) then
          update users set auth_version = auth_version + 1 where id = new.user_id;
        end if;
        return null;
      end $fn$;`);
    this.addSql(`create trigger memberships_auth_version after insert or update or delete on memberships
      for each row execute function simplycrm_memberships_auth_version();`);

    this.addSql(`create or replace function simplycrm_organizations_auth_version() returns trigger
      language plpgsql security definer set search_path = public, pg_temp as $fn$
      begin
        update users set auth_version = auth_version + 1 where id in (select user_id from memberships where organization_id = new.id);
        return null;
      end $fn$;`);
    this.addSql(`create trigger organizations_auth_version after update of name, slug on organizations
      for each row when ((old.name, old.slug) is distinct from (new.name, new.slug))
      execute function simplycrm_organizations_auth_version();`);

    this.addSql(`create or replace function simplycrm_bump_features() returns trigger
      language plpgsql security definer set search_path = public, pg_temp as $fn$
      begin
        update cache_versions set version = version + 1 where name = 'features';
        return null;
      end $fn$;`);
    for (const table of ['subscription_plans', 'subscription_plan_features', 'feature_flags']) {
      this.addSql(`create trigger ${table}_bump_features after insert or update or delete on ${table}
        for each statement execute function simplycrm_bump_features();`);
    }

    // An organization's features version (context.ts reads the same expression with its features).
    this.addSql(`create or replace function simplycrm_features_version(p_organization uuid) returns text
      language sql stable security definer set search_path = public, pg_temp as $fn$
        select (select version::text from cache_versions where name = 'features') || ':'
          || coalesce((select xmin::text from subscriptions where organization_id = p_organization), '')
      $fn$;`);
    this.addSql(`create or replace function simplycrm_check_session(p_token uuid, p_version integer, p_organization uuid, p_features text) returns boolean
      language plpgsql stable security definer set search_path = public, pg_temp as $fn$
      begin
        if p_token is not null and not exists (
          select 1 from personal_tokens t join users u on u.id = t.user_id
          where t.id = p_token and t.revoked_at is null and u.is_active and u.auth_version = p_version
        ) then
          raise exception 'session changed' using errcode = 'SC401';
        end if;
        if p_features is not null and simplycrm_features_version(p_organization) is distinct from p_features then
          raise exception 'plan features changed' using errcode = 'SC401';
        end if;
        return true;
      end $fn$;`);
  }

  override down(): void {
    this.addSql(`drop function if exists simplycrm_check_session(uuid, integer, uuid, text);`);
    this.addSql(`drop function if exists simplycrm_features_version(uuid);`);
    for (const table of ['subscription_plans', 'subscription_plan_features', 'feature_flags']) {
      this.addSql(`drop trigger if exists ${table}_bump_features on ${table};`);
    }
    this.addSql(`drop function if exists simplycrm_bump_features();`);
    this.addSql(`drop trigger if exists organizations_auth_version on organizations;`);
    this.addSql(`drop function if exists simplycrm_organizations_auth_version();`);
    this.addSql(`drop trigger if exists memberships_auth_version on memberships;`);
    this.addSql(`drop function if exists simplycrm_memberships_auth_version();`);
    this.addSql(`drop trigger if exists users_auth_version on users;`);
    this.addSql(`drop function if exists simplycrm_users_auth_version();`);
    this.addSql(`drop table if exists cache_versions;`);
    this.addSql(`alter table "users" drop column "auth_version";`);
  }
}
