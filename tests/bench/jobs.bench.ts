/**
 * `npm run bench:jobs` (a benchmark, not a test; `npm run bench` skips it): the cost of the outbox
 * and the job throughput, on the database the tests use (PostgreSQL when TEST_DATABASE_URL is set,
 * else PGlite).
 *
 * - events/s written by a create-order loop: BENCH_ORDERS (default 200) createOrder mutations through
 *   the real request path (Fastify inject, token, transaction as simplycrm_app), sequentially, with the
 *   outbox (every change writes its domain events in the same transaction) and without it
 *   (the ORM's event subscriber left out), twice each alternately, the better of each kept;
 *   orders/s, events/s and the slowdown.
 * - jobs/s drained: BENCH_JOBS (default 2,000) domain events inserted by SQL for a no-op handler
 *   (spread over 10 organizations), then the time from starting the workers until none is pending:
 *   dispatch (event → job, in one transaction), fetch, the organization-scoped transaction with its
 *   receipt, completion.
 *
 * Timings are wall-clock (performance.now) in this process.
 */
import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import type { EventHandler } from '../../src/modules/jobs/job-types.js';
import { uuidv7 } from '../../src/shared/ids.js';
import { memberOf } from '../factories/core.js';
import { caller, stockedVariant } from '../factories/sales.js';
import { startTestApp } from '../helpers/harness.js';

const enabled = process.env.BENCH_JOBS === '1';
const ORDERS = Number(process.env.BENCH_ORDERS ?? 200);
const JOBS = Number(process.env.BENCH_JOBS_COUNT ?? 2_000);
const backend = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';

async function orderLoop(outbox: boolean) {
  const t = await startTestApp({ outbox });
  try {
    const member = await memberOf(t, { plan: 'enterprise' });
    const api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: 'Bench buyer' }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, member, ORDERS * 2, { listPrice: 1_000 });
    const create = () => api.mutate('createOrder', { accountId, warehouseId, lines: [{ variantId: variant.id, quantity: 1 }] }, 'order { id }');
    for (let i = 0; i < 10; i++) await create(); // warm-up
    const count = async () =>
      Number(
        (
          await t.systemEm().execute<{ n: string }[]>('select count(*) as n from domain_events where organization_id = ?', [member.organization.id])
        )[0].n,
      );
    const before = await count();
    const started = performance.now();
    for (let i = 0; i < ORDERS; i++) await create();
    const seconds = (performance.now() - started) / 1000;
    return { ordersPerSecond: ORDERS / seconds, events: (await count()) - before, seconds };
  } finally {
    await t.close();
  }
}

test.runIf(enabled)(
  `outbox cost and job throughput on ${backend}`,
  async () => {
    // Alternated, best of two each: the first loop on a fresh database pays for caches the later ones reuse.
    const runs: ({ outbox: boolean } & Awaited<ReturnType<typeof orderLoop>>)[] = [];
    for (const outbox of [false, true, false, true]) runs.push({ outbox, ...(await orderLoop(outbox)) });
    const best = (outbox: boolean) => runs.filter((r) => r.outbox === outbox).sort((a, b) => b.ordersPerSecond - a.ordersPerSecond)[0];
    const without = best(false);
    const withOutbox = best(true);
    expect(without.events).toBe(0);
    expect(withOutbox.events).toBeGreaterThanOrEqual(ORDERS);
    console.info(
      `[${backend}] createOrder loop of ${ORDERS}: without outbox ${without.ordersPerSecond.toFixed(1)} orders/s; ` +
        `with outbox ${withOutbox.ordersPerSecond.toFixed(1)} orders/s writing ${(withOutbox.events / withOutbox.seconds).toFixed(1)} events/s ` +
        `(${(withOutbox.events / ORDERS).toFixed(1)} events per order, ${((without.ordersPerSecond / withOutbox.ordersPerSecond - 1) * 100).toFixed(1)}% slower)`,
    );

    let handled = 0;
    const noop: EventHandler = {
      key: 'bench-noop',
      description: 'benchmark: does nothing',
      events: ['bench.noop'],
      async run() {
        handled++;
      },
    };
    const t = await startTestApp({ env: { EVENT_RELAY_INTERVAL_MS: '20' } });
    try {
      const orgs = await Promise.all(Array.from({ length: 10 }, () => memberOf(t)));
      const rows = Array.from({ length: JOBS }, (_, i) => {
        const org = orgs[i % orgs.length].organization.id;
        return `('${uuidv7()}', '${org}', 'bench.noop', 'Organization', '${org}', 'SYSTEM', now(), now(), now())`;
      });
      await t.systemEm().execute(`update domain_events set dispatched_at = now() where dispatched_at is null`);
      for (let i = 0; i < rows.length; i += 500) {
        await t
          .systemEm()
          .execute(
            `insert into domain_events (id, organization_id, type, subject_type, subject_id, actor_kind, occurred_at, created_at, updated_at) values ${rows.slice(i, i + 500).join(', ')}`,
          );
      }
      const { startJobRuntime } = await import('../../src/jobs.js');
      const started = performance.now();
      const jobs = await startJobRuntime(t.services, { work: true, extra: { handlers: [noop] } });
      await jobs.idle(600_000);
      const seconds = (performance.now() - started) / 1000;
      await jobs.stop(5_000);
      expect(handled).toBe(JOBS);
      console.info(
        `[${backend}] drained ${JOBS} jobs in ${seconds.toFixed(1)} s: ${(JOBS / seconds).toFixed(1)} jobs/s (JOB_CONCURRENCY ${t.services.config.jobs.concurrency})`,
      );
    } finally {
      await t.close();
    }
  },
  900_000,
);
