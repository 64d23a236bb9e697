import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security, the request role's privileges, and the default plans.
 *
 * - `simplycrm_app` is the role tenant requests run as (`SET LOCAL ROLE` per transaction, or a
 *   login that is a member of it via DATABASE_APP_URL): it owns no table and has NOBYPASSRLS.
 *   The migrating role (the owner) keeps full access through `system_access` policies.
 * - Least privilege: no default privileges on new tables. `simplycrm_enable_tenant_rls(table)`,
 *   which every later module calls for its tenant tables, grants DML and turns on ENABLE + FORCE
 *   row-level security with a policy on the transaction-local `app.organization_id`; a test fails
 *   when a table with `organization_id` lacks it. Global tables are granted one by one:
 *   plans and features read-only; users without password hashes and only the caller and the
 *   organization's members (`app.user_id`); personal tokens only the caller's own.
 * - Plans and features are inserted idempotently (ON CONFLICT DO NOTHING).
 */
export class Migration20261124010500_TenancyAndPlans extends Migration {
  override name = 'Migration20261124010500_TenancyAndPlans';

  override up(): void {
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'simplycrm_app') then
        create role simplycrm_app nologin nobypassrls;
      end if;
    exception when duplicate_object or unique_violation then null; -- another database of the cluster created it first
    end $$;`);
    this.addSql(`do $$ begin
      if not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant simplycrm_app to %I', current_user);
      end if;
    end $$;`);
    this.addSql(`grant usage on schema public to simplycrm_app;`);
    // Temporary tables would shadow public ones (and outlive a request on a pooled connection).
    this.addSql(`do $$ begin execute format('revoke temporary on database %I from public', current_database()); end $$;`);

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
    // Organizations are created by sign-up, a system operation, never by tenant requests.
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

    // Failed-login and throttle counters (rate-limiter-flexible's PostgreSQL store), used without Redis; owner only.
    this.addSql(`create table "login_throttle" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);

    this.addSql(`insert into feature_flags (id, created_at, updated_at, code, description) values
      (gen_random_uuid(), now(), now(), 'billing.manage_subscriptions', 'Change the organization''s subscription plan.'),
      (gen_random_uuid(), now(), now(), 'catalog.manage_suppliers', 'Manage suppliers and supplier offers.'),
      (gen_random_uuid(), now(), now(), 'sales.order_management', 'Orders, invoices and fulfillment.'),
      (gen_random_uuid(), now(), now(), 'analytics.forecasting', 'Revenue forecasting.'),
      (gen_random_uuid(), now(), now(), 'analytics.insights', 'Sales KPIs, demand forecasts, price recommendations, anomalies and next-best-actions.'),
      (gen_random_uuid(), now(), now(), 'assistant.chat', 'The AI co-pilot.'),
      (gen_random_uuid(), now(), now(), 'automation.rules', 'Automation rules.'),
      (gen_random_uuid(), now(), now(), 'integrations.api_keys', 'API keys for integrations.')
      on conflict (code) do nothing;`);
    this.addSql(`insert into subscription_plans (id, created_at, updated_at, code, name, monthly_price_amount, monthly_price_currency, description, is_public) values
      (gen_random_uuid(), now(), now(), 'free', 'Free', 0, 'USD', 'Get started: core CRM records and subscription management.', true),
      (gen_random_uuid(), now(), now(), 'growth', 'Growth', 4900, 'USD', 'For growing teams: suppliers, order management, insights, automation rules and API keys.', true),
      (gen_random_uuid(), now(), now(), 'enterprise', 'Enterprise', 19900, 'USD', 'Everything, including forecasting and the AI co-pilot.', true)
      on conflict (code) do nothing;`);
    this.addSql(`insert into subscription_plan_features (plan_id, feature_flag_id)
      select p.id, f.id from subscription_plans p join feature_flags f on
        (p.code = 'free' and f.code = 'billing.manage_subscriptions')
        or (p.code = 'growth' and f.code in ('billing.manage_subscriptions', 'catalog.manage_suppliers', 'sales.order_management',
            'analytics.insights', 'automation.rules', 'integrations.api_keys'))
        or p.code = 'enterprise'
      on conflict do nothing;`);
  }

  override down(): void {
    this.addSql(`delete from subscription_plan_features;`);
    this.addSql(`delete from subscription_plans where code in ('free', 'growth', 'enterprise');`);
    this.addSql(`delete from feature_flags;`);
    this.addSql(`drop table if exists "login_throttle";`);
    this.addSql(`drop function if exists simplycrm_active_user_id(text);`);
    this.addSql(`drop policy if exists visible_users on users;`);
    this.addSql(`drop policy if exists own_tokens on personal_tokens;`);
    for (const table of ['organizations', 'memberships', 'subscriptions', 'users', 'personal_tokens']) {
      this.addSql(`drop policy if exists tenant_isolation on ${table};`);
      this.addSql(`drop policy if exists system_access on ${table};`);
      this.addSql(`alter table ${table} no force row level security;`);
      this.addSql(`alter table ${table} disable row level security;`);
    }
    this.addSql(`drop function if exists simplycrm_enable_tenant_rls(regclass, text);`);
    this.addSql(`revoke all on all tables in schema public from simplycrm_app;`);
    this.addSql(`revoke usage on schema public from simplycrm_app;`);
    this.addSql(`do $$ begin execute format('grant temporary on database %I to public', current_database()); end $$;`);
  }
}
