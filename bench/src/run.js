/**
 * `npm run bench:api`: our GraphQL API beside PostGraphile 5, a bare Apollo + DataLoader + pg
 * server with our SQL, and a hand-written node:http + pg floor, on one seeded database.
 *
 * 1. seeds (or reuses) the benchmark database (seed.js);
 * 2. counts statements and round trips per request of every system and workload through a
 *    counting proxy in front of PostgreSQL (pg-proxy.js), each system started against it;
 * 3. starts the four systems directly, checks their answers are equal, then times every
 *    workload in interleaved rounds (rotating order) with autocannon, sampling RSS;
 * 4. prints the table, the ratios (min/median/max over rounds) and a markdown table; writes
 *    bench/results/latest.json. BENCH_SOAK_MINUTES then runs a soak of our server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { cannon, post } from './load.js';
import { CountingProxy } from './pg-proxy.js';
import { printReport } from './report.js';
import { ensureSeeded } from './seed.js';
import { killAll, LABELS, startSystem, SYSTEMS, withRssSampling } from './systems.js';
import { BenchError, fail, log, percentile, positiveInt, sleep } from './util.js';
import { METRICS_QUERY, ORDER_DOCUMENTS, orderInput, readWorkloads } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const env = process.env;
const config = {
  url: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/simplycrm_bench_api',
  reseed: env.BENCH_RESEED === '1',
  rounds: positiveInt('BENCH_ROUNDS', 3),
  duration: positiveInt('BENCH_DURATION', 5),
  warmup: positiveInt('BENCH_WARMUP', 2),
  poolMax: positiveInt('BENCH_POOL_MAX', 10),
  countRequests: positiveInt('BENCH_COUNT_REQUESTS', 20),
  metricsRuns: positiveInt('BENCH_METRICS_RUNS', 10),
  soakMinutes: env.BENCH_SOAK_MINUTES ? positiveInt('BENCH_SOAK_MINUTES', 10) : 0,
  only: env.BENCH_WORKLOADS ? env.BENCH_WORKLOADS.split(',').map((s) => s.trim()) : null,
  node: process.execPath,
};
const WORKLOAD_KEYS = ['product', 'opportunities', 'products', 'orders', 'metrics'];
if (config.only) {
  for (const k of config.only) if (!WORKLOAD_KEYS.includes(k)) fail(`BENCH_WORKLOADS: unknown workload "${k}" (known: ${WORKLOAD_KEYS.join(', ')})`);
}
/** Workloads whose check failed (answers differ, or a system failed them): reported loudly, not timed; the run exits 1. */
const broken = new Map();
const wanted = (key) => (!config.only || config.only.includes(key)) && !broken.has(key);
function markBroken(key, message) {
  if (broken.has(key)) return;
  broken.set(key, message);
  log(`\n[FAILED] ${key}: ${message}\n`);
}

/** Seeded PRNG (mulberry32): the same order lines and product ids on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function loadContext(seeded) {
  const client = new pg.Client({ connectionString: config.url });
  await client.connect();
  try {
    const main = seeded.organizations.main;
    const orders = seeded.organizations.orders;
    const ids = async (sql, params) => (await client.query(sql, params)).rows.map((r) => r.id);
    return {
      token: seeded.token,
      main,
      orders,
      productIds: await ids('select id from products where organization_id = $1 and deleted_at is null order by md5(id::text) limit 1000', [main.id]),
      orderAccounts: await ids('select id from accounts where organization_id = $1 and deleted_at is null order by id', [orders.id]),
      orderVariants: await ids('select id from product_variants where organization_id = $1 and deleted_at is null and active order by id', [
        orders.id,
      ]),
      orderWarehouse: orders.warehouses[0],
      now: new Date(),
    };
  } finally {
    await client.end();
  }
}

const headersFor = (ctx, org) => ({ authorization: `Bearer ${ctx.token}`, 'x-organization': org.slug, 'content-type': 'application/json' });

/** The year before today (whole UTC days), as the dashboard asks. */
function metricsRange(ctx) {
  const d = ctx.now;
  const day = (offset) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + offset));
  return { from: day(-365).toISOString(), to: day(1).toISOString() };
}

function metricsRequest(system, ctx, granularity) {
  const range = metricsRange(ctx);
  return system === 'floor'
    ? { path: '/sales-metrics', body: { ...range, granularity } }
    : { path: '/graphql', body: { query: METRICS_QUERY, variables: { range, granularity } } };
}

// ------------------------------------------------------------------------------------------------
// Answers equal across systems

