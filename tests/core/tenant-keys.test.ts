import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { seededTenant, tenantTables } from '../schema/tenant-data.js';

/**
 * Tenant-safe keys (src/db/tenant-keys.ts): every tenant table has UNIQUE (organization_id, id), and
 * every foreign key between tenant tables is composite, so even raw SQL by the database owner cannot
 * link one organization's row to another's. Read from the catalog, so a new table is checked too.
 */

type Relation = { table: string; constraint: string; columns: string[]; target: string; targetColumns: string[] };

async function tenantRelations(t: TestApp, tables: string[]): Promise<Relation[]> {
  const rows = await t.systemEm().execute<{ tbl: string; con: string; cols: string; target: string; tcols: string }[]>(
    `select c.conrelid::regclass::text as tbl, c.conname as con, c.confrelid::regclass::text as target,
            (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(att, ord)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.att) as cols,
            (select string_agg(a.attname, ',' order by k.ord) from unnest(c.confkey) with ordinality k(att, ord)
               join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.att) as tcols
       from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      order by 1, 2`,
  );
  const tenant = new Set(tables);
  return rows
    .filter((r) => tenant.has(r.tbl) && tenant.has(r.target))
    .map((r) => ({ table: r.tbl, constraint: r.con, columns: r.cols.split(','), target: r.target, targetColumns: r.tcols.split(',') }));
}

const ACCEPTED = new Error('accepted');

/**
 * Runs the statements as the owner in a transaction that is always rolled back; says whether a
 * foreign key refused the last one. `prepare` statements run first (e.g. switching off the rules
 * that would refuse the write for another reason, so only the keys are tried).
 */
async function attempt(t: TestApp, statements: [string, unknown[]][]): Promise<string> {
  try {
    await t.systemEm().transactional(async (tx) => {
      for (const [sql, params] of statements) await tx.execute(sql, params);
      throw ACCEPTED;
    });
    return 'no error';
  } catch (error) {
    if (error === ACCEPTED) return 'accepted';
    const e = error as { code?: string; message: string };
    return e.code === '23503' || /violates foreign key constraint/.test(e.message) ? 'refused' : `other error: ${e.message}`;
  }
}

describe('tenant-safe keys', () => {
  let t: TestApp;
  let tables: string[];
  let a: Awaited<ReturnType<typeof seededTenant>>;
  let b: Awaited<ReturnType<typeof seededTenant>>;
  // Two full demo tenants, rolled up: about 40 s on PGlite alone, more on a busy machine.
  beforeAll(async () => {
    t = await startTestApp();
    tables = await tenantTables(t);
    a = await seededTenant(t);
    b = await seededTenant(t);
  }, 240_000);
  afterAll(() => t.close());

  it('every tenant table has UNIQUE (organization_id, id) and every key between tenant tables includes organization_id on both sides', async () => {
    const uniques = await t.systemEm().execute<{ tbl: string }[]>(
      `select c.conrelid::regclass::text as tbl from pg_constraint c
        where c.contype in ('u', 'p') and c.connamespace = 'public'::regnamespace
          and (select array_agg(a.attname::text order by a.attname) from unnest(c.conkey) k(att)
                 join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.att) = array['id', 'organization_id']`,
    );
    const withUnique = new Set(uniques.map((u) => u.tbl));
    expect(tables.length).toBeGreaterThan(30);
    expect(tables.filter((table) => !withUnique.has(table))).toEqual([]);
    const relations = await tenantRelations(t, tables);
    expect(relations.length).toBeGreaterThan(40);
    const singleColumn = relations
      .filter((r) => r.columns[0] !== 'organization_id' || r.targetColumns[0] !== 'organization_id' || r.columns.length !== 2)
      .map((r) => `${r.table}.${r.constraint}`);
    expect(singleColumn).toEqual([]);
  });

  it('refuses, by raw SQL, a link from one organization to another over every relation', async () => {
    // The seeded tenant has a conversation but no messages yet: give A one, so that relation is tried too.
    await t.systemEm().execute(
      `insert into assistant_messages (id, organization_id, conversation_id, user_id, position, role, content, created_at, updated_at)
       select gen_random_uuid(), organization_id, id, user_id, 0, 'user', 'hello', now(), now() from assistant_conversations where organization_id = ?`,
      [a.organization.id],
    );
    // …and a handler receipt for one of its events.
    await t.systemEm().execute(
      `insert into handled_events (id, organization_id, handler, event_id, created_at, updated_at)
       select gen_random_uuid(), organization_id, 'test', id, now(), now() from domain_events where organization_id = ? limit 1`,
      [a.organization.id],
    );
    const relations = await tenantRelations(t, tables);
    const outcomes: Record<string, string> = {};
    for (const relation of relations) {
      const column = relation.columns[1];
      const [child] = await t
        .systemEm()
        .execute<{ id: string }[]>(`select id from "${relation.table}" where organization_id = ? order by (${column} is null), id limit 1`, [
          a.organization.id,
        ]);
      const [foreign] = await t
        .systemEm()
        .execute<{ id: string }[]>(`select id from "${relation.target}" where organization_id = ? order by id limit 1`, [b.organization.id]);
      const key = `${relation.table}.${column} -> ${relation.target}`;
      if (!child || !foreign) {
        outcomes[key] = `not covered: no ${child ? '' : `${relation.table} row in A`}${foreign ? '' : `${relation.target} row in B`}`;
        continue;
      }
      // Only the keys are tried: the table's own triggers (immutability of issued invoices …) and its
      // unique constraints over the linking column (a stage name per pipeline …) are switched off in
      // this rolled-back transaction, so they cannot refuse the write first.
      const uniques = await t.systemEm().execute<{ sql: string }[]>(
        `select case when c.conname is not null then format('alter table %I drop constraint %I', ?::text, c.conname)
                     else format('drop index %I', i.indexrelid::regclass::text) end as sql
           from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
           left join pg_constraint c on c.conindid = i.indexrelid and c.contype = 'u'
          where i.indrelid = ?::regclass and i.indisunique and not i.indisprimary and a.attname = ?
            and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = i.indexrelid)`,
        [relation.table, relation.table, column],
      );
      outcomes[key] = await attempt(t, [
        [`alter table "${relation.table}" disable trigger user`, []],
        ...uniques.map((u): [string, unknown[]] => [u.sql, []]),
        [`update "${relation.table}" set "${column}" = ? where id = ?`, [foreign.id, child.id]],
      ]);
    }
    expect(Object.keys(outcomes).length).toBe(relations.length);
    expect(Object.entries(outcomes).filter(([, outcome]) => outcome !== 'refused')).toEqual([]);
  });

  it('would notice a single-column key: the same link through one is accepted', async () => {
    const [opportunity] = await t
      .systemEm()
      .execute<{ id: string }[]>(`select id from opportunities where organization_id = ? limit 1`, [a.organization.id]);
    const [account] = await t.systemEm().execute<{ id: string }[]>(`select id from accounts where organization_id = ? limit 1`, [b.organization.id]);
    const link: [string, unknown[]] = ['update opportunities set account_id = ? where id = ?', [account.id, opportunity.id]];
    const outcome = await attempt(t, [
      ['alter table opportunities drop constraint opportunities_account_id_foreign', []],
      ['alter table opportunities add constraint opportunities_account_id_single foreign key (account_id) references accounts (id)', []],
      link,
    ]);
    expect(outcome).toBe('accepted');
    // Rolled back: the composite key is still there and still refuses.
    expect(await attempt(t, [link])).toBe('refused');
  });
});
