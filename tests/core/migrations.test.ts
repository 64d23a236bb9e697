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
});