function firstDifference(a, b, path = '') {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} vs ${b}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? null : `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Array.isArray(a) && a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

/** Normalises dates in a salesMetrics answer (ours prints DateTimeISO, the floor ISO strings). */
const metricsPlain = (m) =>
  JSON.parse(JSON.stringify(m), (key, value) =>
    ['from', 'to', 'periodStart'].includes(key) && typeof value === 'string' ? new Date(value).toISOString() : value,
  );

/** A check's failure names the system's last log lines too (its own reason for a 500). */
async function checking(key, systems, run) {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    const name = SYSTEMS.find((n) => error.message.startsWith(LABELS[n]) || error.message.startsWith(`${n} `));
    const tail = name && systems[name] ? systems[name].output().trim().split('\n').slice(-3).join('\n').slice(-2000) : '';
    markBroken(key, `${error.message.slice(0, 2000)}${tail ? `\n--- last log lines of ${LABELS[name]}:\n${tail}` : ''}`);
  }
}

async function checkAnswers(systems, ctx) {
  const main = headersFor(ctx, ctx.main);
  for (const w of readWorkloads(ctx)) {
    if (wanted(w.key)) await checking(w.key, systems, () => checkRead(w, systems, main));
  }
  if (wanted('metrics')) await checking('metrics', systems, () => checkMetrics(systems, ctx, main));
  if (wanted('orders')) await checking('orders', systems, () => checkOrders(systems, ctx));
}

async function checkRead(w, systems, main) {
  for (const i of [0, 1, 2]) {
    const answers = {};
    for (const name of w.systems) {
      const { path, body } = w.request(name, i);
      const json = await post({ url: systems[name].url, path, headers: main, body, what: `${LABELS[name]}, ${w.title}` });
      answers[name] = w.normalize(name, json);
    }
    const count = JSON.stringify(answers.ours).length;
    for (const name of w.systems.filter((n) => n !== 'ours')) {
      const d = firstDifference(answers.ours, answers[name]);
      if (d) fail(`answers differ for "${w.title}" (call ${i}): ours vs ${LABELS[name]} at ${d}`);
    }
    if (i === 0) log(`[check] ${w.title}: equal across ${w.systems.length} systems (${count} bytes of plain data)`);
  }
}

async function checkMetrics(systems, ctx, main) {
  for (const granularity of ['MONTH', 'DAY']) {
    const answers = {};
    for (const name of ['ours', 'floor']) {
      const { path, body } = metricsRequest(name, ctx, granularity);
      const json = await post({ url: systems[name].url, path, headers: main, body, what: `${LABELS[name]}, salesMetrics ${granularity}` });
      answers[name] = metricsPlain(json.data.salesMetrics);
    }
    const d = firstDifference(answers.ours, answers.floor);
    if (d) fail(`salesMetrics ${granularity} differs from the raw SQL: at ${d}`);
    log(
      `[check] salesMetrics ${granularity}: ours equals the raw SQL (${answers.ours.series.length} periods, ${answers.ours.orderCount} orders, booked ${answers.ours.bookedRevenue.amount})`,
    );
  }
}

async function checkOrders(systems, ctx) {
  const rand = random(7);
  const headers = headersFor(ctx, ctx.orders);
  const created = await post({
    url: systems.ours.url,
    path: '/graphql',
    headers,
    body: { query: ORDER_DOCUMENTS.create, variables: { input: orderInput(ctx, rand) } },
    what: 'ours, createOrder',
  });
  const order = created.data.createOrder;
  if (!order.order || order.errors.length) fail(`ours: createOrder refused: ${JSON.stringify(order.errors)}`);
  const confirmed = await post({
    url: systems.ours.url,
    path: '/graphql',
    headers,
    body: { query: ORDER_DOCUMENTS.confirm, variables: { input: { id: order.order.id } } },
    what: 'ours, confirmOrder',
  });
  if (confirmed.data.confirmOrder.order?.status !== 'CONFIRMED') fail(`ours: confirmOrder did not confirm: ${JSON.stringify(confirmed.data)}`);
  const floor = await post({ url: systems.floor.url, path: '/orders', headers, body: orderInput(ctx, rand), what: 'floor, order' });
  if (floor.data?.order?.status !== 'CONFIRMED') fail(`floor: order not confirmed: ${JSON.stringify(floor)}`);
  log('[check] create + confirm order: ours and the floor both confirm an order of 5 lines');
}

// ------------------------------------------------------------------------------------------------
// Load

/** autocannon's request sequence for one system and workload (each connection loops through it). */
function requestsFor(name, workload, ctx, timings) {
  if (workload.key === 'orders') {
    const rand = random(1000 + Math.floor(Math.random() * 1e6));
    const headers = headersFor(ctx, ctx.orders);
    if (name === 'floor') {
      return [
        {
          method: 'POST',
          path: '/orders',
          headers,
          setupRequest: (req, context) => {
            context.started = performance.now();
            return { ...req, body: JSON.stringify(orderInput(ctx, rand)) };
          },
          onResponse: (status, _body, context) => {
            if (status === 200) timings.push(performance.now() - context.started);
          },
        },
      ];
    }
    return [
      {
        method: 'POST',
        path: '/graphql',
        headers,
        setupRequest: (req, context) => {
          context.started = performance.now();
          context.orderId = null;
          return { ...req, body: JSON.stringify({ query: ORDER_DOCUMENTS.create, variables: { input: orderInput(ctx, rand) } }) };
        },
        onResponse: (_status, body, context) => {
          try {
            context.orderId = JSON.parse(body).data?.createOrder?.order?.id ?? null;
          } catch {
            context.orderId = null;
          }
        },
      },
      {
        method: 'POST',
        path: '/graphql',
        headers,
        setupRequest: (req, context) => ({
          ...req,
          body: JSON.stringify({
            query: ORDER_DOCUMENTS.confirm,
            variables: { input: { id: context.orderId ?? '00000000-0000-0000-0000-000000000000' } },
          }),
        }),
        onResponse: (status, body, context) => {
          if (status === 200 && body.includes('"status":"CONFIRMED"')) timings.push(performance.now() - context.started);
        },
      },
    ];
  }
  let i = 0;
  const headers = headersFor(ctx, ctx.main);
  return [
    {
      method: 'POST',
      headers,
      setupRequest: (req) => {
        const { path, body } = workload.request(name, i++);
        return { ...req, path, body: JSON.stringify(body) };
      },
    },
  ];
}

const add = (map, key, value) => {
  if (!map[key]) map[key] = [];
  map[key].push(value);
};

const orderWorkload = { key: 'orders', title: 'create + confirm an order of 5 lines', connections: 16, systems: ['ours', 'floor'] };

async function timeCell(system, workload, ctx, duration) {
  const timings = [];
  const { result, peak } = await withRssSampling(system, () =>
    cannon({ url: system.url, connections: workload.connections, duration, requests: requestsFor(system.name, workload, ctx, timings) }),
  );
  if (result.errors) fail(`${LABELS[system.name]}, ${workload.title}: ${result.errors} failed requests: ${JSON.stringify(result.detail)}`);
  if (workload.key === 'orders') {
    const sorted = timings.sort((a, b) => a - b);
    return { rps: sorted.length / result.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), requests: result.requests, peak };
  }
  return { rps: result.rps, p50: result.p50, p99: result.p99, requests: result.requests, peak };
}

async function timeMetrics(system, ctx, granularity, runs) {
  const { path, body } = metricsRequest(system.name, ctx, granularity);
  const headers = headersFor(ctx, ctx.main);
  const samples = [];
  const { peak } = await withRssSampling(system, async () => {
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await post({ url: system.url, path, headers, body, what: `${LABELS[system.name]}, salesMetrics ${granularity}` });
      samples.push(performance.now() - start);
    }
  });
  return { samples, peak };
}

// ------------------------------------------------------------------------------------------------
// Statements per request

async function countStatements(ctx) {
  const upstream = new URL(config.url);
  const proxy = new CountingProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
  const port = await proxy.listen();
  const proxied = new URL(config.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  const counts = {};
  const samples = {};
  const cells = [
    ...readWorkloads(ctx),
    orderWorkload,
    ...['MONTH', 'DAY'].map((g) => ({ key: `metrics-${g.toLowerCase()}`, group: 'metrics', granularity: g, systems: ['ours', 'floor'] })),
  ];
  try {
    for (const name of SYSTEMS) {
      const system = await startSystem(name, { root, node: config.node, databaseUrl: proxied.toString(), poolMax: config.poolMax });
      try {
        for (const w of cells) {
          const group = w.group ?? w.key;
          if (!w.systems.includes(name) || !wanted(group)) continue;
          await checking(group, { [name]: system }, () => countCell(proxy, system, w, ctx, counts, samples));
        }
      } finally {
        await system.stop();
      }
    }
  } finally {
    await proxy.close();
  }
  return { counts, samples };
}

/** Statements and round trips of one system and workload: warm-up calls, then `n` counted one after the other. */
async function countCell(proxy, system, w, ctx, counts, samples) {
  const once = makeOnce(system, w, ctx);
  for (let i = 0; i < 3; i++) await once(i);
  const n = w.granularity ? Math.min(3, config.countRequests) : config.countRequests;
  proxy.reset();
  proxy.counting = true;
  proxy.recording = true;
  try {
    await once(100);
    const one = proxy.snapshot();
    proxy.recording = false;
    for (let i = 1; i < n; i++) await once(100 + i);
    const all = proxy.snapshot();
    const key = `${w.key}/${system.name}`;
    counts[key] = { statements: all.statements / n, roundTrips: all.roundTrips / n };
    samples[key] = one.texts.map((t) => (t.length > 300 ? `${t.slice(0, 300)}…` : t));
    log(
      `[count] ${LABELS[system.name]}, ${w.key}: ${counts[key].statements.toFixed(1)} statements, ${counts[key].roundTrips.toFixed(1)} round trips per request`,
    );
  } finally {
    proxy.counting = false;
    proxy.recording = false;
  }
}

/** One call of a workload, awaited (for counting). */
function makeOnce(system, w, ctx) {
  if (w.granularity) {
    const { path, body } = metricsRequest(system.name, ctx, w.granularity);
    return () => post({ url: system.url, path, headers: headersFor(ctx, ctx.main), body, what: `${system.name} salesMetrics` });
  }
  if (w.key === 'orders') {
    const rand = random(99);
    const headers = headersFor(ctx, ctx.orders);
    if (system.name === 'floor') return () => post({ url: system.url, path: '/orders', headers, body: orderInput(ctx, rand), what: 'floor order' });
    return async () => {
      const created = await post({
        url: system.url,
        path: '/graphql',
        headers,
        body: { query: ORDER_DOCUMENTS.create, variables: { input: orderInput(ctx, rand) } },
        what: 'ours createOrder',
      });
      await post({
        url: system.url,
        path: '/graphql',
        headers,
        body: { query: ORDER_DOCUMENTS.confirm, variables: { input: { id: created.data.createOrder.order.id } } },
        what: 'ours confirmOrder',
      });
    };
  }
  return (i) => {
    const { path, body } = w.request(system.name, i);
    return post({ url: system.url, path, headers: headersFor(ctx, ctx.main), body, what: `${system.name} ${w.key}` });
  };
}

// ------------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  log(
    `[bench:api] rounds ${config.rounds}, ${config.duration} s per cell, pool ${config.poolMax} per system; ${availableParallelism()} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  );
  const seeded = await ensureSeeded({ root, url: config.url, node: config.node, reseed: config.reseed });
  const ctx = await loadContext(seeded);
  const { counts, samples } = await countStatements(ctx);

  const systems = {};
  const rest = {};
  try {
    for (const name of SYSTEMS) {
      systems[name] = await startSystem(name, { root, node: config.node, databaseUrl: config.url, poolMax: config.poolMax });
      rest[name] = systems[name].rss();
      log(`[start] ${LABELS[name]} ready on ${systems[name].url} (pid ${systems[name].pid}, RSS ${(rest[name] / 2 ** 20).toFixed(0)} MB)`);
    }
    await checkAnswers(systems, ctx);

    const workloads = [...readWorkloads(ctx).filter((w) => wanted(w.key)), ...(wanted('orders') ? [orderWorkload] : [])];
    const cells = {};
    const peaks = {};
    for (const w of workloads) {
      for (const name of w.systems) {
        if (!wanted(w.key)) continue;
        log(`[warm-up] ${LABELS[name]}, ${w.title}`);
        await checking(w.key, systems, () => timeCell(systems[name], w, ctx, config.warmup));
      }
    }
    for (let round = 0; round < config.rounds; round++) {
      for (const w of workloads) {
        const order = w.systems.map((_, i) => w.systems[(i + round) % w.systems.length]);
        for (const name of order) {
          if (!wanted(w.key)) continue;
          await checking(w.key, systems, async () => {
            const cell = await timeCell(systems[name], w, ctx, config.duration);
            add(cells, `${w.key}/${name}`, cell);
            peaks[name] = Math.max(peaks[name] ?? 0, cell.peak);
            log(
              `[round ${round + 1}/${config.rounds}] ${w.title}, ${LABELS[name]}: ${cell.rps.toFixed(1)}/s, p50 ${cell.p50?.toFixed(1)} ms, p99 ${cell.p99?.toFixed(1)} ms, RSS peak ${(cell.peak / 2 ** 20).toFixed(0)} MB`,
            );
            if (cell.requests < 20)
              log(`  (only ${cell.requests} requests completed in ${config.duration} s: raise BENCH_DURATION for steadier figures)`);
          });
        }
      }
      for (const granularity of ['MONTH', 'DAY']) {
        for (const name of round % 2 ? ['floor', 'ours'] : ['ours', 'floor']) {
          if (!wanted('metrics')) continue;
          await checking('metrics', systems, async () => {
            if (round === 0) await timeMetrics(systems[name], ctx, granularity, 1);
            const { samples: s, peak } = await timeMetrics(systems[name], ctx, granularity, config.metricsRuns);
            add(cells, `metrics-${granularity.toLowerCase()}/${name}`, { samples: s, peak });
            peaks[name] = Math.max(peaks[name] ?? 0, peak);
            const sorted = [...s].sort((a, b) => a - b);
            log(`[round ${round + 1}/${config.rounds}] salesMetrics ${granularity}, ${LABELS[name]}: p50 ${percentile(sorted, 50).toFixed(0)} ms`);
          });
        }
      }
    }
    const after = Object.fromEntries(SYSTEMS.map((n) => [n, systems[n].rss()]));

    let soak = null;
    if (config.soakMinutes) soak = await runSoak(systems.ours, ctx);

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: availableParallelism(), loadavg: loadavg(), node: process.version },
      config: { ...config, url: redact(config.url) },
      seed: { reused: seeded.reused },
      counts,
      statementsOfOneRequest: samples,
      rss: { rest, peak: peaks, after },
      cells,
      soak,
      failed: Object.fromEntries(broken),
      minutes: (Date.now() - started) / 60_000,
    };
    const file = join(root, 'bench', 'results', 'latest.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    printReport(results);
    log(`[bench:api] results written to ${file} (${results.minutes.toFixed(1)} min)`);
    if (broken.size) {
      console.error(`\n[bench:api] FAILED workloads (not timed): ${[...broken.keys()].join(', ')}`);
      for (const [key, message] of broken) console.error(`  ${key}: ${message.split('\n')[0].slice(0, 500)}`);
      process.exitCode = 1;
    }
  } finally {
    for (const s of Object.values(systems)) await s.stop();
  }
}

