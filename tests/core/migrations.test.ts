import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/harness.js';

describe('migrations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('match the entities: a fully migrated database needs no schema change (keeps hand-written policies, functions and tables)', async () => {
    expect((await t.services.orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
  });

  it('have all been applied and none is pending', async () => {
    expect(await t.services.orm.migrator.getPending()).toEqual([]);
  });

  it('roll back completely and apply again to the same schema', async () => {
    const before = await t.services.orm.schema.getCreateSchemaSQL({ wrap: false });
    await t.services.orm.migrator.down({ to: 0 });
    const tables = await t
      .systemEm()
      .execute<{ n: number }[]>(`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations'`);
    expect(tables[0].n).toBe(0);
    await t.services.orm.migrator.up();
    expect(await t.services.orm.schema.getCreateSchemaSQL({ wrap: false })).toBe(before);
    expect((await t.gql('{ plans { code } }')).data.plans).toHaveLength(3);
  });
});
