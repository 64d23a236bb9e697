/**
 * The four systems, each started as its own child process (so its RSS can be read from /proc),
 * stopped on exit or failure, and polled for readiness before use.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, log, rssOf, sleep } from './util.js';

const children = new Set();

/** Kills every child still running (on exit, failure or a signal). */
export function killAll(signal = 'SIGKILL') {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

process.on('exit', () => killAll());

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const SYSTEMS = ['ours', 'postgraphile', 'apollo', 'floor'];

/** The Node flags `npm start` runs the server with (its heap bounds), so ours is measured as users run it. */
function startFlags(root) {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts?.start ?? '';
  const match = /exec node (.*?)dist\/src\/main\.js/.exec(start);
  return match ? match[1].trim().split(/\s+/).filter(Boolean) : [];
}

export const LABELS = {
  ours: 'ours',
  postgraphile: 'PostGraphile 5',
  apollo: 'bare Apollo 5 + DataLoader + pg',
  floor: 'node:http + pg floor',
};

/**
 * Starts one system against `databaseUrl`; resolves once it answers its readiness route.
 * @returns {Promise<{ name: string, url: string, pid: number, stop: () => Promise<void>, rss: () => number | null, output: () => string }>}
 */
export async function startSystem(name, { root, node, databaseUrl, poolMax }) {
  const port = await freePort();
  const bench = join(root, 'bench');
  let args;
  let env;
  let ready;
  if (name === 'ours') {
    args = [...startFlags(root), join(root, 'dist/src/main.js')];
    env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DB_POOL_MAX: String(poolMax),
      // One organization takes all the load here: give it the whole pool, as the other systems have.
      ORG_MAX_CONCURRENT_OPERATIONS: String(poolMax),
      ORG_MAX_QUEUED_OPERATIONS: '100000',
      WORKERS: 'off',
      MIGRATE_ON_START: 'false',
      SEED_DEMO: 'false',
      // Plain HTTP on loopback: no HTTPS redirect.
      SECURE_SSL_REDIRECT: 'false',
      GRAPHQL_MAX_COST: '10000000',
      GRAPHQL_MAX_ALIASES: '100',
      GRAPHQL_MAX_TOKENS: '100000',
      DB_STATEMENT_TIMEOUT_MS: '600000',
    };
    ready = '/readyz';
  } else {
    args = [join(bench, 'src/servers', `${name}.js`)];
    env = { DATABASE_URL: databaseUrl, PORT: String(port), POOL_MAX: String(poolMax), NODE_ENV: 'production' };
    ready = '/health';
  }
  const child = spawn(node, args, {
    cwd: name === 'ours' ? root : bench,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) fail(`${LABELS[name]} exited during start-up (code ${child.exitCode}):\n${output.slice(-4000)}`);
    try {
      const response = await fetch(url + ready);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      fail(`${LABELS[name]} was not ready on ${url}${ready} within 120 s:\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
  return {
    name,
    url,
    pid: child.pid,
    rss: () => rssOf(child.pid),
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
}

/** Samples a system's RSS every 100 ms while `run` goes; returns its result and the peak. */
export async function withRssSampling(system, run) {
  let peak = system.rss() ?? 0;
  const timer = setInterval(() => {
    const rss = system.rss();
    if (rss && rss > peak) peak = rss;
  }, 100);
  try {
    const result = await run();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

export { log };
