import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export class BenchError extends Error {
  name = 'BenchError';
}

/** Stops the run with a message naming what went wrong (the runner prints it without a stack). */
export function fail(message) {
  throw new BenchError(message);
}

export const log = (message) => console.error(message);

export async function timed(run) {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion, collecting its output. */
export function runChild(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Resident set size of a process in bytes (VmRSS), or null when it has exited. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function positiveInt(name, fallback) {
  const raw = process.env[name]?.replaceAll('_', '');
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) fail(`${name} must be a positive number, got "${process.env[name]}"`);
  return value;
}

/** Nearest-rank percentile of sorted numbers. */
export const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null;

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