const redact = (url) => {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
};

/** BENCH_SOAK_MINUTES of the opportunities page against our server, RSS sampled every 10 s. */
async function runSoak(system, ctx) {
  const w = readWorkloads(ctx).find((x) => x.key === 'opportunities');
  const minutes = config.soakMinutes;
  log(`[soak] ${minutes} min of "${w.title}" at c=${w.connections} against our server`);
  const samples = [{ at: 0, rss: system.rss() }];
  const start = Date.now();
  const timer = setInterval(() => samples.push({ at: (Date.now() - start) / 1000, rss: system.rss() }), 10_000);
  let result;
  try {
    result = await cannon({ url: system.url, connections: w.connections, duration: minutes * 60, requests: requestsFor('ours', w, ctx, []) });
  } finally {
    clearInterval(timer);
  }
  samples.push({ at: (Date.now() - start) / 1000, rss: system.rss() });
  // "Start" is the first minute's peak (warm), "end" the last minute's: growth is the drift after warm-up.
  const window = (from, to) => samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rss);
  const startRss = Math.max(...window(0, 60));
  const endRss = Math.max(...window(minutes * 60 - 60, minutes * 60 + 5));
  const soak = { minutes, rps: result.rps, errors: result.errors, startRss, endRss, growthPercent: ((endRss - startRss) / startRss) * 100, samples };
  log(
    `[soak] ${result.rps.toFixed(1)} req/s, RSS ${(startRss / 2 ** 20).toFixed(0)} MB after the first minute → ${(endRss / 2 ** 20).toFixed(0)} MB in the last (${soak.growthPercent.toFixed(1)}%)`,
  );
  return soak;
}

const stopOn = (signal) => {
  log(`[bench:api] ${signal}: stopping the servers`);
  killAll('SIGKILL');
  process.exit(130);
};
process.on('SIGINT', () => stopOn('SIGINT'));
process.on('SIGTERM', () => stopOn('SIGTERM'));

try {
  await main();
} catch (error) {
  killAll('SIGKILL');
  if (error instanceof BenchError) {
    console.error(`\n[bench:api] FAILED: ${error.message}`);
  } else {
    console.error('\n[bench:api] FAILED with an unexpected error:', error);
  }
  process.exit(1);
}
await sleep(0);
