import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it("uses the product's login-protection defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      loginMaxAttempts: 5,
      loginAttemptWindowSeconds: 900,
      loginLockoutSeconds: 900,
      loginRate: { points: 10, durationSeconds: 60 },
      port: 4000,
      databaseUrl: undefined,
      seedDemo: true,
      allowSignup: true,
      graphqlIntrospection: true,
    });
  });

  it('runs job workers in-process by default, with schedules in UTC cron, and names bad job settings', () => {
    expect(loadConfig({}).jobs).toMatchObject({
      workers: true,
      retryLimit: 5,
      schedules: { overdueInvoices: '5 0 * * *', anomalyScan: '30 1 * * *', analyticsRefresh: '0 2 * * *' },
    });
    expect(loadConfig({ WORKERS: 'off', SCHEDULE_ANOMALY_SCAN: '0 4 * * 1' }).jobs).toMatchObject({
      workers: false,
      schedules: { anomalyScan: '0 4 * * 1' },
    });
    const problems = (() => {
      try {
        loadConfig({ WORKERS: 'sometimes', SCHEDULE_OVERDUE_INVOICES: '61 0 * * *', SCHEDULE_ANALYTICS_REFRESH: 'nightly', JOB_RETRY_LIMIT: '-1' });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      'WORKERS must be true or false, got "sometimes"',
      'JOB_RETRY_LIMIT must be between 0 and 50, got -1',
      expect.stringMatching(/^SCHEDULE_OVERDUE_INVOICES is not a valid cron expression \("61 0 \* \* \*"\)/),
      'SCHEDULE_ANALYTICS_REFRESH must be a cron expression of 5 fields (minute hour day month weekday), got "nightly"',
    ]);
  });

  it('hardens production by default', () => {
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/crm' })).toMatchObject({
      graphqlIntrospection: false,
      secureHstsSeconds: 31536000,
      secureSslRedirect: true,
      seedDemo: false,
    });
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer, got "abc"/],
    ['PORT', '70000', /PORT must be between 0 and 65535/],
    ['NODE_ENV', 'staging', /NODE_ENV must be one of development, production, test/],
    ['DATABASE_URL', 'mysql://x/y', /DATABASE_URL must use postgres: or postgresql:/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['REDIS_URL', 'http://x', /REDIS_URL must use redis: or rediss:/],
    ['LOGIN_RATE', 'fast', /LOGIN_RATE must look like "10\/min"/],
    ['LOGIN_MAX_ATTEMPTS', '0', /LOGIN_MAX_ATTEMPTS must be between 1/],
    ['ALLOW_SIGNUP', 'maybe', /ALLOW_SIGNUP must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('names %s when it is invalid (%s)', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('keeps each organization to half the connection pool by default, and takes an explicit limit', () => {
    expect(loadConfig({})).toMatchObject({ dbPoolMax: 10, orgMaxConcurrentOperations: 5, orgMaxQueuedOperations: 1000, orgQueueTimeoutMs: 10_000 });
    expect(loadConfig({ DB_POOL_MAX: '1' }).orgMaxConcurrentOperations).toBe(1);
    expect(loadConfig({ DB_POOL_MAX: '30', ORG_MAX_CONCURRENT_OPERATIONS: '4' }).orgMaxConcurrentOperations).toBe(4);
    expect(() => loadConfig({ ORG_MAX_CONCURRENT_OPERATIONS: '0' })).toThrow(/ORG_MAX_CONCURRENT_OPERATIONS/);
  });

  it('refuses DATABASE_APP_URL without DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_APP_URL: 'postgres://app@db/crm' })).toThrow(/DATABASE_APP_URL needs DATABASE_URL/);
    expect(loadConfig({ DATABASE_URL: 'postgres://owner@db/crm', DATABASE_APP_URL: 'postgres://app@db/crm' }).databaseAppUrl).toBe(
      'postgres://app@db/crm',
    );
  });

  it('accepts proxy hop counts and address lists, and names anything else', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY must be/);
  });

  it('parses throttle notations', () => {
    expect(loadConfig({ LOGIN_RATE: '100/hour' }).loginRate).toEqual({ points: 100, durationSeconds: 3600 });
    expect(loadConfig({ LOGIN_RATE: '5/30s' }).loginRate).toEqual({ points: 5, durationSeconds: 30 });
  });

  it('reads outgoing mail settings only together, and validates them and PUBLIC_URL', () => {
    expect(loadConfig({}).mail).toBeNull();
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'SimplyCRM <crm@example.com>' }).mail).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      from: 'SimplyCRM <crm@example.com>',
    });
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com' })).toThrow(/SMTP_URL needs MAIL_FROM/);
    expect(() => loadConfig({ MAIL_FROM: 'crm@example.com' })).toThrow(/MAIL_FROM needs SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com', MAIL_FROM: 'crm@example.com' })).toThrow(/SMTP_URL must use smtp: or smtps:/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com', MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM must be an e-mail address/);
    expect(loadConfig({ PUBLIC_URL: 'https://crm.example.com/' }).publicUrl).toBe('https://crm.example.com');
    expect(() => loadConfig({ PUBLIC_URL: 'https://crm.example.com/?x=1' })).toThrow(/PUBLIC_URL must be an origin only/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://crm.example.com' })).toThrow(/PUBLIC_URL must use https: or http:/);
    expect(loadConfig({})).toMatchObject({
      invitationTtlSeconds: 604800,
      passwordResetTtlSeconds: 3600,
      passwordResetRate: { points: 5, durationSeconds: 3600 },
    });
  });
});
