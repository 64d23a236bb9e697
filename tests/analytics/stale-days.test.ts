import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVariant } from '../factories/catalog.js';
import { memberOf } from '../factories/core.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

/**
 * Every write to the tables the rollups read marks the UTC days it touches stale (old and new
 * versions), whatever wrote it: these writes are raw SQL as the database owner, the services' writes
 * go through the same triggers. Changes the rollups do not read mark nothing. The refresh clears the
 * marks it recomputed, and never one a writer still in flight relies on.
 */
/** Until the backend `pid` waits for a lock (the only signal a blocked statement gives). */
async function waitUntilBlocked(client: pg.Client, pid: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await client.query(`select wait_event_type from pg_stat_activity where pid = $1`, [pid]);
    if (rows[0]?.wait_event_type === 'Lock') return;
  }
  throw new Error(`backend ${pid} never waited for a lock`);
}

describe('stale analytics days', () => {
  let t: TestApp;
  let org: string;
  let account: string;
  let variant: string;
  let stage: { pipeline_id: string; id: string };

  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    const member = await memberOf(t);
    org = member.organization.id;
    [{ id: account }] = await t
      .systemEm()
      .execute(
        `insert into accounts (id, created_at, updated_at, organization_id, name, tags) values (gen_random_uuid(), now(), now(), ?, 'A', '{}') returning id`,
        [org],
      );
    variant = (await createVariant(t, member.organization)).id;
    [stage] = await t.systemEm().execute(`select pipeline_id, id from pipeline_stages where organization_id = ? limit 1`, [org]);
  });
  afterAll(() => t.close());

  const sql = (text: string, params: unknown[] = []) => t.systemEm().execute(text, params);
  /** The days `write` marks, starting from none. */
  async function marked(write: () => Promise<unknown>): Promise<string[]> {
    await sql('delete from analytics_stale_days where organization_id = ?', [org]);
    await write();
    const rows = await sql('select day::text as day from analytics_stale_days where organization_id = ? order by day', [org]);
    return rows.map((r) => String(r.day));
  }

  async function order(at: string): Promise<string> {
    const [row] = await sql(
      `insert into orders (id, created_at, updated_at, organization_id, number, account_id, currency, status, total_amount, ordered_at)
       values (gen_random_uuid(), now(), now(), ?, 'S-' || left(gen_random_uuid()::text, 20), ?, 'USD', 'confirmed', 100, ?::timestamptz) returning id`,
      [org, account, at],
    );
    return row.id;
  }

  it('marks the days of orders inserted, moved, changed and deleted; an unrelated change marks nothing', async () => {
    let id = '';
    // 23:59:59.999999 UTC is still the 1st; midnight is the 2nd.
    expect(await marked(async () => (id = await order('2026-05-01T23:59:59.999999Z')))).toEqual(['2026-05-01']);
    expect(await marked(() => sql(`update orders set ordered_at = '2026-05-02T00:00:00Z' where id = ?`, [id]))).toEqual(['2026-05-01', '2026-05-02']);
    expect(await marked(() => sql(`update orders set status = 'cancelled' where id = ?`, [id]))).toEqual(['2026-05-02']);
    expect(await marked(() => sql(`update orders set currency = 'EUR', total_amount = 5 where id = ?`, [id]))).toEqual(['2026-05-02']);
    expect(await marked(() => sql(`update orders set account_id = account_id, notes = 'just a note' where id = ?`, [id]))).toEqual([]);
    expect(await marked(() => sql(`delete from orders where id = ?`, [id]))).toEqual(['2026-05-02']);
    // Many rows in one statement: each day once.
    expect(
      await marked(() =>
        sql(
          `insert into orders (id, created_at, updated_at, organization_id, number, account_id, currency, status, ordered_at)
           select gen_random_uuid(), now(), now(), ?, 'B-' || i, ?, 'USD', 'draft', '2026-05-10T12:00:00Z'::timestamptz + (i % 3) * interval '1 day'
             from generate_series(1, 30) i`,
          [org, account],
        ),
      ),
    ).toEqual(['2026-05-10', '2026-05-11', '2026-05-12']);
  });

  it("marks an order's day when its lines are added, changed or removed", async () => {
    const id = await order('2026-06-03T10:00:00Z');
    const line = async () =>
      (
        await sql(
          `insert into order_lines (id, created_at, updated_at, organization_id, order_id, position, variant_id, sku, description, quantity, currency,
             unit_price_amount, list_price_amount, total_amount)
           values (gen_random_uuid(), now(), now(), ?, ?, 0, ?, 'X', 'x', 1, 'USD', 10, 10, 10) returning id`,
          [org, id, variant],
        )
      )[0].id;
    let lineId = '';
    expect(await marked(async () => (lineId = await line()))).toEqual(['2026-06-03']);
    expect(await marked(() => sql(`update order_lines set quantity = 2, total_amount = 20 where id = ?`, [lineId]))).toEqual(['2026-06-03']);
    expect(await marked(() => sql(`update order_lines set quantity_shipped = 1 where id = ?`, [lineId]))).toEqual([]);
    const other = await order('2026-06-09T10:00:00Z');
    expect(await marked(() => sql(`update order_lines set order_id = ? where id = ?`, [other, lineId]))).toEqual(['2026-06-03', '2026-06-09']);
    expect(await marked(() => sql(`delete from order_lines where id = ?`, [lineId]))).toEqual(['2026-06-09']);
  });

  it('marks the days invoices are issued on, and the day of an invoice voided', async () => {
    const orderId = await order('2026-07-01T10:00:00Z');
    const [invoice] = await sql(
      `insert into invoices (id, created_at, updated_at, organization_id, order_id, account_id, currency, status, due_date, total_amount)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, 'USD', 'draft', '2026-08-01', 100) returning id`,
      [org, orderId, account],
    );
    // A draft has no issue day yet: nothing to mark.
    expect(await marked(() => sql(`update invoices set notes = 'draft note', total_amount = 90 where id = ?`, [invoice.id]))).toEqual([]);
    expect(
      await marked(() =>
        sql(`update invoices set status = 'issued', number = 'INV-S1', issued_at = '2026-07-02T08:00:00Z' where id = ?`, [invoice.id]),
      ),
    ).toEqual(['2026-07-02']);
    expect(await marked(() => sql(`update invoices set status = 'void', voided_at = now() where id = ?`, [invoice.id]))).toEqual(['2026-07-02']);
  });

  it('marks the days payments are received on', async () => {
    const orderId = await order('2026-07-05T10:00:00Z');
    const [invoice] = await sql(
      `insert into invoices (id, created_at, updated_at, organization_id, order_id, account_id, currency, status, due_date, total_amount, issued_at)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, 'USD', 'issued', '2026-08-01', 100, now()) returning id`,
      [org, orderId, account],
    );
    let payment = '';
    const pay = () =>
      sql(
        `insert into payments (id, created_at, updated_at, organization_id, invoice_id, amount, currency, method, paid_at)
         values (gen_random_uuid(), now(), now(), ?, ?, 40, 'USD', 'cash', '2026-07-20T23:00:00Z') returning id`,
        [org, invoice.id],
      ).then(([row]) => (payment = row.id));
    expect(await marked(pay)).toEqual(['2026-07-20']);
    expect(await marked(() => sql(`update payments set paid_at = '2026-07-21T01:00:00Z' where id = ?`, [payment]))).toEqual([
      '2026-07-20',
      '2026-07-21',
    ]);
    expect(await marked(() => sql(`update payments set reference = 'ref' where id = ?`, [payment]))).toEqual([]);
  });

  it('marks the day leads were created on when they are added, converted or deleted', async () => {
    let lead = '';
    const add = () =>
      sql(
        `insert into leads (id, created_at, updated_at, organization_id, first_name) values (gen_random_uuid(), '2026-04-04T04:00:00Z', now(), ?, 'L') returning id`,
        [org],
      ).then(([row]) => (lead = row.id));
    expect(await marked(add)).toEqual(['2026-04-04']);
    expect(await marked(() => sql(`update leads set status = 'converted' where id = ?`, [lead]))).toEqual(['2026-04-04']);
    expect(await marked(() => sql(`update leads set score = 80 where id = ?`, [lead]))).toEqual([]);
    expect(await marked(() => sql(`update leads set deleted_at = now() where id = ?`, [lead]))).toEqual(['2026-04-04']);
  });

  it('marks the days opportunities were created and closed on, before and after a change', async () => {
    let deal = '';
    const add = () =>
      sql(
        `insert into opportunities (id, created_at, updated_at, organization_id, name, account_id, amount_amount, amount_currency, pipeline_id, stage_id, probability)
         values (gen_random_uuid(), '2026-03-03T03:00:00Z', now(), ?, 'D', ?, 500, 'USD', ?, ?, 10) returning id`,
        [org, account, stage.pipeline_id, stage.id],
      ).then(([row]) => (deal = row.id));
    expect(await marked(add)).toEqual(['2026-03-03']);
    expect(await marked(() => sql(`update opportunities set status = 'won', closed_at = '2026-03-20T20:00:00Z' where id = ?`, [deal]))).toEqual([
      '2026-03-03',
      '2026-03-20',
    ]);
    expect(await marked(() => sql(`update opportunities set closed_at = '2026-03-22T20:00:00Z' where id = ?`, [deal]))).toEqual([
      '2026-03-03',
      '2026-03-20',
      '2026-03-22',
    ]);
    // The open pipeline is read live: a stage's probability is not in any rollup.
    expect(await marked(() => sql(`update opportunities set probability = 60, name = 'Renamed' where id = ?`, [deal]))).toEqual([]);
    expect(await marked(() => sql(`delete from opportunities where id = ?`, [deal]))).toEqual(['2026-03-03', '2026-03-22']);
  });

  it('marks nothing in another organization', async () => {
    const other = await memberOf(t);
    await marked(() => order('2026-09-09T09:00:00Z'));
    const theirs = await sql('select count(*)::int as n from analytics_stale_days where organization_id = ?', [other.organization.id]);
    expect(theirs[0].n).toBe(0);
  });

  it('clears the marks it recomputed when the refresh runs', async () => {
    await marked(() => order('2026-10-10T10:00:00Z'));
    await t.jobs!.trigger('analytics-refresh');
    await t.jobs!.idle();
    expect(await sql('select day::text as day from analytics_stale_days where organization_id = ?', [org])).toEqual([]);
    const [rollup] = await sql(`select order_count, booked_amount::int as booked from daily_sales where organization_id = ? and day = '2026-10-10'`, [
      org,
    ]);
    expect(rollup).toEqual({ order_count: 1, booked: 100 });
  });

  // PGlite has one connection: no writer can be in flight while the refresh runs there.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'leaves the mark of a writer still in flight for the next refresh, and a writer during the refresh marks its day again',
    async () => {
      const url = t.services.config.databaseUrl as string;
      const writer = new pg.Client({ connectionString: url });
      const refresher = new pg.Client({ connectionString: url });
      await Promise.all([writer.connect(), refresher.connect()]);
      try {
        await sql('delete from analytics_stale_days where organization_id = ?', [org]);
        const id = await order('2026-11-11T11:00:00Z'); // committed, day marked
        // given a writer in flight on that day (its change not committed yet: the refresh cannot see it)
        await writer.query('begin');
        await writer.query(`update orders set total_amount = 777 where id = $1`, [id]);
        // when the refresh runs meanwhile
        await refresher.query('begin');
        await refresher.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`analytics-refresh:${org}`]);
        const claimed = await refresher.query(
          `delete from analytics_stale_days where id in (select id from analytics_stale_days where organization_id = $1 for update skip locked) returning day::text as day`,
          [org],
        );
        // then it skips the day the writer holds
        expect(claimed.rows).toEqual([]);
        await refresher.query('commit');
        await writer.query('commit');
        const days = await sql('select day::text as day from analytics_stale_days where organization_id = ?', [org]);
        expect(days).toEqual([{ day: '2026-11-11' }]);

        // given a refresh that has claimed the day and not committed yet
        await refresher.query('begin');
        const again = await refresher.query(
          `delete from analytics_stale_days where id in (select id from analytics_stale_days where organization_id = $1 for update skip locked) returning day::text as day`,
          [org],
        );
        expect(again.rows).toEqual([{ day: '2026-11-11' }]);
        await refresher.query(`select simplycrm_refresh_analytics($1, array['2026-11-11']::date[])`, [org]);
        // when a writer changes that day (it waits for the refresh)
        await writer.query('begin');
        const [{ pid }] = (await writer.query('select pg_backend_pid() as pid')).rows;
        const write = writer.query(`update orders set total_amount = 778 where id = $1`, [id]);
        await waitUntilBlocked(refresher, pid);
        await refresher.query('commit');
        await write;
        await writer.query('commit');
        // then the day is stale again, so its rollup (777) is not read
        expect(await sql('select day::text as day from analytics_stale_days where organization_id = ?', [org])).toEqual([{ day: '2026-11-11' }]);
      } finally {
        await Promise.allSettled([writer.end(), refresher.end()]);
      }
    },
  );
});
