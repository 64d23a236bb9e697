import { CronExpressionParser } from 'cron-parser';
import { dirname, join } from 'node:path';

/**
 * Environment parsed once, typed. Bad values stop start-up with one message naming every bad
 * variable (not only the first): `problems` lists them, `message` joins them one per line.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: string | string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('\n'));
    this.problems = list;
  }
}

/** While `loadConfig` runs, the problems found so far; the readers below record into it and carry on. */
let collecting: string[] | null = null;

/** Records a bad value and returns `fallback` so reading continues (throws when called outside `loadConfig`). */
function problem<T>(message: string, fallback: T): T {
  if (!collecting) throw new ConfigError(message);
  collecting.push(message);
  return fallback;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

export type RateSpec = { points: number; durationSeconds: number };

export type Config = {
  nodeEnv: (typeof NODE_ENVS)[number];
  isProduction: boolean;
  host: string;
  port: number;
  logLevel: (typeof LOG_LEVELS)[number];
  databaseUrl: string | undefined;
  /** Optional login for tenant requests (a member of simplycrm_app, not of the owner); else DATABASE_URL's. */
  databaseAppUrl: string | undefined;
  /** PGlite data directory used when DATABASE_URL is unset. */
  pgliteDataDir: string;
  dbLogQueries: boolean;
  dbPoolMax: number;
  dbStatementTimeoutMs: number;
  dbIdleInTransactionTimeoutMs: number;
  /** How long a process keeps a token's principal and an organization's features (0: not at all); revocation stays immediate (db/session-context.ts). */
  authCacheSeconds: number;
  /** Operations of one organization running at once (each holds a pooled connection), how many may wait, and for how long. */
  orgMaxConcurrentOperations: number;
  /** Campaign e-mails one organization sends a minute at most (CAMPAIGN_RATE_PER_MINUTE). */
  campaignRatePerMinute: number;
  /** The key encrypting stored secrets (webhook signing secrets), 32 bytes (SECRETS_KEY); null: none set. */
  secretsKey: Buffer | null;
  /** Webhooks: hosts allowed over http and on private addresses (local development), days of failure before an endpoint is disabled, days deliveries are kept. */
  webhooks: { allowHosts: string[]; disableAfterDays: number; retentionDays: number };
  orgMaxQueuedOperations: number;
  orgQueueTimeoutMs: number;
  migrateOnStart: boolean;
  /** Create DATABASE_URL's database when it does not exist (otherwise start-up names it and stops). */
  dbCreate: boolean;
  requestTimeoutMs: number;
  redisUrl: string | undefined;
  graphqlIntrospection: boolean;
  graphqlMaxDepth: number;
  graphqlMaxAliases: number;
  graphqlMaxCost: number;
  graphqlMaxTokens: number;
  graphqlMaxDirectives: number;
  allowSignup: boolean;
  signupRate: RateSpec;
  tokenTtlSeconds: number;
  /** Lifetime of an invitation token (INVITATION_TTL_SECONDS). */
  invitationTtlSeconds: number;
  /** Lifetime of a password-reset token (PASSWORD_RESET_TTL_SECONDS). */
  passwordResetTtlSeconds: number;
  /** Password-reset requests per IP and per e-mail address (PASSWORD_RESET_RATE). */
  passwordResetRate: RateSpec;
  /** Outgoing mail (SMTP_URL, MAIL_FROM); null when SMTP_URL is unset (nothing is e-mailed). */
  mail: { smtpUrl: string; from: string } | null;
  loginMaxAttempts: number;
  loginMaxAttemptsPerIp: number;
  loginAttemptWindowSeconds: number;
  loginLockoutSeconds: number;
  loginRate: RateSpec;
  trustProxy: boolean | number | string;
  secureHstsSeconds: number;
  secureHstsIncludeSubdomains: boolean;
  secureHstsPreload: boolean;
  secureSslRedirect: boolean;
  /** Public origin (`https://host[:port]`, PUBLIC_URL): links in e-mails, and the HTTPS redirect's target; unset: plain HTTP is refused, never redirected to the request's Host. */
  publicUrl: string | undefined;
  secureReferrerPolicy: string;
  secureFrameAncestors: string[];
  seedDemo: boolean;
  demoPassword: string | undefined;
  /** Where a generated demo password is written (mode 0600); it is never printed. */
  demoLoginFile: string;
  openai: {
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    /** Per request to the model, in milliseconds. */
    timeoutMs: number;
    /** Retries of a failed request (connection errors, 408/409/429/5xx), with the SDK's backoff. */
    maxRetries: number;
  };
  jobs: {
    /** Run job workers in this process (WORKERS, default on; `npm run worker` runs them alone). */
    workers: boolean;
    /** Workers in this process, each taking a batch of jobs at a time. */
    concurrency: number;
    /** Attempts after the first before a job is dead, first retry delay (doubling, with jitter), and how long one attempt may run. */
    retryLimit: number;
    retryDelaySeconds: number;
    expireSeconds: number;
    /** How often the dispatcher moves new domain events and retry requests into the queue. */
    relayIntervalMs: number;
    /** How often pg-boss's supervisor fails jobs past their expiry (a worker that died) so they are retried. */
    superviseSeconds: number;
    /** Cron (UTC) of each schedule. */
    schedules: { overdueInvoices: string; anomalyScan: string; analyticsRefresh: string; automation: string; notificationDigest: string };
  };
  assistant: {
    /** Tokens one organization may spend on the model per UTC day. */
    dailyTokenBudget: number;
    /** Rounds of tool calls the model may make for one question. */
    maxToolRounds: number;
    /** Longest one answer may take, model calls, retries and tools together. */
    deadlineMs: number;
  };
};

function str(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function int(env: Env, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) return problem(`${name} must be an integer, got "${raw}"`, fallback);
  const value = Number(raw);
  if (value < min || value > max) return problem(`${name} must be between ${min} and ${max}, got ${value}`, fallback);
  return value;
}

/** A five-field cron expression (minute hour day month weekday), read in UTC. */
function cron(env: Env, name: string, fallback: string): string {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (raw.split(/\s+/).length !== 5)
    return problem(`${name} must be a cron expression of 5 fields (minute hour day month weekday), got "${raw}"`, fallback);
  try {
    CronExpressionParser.parse(raw, { tz: 'UTC' });
  } catch (error) {
    return problem(`${name} is not a valid cron expression ("${raw}"): ${(error as Error).message}`, fallback);
  }
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  return problem(`${name} must be true or false, got "${raw}"`, fallback);
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  if (!values.includes(raw as T)) return problem(`${name} must be one of ${values.join(', ')}, got "${raw}"`, fallback);
  return raw as T;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return problem(`${name} must be a URL (${protocols.join(' or ')}), got "${redactUrl(raw)}"`, undefined);
  }
  if (!protocols.includes(parsed.protocol)) {
    return problem(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`, undefined);
  }
  return raw;
}

const RATE_UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600, d: 86400, day: 86400 };

/** Parses the product's throttle notation, e.g. `10/min`, `100/hour`, `5/30s`. */
export function parseRate(name: string, raw: string): RateSpec {
  const match = /^(\d+)\s*\/\s*(\d+)?\s*([a-z]+)$/i.exec(raw.trim());
  const unit = match?.[3]?.toLowerCase();
  if (!match || !unit || !(unit in RATE_UNITS) || Number(match[1]) < 1) {
    return problem(`${name} must look like "10/min" (units: s, min, hour, day), got "${raw}"`, { points: 1, durationSeconds: 1 });
  }
  return { points: Number(match[1]), durationSeconds: Number(match[2] ?? 1) * RATE_UNITS[unit] };
}

/**
 * `false`, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs (Fastify's
 * forms). `true` trusts every X-Forwarded-For entry, which lets clients choose their IP: allowed,
 * but the README recommends hops or addresses.
 */
/** SECRETS_KEY: 32 bytes as 64 hex digits or base64. */
function secretsKey(env: Env): Buffer | null {
  const raw = str(env, 'SECRETS_KEY');
  if (!raw) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) return problem('SECRETS_KEY must be 32 bytes: 64 hex digits or base64 (e.g. `openssl rand -base64 32`)', null);
  return key;
}

function trustProxy(env: Env): boolean | number | string {
  const raw = str(env, 'TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, { min: 0, max: 20 });
  if (!/^[0-9a-fA-F.:/,\s]+$/.test(raw)) {
    return problem(`TRUST_PROXY must be false, true, a number of hops or a list of proxy addresses/CIDRs, got "${raw}"`, false);
  }
  return raw;
}

/** SMTP_URL and MAIL_FROM go together: mail needs a sender, and a sender without a server is a mistake. */
function mail(env: Env): Config['mail'] {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const from = str(env, 'MAIL_FROM');
  if (from !== undefined && !/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(from)) {
    return problem(`MAIL_FROM must be an e-mail address, optionally with a name ("SimplyCRM <crm@example.com>"), got "${from}"`, null);
  }
  if (smtpUrl && !from) return problem('SMTP_URL needs MAIL_FROM (the sender address of e-mails)', null);
  if (from && !smtpUrl) return problem('MAIL_FROM needs SMTP_URL (the server that sends e-mails)', null);
  return smtpUrl && from ? { smtpUrl, from } : null;
}

function databaseAppUrl(env: Env): string | undefined {
  const value = url(env, 'DATABASE_APP_URL', ['postgres:', 'postgresql:']);
  if (value && !str(env, 'DATABASE_URL')) return problem('DATABASE_APP_URL needs DATABASE_URL (the embedded database has one login)', undefined);
  return value;
}

/**
 * The public origin (`https://crm.example.com`) the HTTPS redirect sends clients to. Only an origin:
 * a path, query or fragment would be silently dropped or glued to every redirected URL.
 */
function publicUrl(env: Env, sslRedirect: boolean): string | undefined {
  const raw = url(env, 'PUBLIC_URL', ['https:', 'http:']);
  if (raw === undefined) return undefined;
  const parsed = new URL(raw);
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash || parsed.username || parsed.password) {
    return problem(`PUBLIC_URL must be an origin only (like https://crm.example.com), got "${redactUrl(raw)}"`, undefined);
  }
  if (sslRedirect && parsed.protocol !== 'https:') {
    return problem('PUBLIC_URL must use https: while SECURE_SSL_REDIRECT is on (the redirect would loop)', undefined);
  }
  return parsed.origin;
}

/** A URL for messages: any password replaced by `***`. */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** Reads the whole environment; throws one ConfigError listing every bad value. */
export function loadConfig(env: Env = process.env): Config {
  const outer = collecting;
  const problems: string[] = [];
  collecting = problems;
  try {
    const config = readConfig(env);
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  } finally {
    collecting = outer;
  }
}

function readConfig(env: Env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';
  const loginMaxAttempts = int(env, 'LOGIN_MAX_ATTEMPTS', 5, { min: 1 });
  const secureSslRedirect = bool(env, 'SECURE_SSL_REDIRECT', isProduction);
  const dbPoolMax = int(env, 'DB_POOL_MAX', 10, { min: 1, max: 1000 });
  return {
    nodeEnv,
    isProduction,
    host: str(env, 'HOST') ?? '127.0.0.1',
    port: int(env, 'PORT', 4000, { min: 0, max: 65535 }),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseAppUrl: databaseAppUrl(env),
    pgliteDataDir: str(env, 'PGLITE_DATA_DIR') ?? '.data/pglite',
    dbLogQueries: bool(env, 'DB_LOG_QUERIES', false),
    dbPoolMax,
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, { min: 100 }),
    dbIdleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, { min: 100 }),
    authCacheSeconds: int(env, 'AUTH_CACHE_SECONDS', 60, { min: 0, max: 3600 }),
    // Half the pool by default: one organization's heavy queries leave the other half to everyone else.
    campaignRatePerMinute: int(env, 'CAMPAIGN_RATE_PER_MINUTE', 600, { min: 1, max: 100_000 }),
    secretsKey: secretsKey(env),
    webhooks: {
      allowHosts: (str(env, 'WEBHOOK_ALLOW_HOSTS') ?? '')
        .split(',')
        .map((h) =>
          h
            .trim()
            .toLowerCase()
            .replace(/^\[|\]$/g, ''),
        )
        .filter(Boolean),
      disableAfterDays: int(env, 'WEBHOOK_DISABLE_AFTER_DAYS', 5, { min: 1, max: 365 }),
      retentionDays: int(env, 'WEBHOOK_RETENTION_DAYS', 30, { min: 1, max: 3650 }),
    },
    orgMaxConcurrentOperations: int(env, 'ORG_MAX_CONCURRENT_OPERATIONS', Math.max(1, Math.floor(dbPoolMax / 2)), { min: 1, max: 1000 }),
    orgMaxQueuedOperations: int(env, 'ORG_MAX_QUEUED_OPERATIONS', 1000, { min: 0, max: 100_000 }),
    orgQueueTimeoutMs: int(env, 'ORG_QUEUE_TIMEOUT_MS', 10_000, { min: 1, max: 600_000 }),
    migrateOnStart: bool(env, 'MIGRATE_ON_START', true),
    dbCreate: bool(env, 'DB_CREATE', false),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 60_000, { min: 1000 }),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    graphqlIntrospection: bool(env, 'GRAPHQL_INTROSPECTION', !isProduction),
    graphqlMaxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 12, { min: 1 }),
    graphqlMaxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, { min: 1 }),
    graphqlMaxCost: int(env, 'GRAPHQL_MAX_COST', 25_000, { min: 1 }),
    graphqlMaxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 2000, { min: 1 }),
    graphqlMaxDirectives: int(env, 'GRAPHQL_MAX_DIRECTIVES', 50, { min: 1 }),
    allowSignup: bool(env, 'ALLOW_SIGNUP', true),
    signupRate: parseRate('SIGNUP_RATE', str(env, 'SIGNUP_RATE') ?? '5/hour'),
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 30 * 86400, { min: 60 }),
    invitationTtlSeconds: int(env, 'INVITATION_TTL_SECONDS', 7 * 86400, { min: 60, max: 90 * 86400 }),
    passwordResetTtlSeconds: int(env, 'PASSWORD_RESET_TTL_SECONDS', 3600, { min: 60, max: 7 * 86400 }),
    passwordResetRate: parseRate('PASSWORD_RESET_RATE', str(env, 'PASSWORD_RESET_RATE') ?? '5/hour'),
    mail: mail(env),
    loginMaxAttempts,
    loginMaxAttemptsPerIp: int(env, 'LOGIN_MAX_ATTEMPTS_PER_IP', loginMaxAttempts * 4, { min: 1 }),
    loginAttemptWindowSeconds: int(env, 'LOGIN_ATTEMPT_WINDOW', 900, { min: 1 }),
    loginLockoutSeconds: int(env, 'LOGIN_LOCKOUT_SECONDS', 900, { min: 1 }),
    loginRate: parseRate('LOGIN_RATE', str(env, 'LOGIN_RATE') ?? '10/min'),
    trustProxy: trustProxy(env),
    secureHstsSeconds: int(env, 'SECURE_HSTS_SECONDS', isProduction ? 31536000 : 0),
    secureHstsIncludeSubdomains: bool(env, 'SECURE_HSTS_INCLUDE_SUBDOMAINS', true),
    secureHstsPreload: bool(env, 'SECURE_HSTS_PRELOAD', false),
    secureSslRedirect,
    publicUrl: publicUrl(env, secureSslRedirect),
    secureReferrerPolicy: oneOf(
      env,
      'SECURE_REFERRER_POLICY',
      ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'origin', 'no-referrer-when-downgrade'],
      'same-origin',
    ),
    secureFrameAncestors: (str(env, 'SECURE_FRAME_ANCESTORS') ?? "'none'").split(/\s+/),
    seedDemo: bool(env, 'SEED_DEMO', str(env, 'DATABASE_URL') === undefined),
    demoPassword: str(env, 'DEMO_PASSWORD'),
    // Next to the embedded data directory (`.data/` by default) whether or not PGlite is used.
    demoLoginFile: str(env, 'DEMO_LOGIN_FILE') ?? join(dirname(str(env, 'PGLITE_DATA_DIR') ?? '.data/pglite'), 'demo-login.txt'),
    openai: {
      apiKey: str(env, 'OPENAI_API_KEY'),
      baseUrl: url(env, 'OPENAI_BASE_URL', ['http:', 'https:']),
      model: str(env, 'OPENAI_MODEL') ?? 'gpt-4o-mini',
      timeoutMs: int(env, 'OPENAI_TIMEOUT_MS', 30_000, { min: 100, max: 600_000 }),
      maxRetries: int(env, 'OPENAI_MAX_RETRIES', 2, { min: 0, max: 5 }),
    },
    jobs: {
      workers: bool(env, 'WORKERS', true),
      concurrency: int(env, 'JOB_CONCURRENCY', 4, { min: 1, max: 100 }),
      retryLimit: int(env, 'JOB_RETRY_LIMIT', 5, { min: 0, max: 50 }),
      retryDelaySeconds: int(env, 'JOB_RETRY_DELAY_SECONDS', 10, { min: 1, max: 86_400 }),
      expireSeconds: int(env, 'JOB_EXPIRE_SECONDS', 300, { min: 1, max: 86_400 }),
      relayIntervalMs: int(env, 'EVENT_RELAY_INTERVAL_MS', 500, { min: 10, max: 600_000 }),
      superviseSeconds: int(env, 'JOB_SUPERVISE_INTERVAL_SECONDS', 60, { min: 1, max: 3_600 }),
      schedules: {
        overdueInvoices: cron(env, 'SCHEDULE_OVERDUE_INVOICES', '5 0 * * *'),
        anomalyScan: cron(env, 'SCHEDULE_ANOMALY_SCAN', '30 1 * * *'),
        analyticsRefresh: cron(env, 'SCHEDULE_ANALYTICS_REFRESH', '0 2 * * *'),
        automation: cron(env, 'SCHEDULE_AUTOMATION', '* * * * *'),
        notificationDigest: cron(env, 'SCHEDULE_NOTIFICATION_DIGEST', '0 7 * * *'),
      },
    },
    assistant: {
      dailyTokenBudget: int(env, 'ASSISTANT_DAILY_TOKEN_BUDGET', 200_000, { min: 1 }),
      maxToolRounds: int(env, 'ASSISTANT_MAX_TOOL_ROUNDS', 3, { min: 0, max: 10 }),
      deadlineMs: int(env, 'ASSISTANT_DEADLINE_MS', 90_000, { min: 1_000, max: 600_000 }),
    },
  };
}
