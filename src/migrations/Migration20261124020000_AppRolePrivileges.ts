import { Migration } from '@mikro-orm/migrations';

/**
 * Least privilege for `simplycrm_app`, the role tenant requests run as, so that even a raw-SQL bug
 * in a request cannot reach other organizations' data or global accounts:
 * - no default privileges on new tables: tenant tables get theirs from `simplycrm_enable_tenant_rls`,
 *   global tables are granted one by one;
 * - plans and features: read only (platform changes run as the owner, in system operations);
 * - users: no access to password hashes, and row-level security shows only the caller and the
 *   members of the request's organization (`app.user_id`, and memberships under their own policy);
 * - personal tokens: only the caller's own, and only their timestamps can change;
 * - organizations: rows are created by sign-up (a system operation), never by tenant requests.
 */
export class Migration20261124020000_AppRolePrivileges extends Migration {
  override name = 'Migration20261124020000_AppRolePrivileges';

  override up(): void {
    this.addSql(`alter default privileges in schema public revoke all on tables from simplycrm_app;`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from simplycrm_app;`);
    this.addSql(`revoke all on all tables in schema public from simplycrm_app;`);

    this.addSql(`create or replace function simplycrm_enable_tenant_rls(tbl regclass, column_name text default 'organization_id') returns void
      language plpgsql as $fn$
      begin
        execute format('grant select, insert, update, delete on %s to simplycrm_app', tbl);
        execute format('alter table %s enable row level security', tbl);
        execute format('alter table %s force row level security', tbl);
        execute format('drop policy if exists tenant_isolation on %s', tbl);
        execute format(
          'create policy tenant_isolation on %s to simplycrm_app '
          'using (%I = nullif(current_setting(''app.organization_id'', true), '''')::uuid) '
          'with check (%I = nullif(current_setting(''app.organization_id'', true), '''')::uuid)',
          tbl, column_name, column_name);
        execute format('drop policy if exists system_access on %s', tbl);
        execute format('create policy system_access on %s to %I using (true) with check (true)', tbl, current_user);
      end
      $fn$;`);
    this.addSql(`select simplycrm_enable_tenant_rls('memberships');`);
    this.addSql(`select simplycrm_enable_tenant_rls('subscriptions');`);
    this.addSql(`select simplycrm_enable_tenant_rls('organizations', 'id');`);
    this.addSql(`revoke insert, delete on organizations from simplycrm_app;`);

    this.addSql(`grant select on subscription_plans, feature_flags, subscription_plan_features to simplycrm_app;`);

    this.addSql(`grant select (id, created_at, updated_at, username, email, is_superuser, is_active) on users to simplycrm_app;`);
    this.addSql(`alter table users enable row level security;`);
    this.addSql(`alter table users force row level security;`);
    this.addSql(`create policy visible_users on users for select to simplycrm_app using (
      id = nullif(current_setting('app.user_id', true), '')::uuid
      or id in (select user_id from memberships));`);
    this.addSql(`create policy system_access on users to current_user using (true) with check (true);`);

    this.addSql(`grant select, update (last_used_at, revoked_at, updated_at) on personal_tokens to simplycrm_app;`);
    this.addSql(`alter table personal_tokens enable row level security;`);
    this.addSql(`alter table personal_tokens force row level security;`);
    this.addSql(`create policy own_tokens on personal_tokens to simplycrm_app
      using (user_id = nullif(current_setting('app.user_id', true), '')::uuid)
      with check (user_id = nullif(current_setting('app.user_id', true), '')::uuid);`);
    this.addSql(`create policy system_access on personal_tokens to current_user using (true) with check (true);`);

    // Adding a member by username must find users outside the organization; this reveals only the id of an active user.
    this.addSql(`create or replace function simplycrm_active_user_id(p_username text) returns uuid
      language sql stable security definer set search_path = public, pg_temp as $fn$
        select id from users where username = p_username and is_active
      $fn$;`);
    this.addSql(`revoke all on function simplycrm_active_user_id(text) from public;`);
    this.addSql(`grant execute on function simplycrm_active_user_id(text) to simplycrm_app;`);
    // Temporary tables would shadow public ones (and outlive a request on a pooled connection).
    this.addSql(`do $$ begin execute format('revoke temporary on database %I from public', current_database()); end $$;`);
  }

  override down(): void {
    this.addSql(`do $$ begin execute format('grant temporary on database %I to public', current_database()); end $$;`);
    this.addSql(`drop function if exists simplycrm_active_user_id(text);`);
    for (const table of ['users', 'personal_tokens']) {
      this.addSql(`drop policy if exists system_access on ${table};`);
      this.addSql(`alter table ${table} no force row level security;`);
      this.addSql(`alter table ${table} disable row level security;`);
    }
    this.addSql(`drop policy if exists visible_users on users;`);
    this.addSql(`drop policy if exists own_tokens on personal_tokens;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to simplycrm_app;`);
    this.addSql(`revoke all on mikro_orm_migrations, login_throttle from simplycrm_app;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to simplycrm_app;`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to simplycrm_app;`);
  }
}
