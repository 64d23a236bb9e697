import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** `.env.example` read the way `docker --env-file` reads it: NAME=value, the rest of the line literally. */
function literalEnv(text: string, { examples }: { examples: boolean }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const active = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    const example = examples ? /^# ([A-Z][A-Z0-9_]*)=(.*)$/.exec(line) : null;
    const match = active ?? example;
    if (match) env[match[1]] = match[2];
  }
  return env;
}

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

describe('configuration errors', () => {
  it('reports every bad setting at once, one per line', () => {
    const env = { PORT: 'abc', LOG_LEVEL: 'loud', LOGIN_RATE: 'fast', ALLOW_SIGNUP: 'maybe', REDIS_URL: 'http://cache' };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'PORT must be an integer, got "abc"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
      'REDIS_URL must use redis: or rediss:, got "http:"',
      'ALLOW_SIGNUP must be true or false, got "maybe"',
      'LOGIN_RATE must look like "10/min" (units: s, min, hour, day), got "fast"',
    ]);
    expect((error as ConfigError).message.split('\n')).toEqual(problems);
  });

  it('keeps the one-problem message as it was', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(new ConfigError('PORT must be between 0 and 65535, got 70000'));
  });

  it('never echoes a password from a malformed URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://owner:hunter2@db:port/crm' })).toThrow(/DATABASE_URL must be a URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://owner:hunter2@db:port/crm' })).not.toThrow(/hunter2/);
  });
});

describe('PUBLIC_URL', () => {
  it('keeps only the origin of a valid public URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://crm.example.com/' }).publicUrl).toBe('https://crm.example.com');
    expect(loadConfig({ PUBLIC_URL: 'https://crm.example.com:8443' }).publicUrl).toBe('https://crm.example.com:8443');
    expect(loadConfig({}).publicUrl).toBeUndefined();
  });

  it.each([
    ['https://crm.example.com/app', /PUBLIC_URL must be an origin only/],
    ['https://crm.example.com/?next=1', /PUBLIC_URL must be an origin only/],
    ['ftp://crm.example.com', /PUBLIC_URL must use https: or http:/],
    ['crm.example.com', /PUBLIC_URL must be a URL/],
  ])('refuses %s', (value, message) => {
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(message);
  });

  it('refuses an http: origin while the HTTPS redirect is on (it would loop)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'http://crm.example.com' })).toThrow(/PUBLIC_URL must use https:/);
    expect(loadConfig({ PUBLIC_URL: 'http://localhost:4000' }).publicUrl).toBe('http://localhost:4000');
  });
});

describe('.env.example', () => {
  it('has comments only on their own lines, so a literal parser reads valid values', () => {
    const env = literalEnv(example, { examples: false });
    expect(Object.keys(env).length).toBeGreaterThan(30);
    for (const [name, value] of Object.entries(env)) {
      expect(value, name).not.toMatch(/\s#|^\s|\s$/);
    }
    // every value, read literally, is accepted by the configuration, and gives the documented defaults
    const config = loadConfig(env);
    expect(config).toMatchObject({
      port: 4000,
      nodeEnv: 'development',
      secureFrameAncestors: ["'none'"],
      dbCreate: false,
      loginRate: { points: 10, durationSeconds: 60 },
    });
  });

  it('has valid commented-out examples too', () => {
    expect(() => loadConfig(literalEnv(example, { examples: true }))).not.toThrow();
  });

  it('lists every variable the configuration reads', () => {
    const source = readFileSync(new URL('../../src/config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/\(env, '([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]));
    const listed = new Set(Object.keys(literalEnv(example, { examples: true })));
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
  });
});
