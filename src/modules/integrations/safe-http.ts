import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Outgoing HTTP to addresses users give (webhooks): only public unicast addresses, checked for IP
 * literals before connecting (Node never calls `lookup` for them) and for names at connect time in
 * the `lookup` the socket connects with (so a name that resolves elsewhere on the next try, DNS
 * rebinding, is checked again), no redirects followed. Hosts on the allowlist (local development,
 * tests) may use http and private addresses.
 */
export class UnsafeAddress extends Error {}

/** Why an address may not be reached, or null when it may (IPv4-mapped IPv6 judged as the IPv4 it maps). */
export function addressProblem(address: string): string | null {
  if (!ipaddr.isValid(address)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} is a ${range} address`;
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

/** Why a URL may not be called (scheme, host, IP literal), or null. Names are resolved and checked when connecting. */
export function urlProblem(raw: string, allowHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL`;
  }
  const host = bare(url.hostname);
  const allowed = allowHosts.includes(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed))
    return 'The URL must be https (http only for hosts in WEBHOOK_ALLOW_HOSTS)';
  if (url.username || url.password) return 'The URL must not carry a user name or password';
  if (!allowed && ipaddr.isValid(host)) return addressProblem(host);
  if (!allowed && (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')))
    return `${host} is a local name`;
  return null;
}

/** A `lookup` that refuses names resolving to any address that may not be reached. */
function checkedLookup(allowed: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as { address: string; family: number }[];
      const bad = allowed ? null : list.map((a) => addressProblem(a.address)).find(Boolean);
      if (bad) return callback(new UnsafeAddress(`${hostname} resolves to a refused address: ${bad}`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}

export type SafeResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string; latencyMs: number };

/** POSTs `body` to `url` under the rules above; the response body is read up to `maxBody` bytes. */
export function safePost(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  { allowHosts, timeoutMs = 15_000, maxBody = 4096 }: { allowHosts: readonly string[]; timeoutMs?: number; maxBody?: number },
): Promise<SafeResponse> {
  const problem = urlProblem(rawUrl, allowHosts);
  if (problem) return Promise.reject(new UnsafeAddress(problem));
  const url = new URL(rawUrl);
  const allowed = allowHosts.includes(bare(url.hostname));
  const started = Date.now();
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'SimplyCRM-Webhooks/1', ...headers },
        lookup: checkedLookup(allowed),
        timeout: timeoutMs,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < maxBody) chunks.push(chunk.subarray(0, maxBody - size));
          size += chunk.length;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            latencyMs: Date.now() - started,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}
