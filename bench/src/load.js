/** Load through autocannon (programmatic), and single requests for checks and timing loops. */
import autocannon from 'autocannon';
import { fail } from './util.js';

/**
 * POSTs JSON and returns the parsed answer; fails loudly on a non-2xx status or a body that says it failed.
 * @param {{ url: string, path: string, headers?: Record<string,string>, body: unknown, what: string }} request
 */
export async function post({ url, path, headers = {}, body, what }) {
  let response;
  try {
    response = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  } catch (error) {
    fail(`${what}: request to ${url}${path} failed: ${error.message}`);
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    fail(`${what}: HTTP ${response.status}, not JSON: ${text.slice(0, 500)}`);
  }
  if (!response.ok || json.errors?.length) fail(`${what}: HTTP ${response.status}: ${text.slice(0, 1500)}`);
  return json;
}

/** A body that reports failure: top-level GraphQL errors, non-empty payload errors, or the floor's error field. */
const failed = (body) => body.includes('"errors":[{') || body.startsWith('{"error"');

/**
 * Runs autocannon for `duration` seconds at `connections`; `requests` is autocannon's request
 * sequence (each connection loops through it). Counts answers that are 2xx but say they failed.
 */
export async function cannon({ url, connections, duration, requests, onOrder }) {
  let bad = 0;
  let firstBad = null;
  const checked = requests.map((r) => ({
    ...r,
    onResponse: (status, body, context, headers) => {
      if (status >= 200 && status < 300 && failed(body)) {
        bad++;
        firstBad ??= body.slice(0, 500);
      }
      r.onResponse?.(status, body, context, headers);
    },
  }));
  const result = await autocannon({
    url,
    connections,
    duration,
    pipelining: 1,
    timeout: 30,
    requests: checked,
    initialContext: {},
    setupClient: undefined,
  });
  const errors = result.errors + result.timeouts + result.non2xx + bad;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    detail: errors ? { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, failedBodies: bad, firstBad } : null,
    onOrder,
  };
}
