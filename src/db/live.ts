import pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import type { SqlOrm } from './orm.js';

/** The PostgreSQL channel live events travel on. */
export const LIVE_CHANNEL = 'simplycrm_live';

/** What a live event names: whose it is and which record (subscribers read the record themselves, under row-level security). */
export type LiveEvent = { organizationId: string; userId: string; kind: string; id: string };

/**
 * Writes a live event in `execute`'s transaction: `pg_notify` is delivered when (and only if) the
 * transaction commits, to every API process listening, whichever process wrote it.
 */
export async function publishLive(execute: (sql: string, params: unknown[]) => Promise<unknown>, event: LiveEvent): Promise<void> {
  await execute('select pg_notify(?, ?)', [LIVE_CHANNEL, JSON.stringify({ o: event.organizationId, u: event.userId, k: event.kind, i: event.id })]);
}

type Listener = (event: LiveEvent) => void;

/**
 * Live events for GraphQL subscriptions, fanned out across processes by PostgreSQL LISTEN/NOTIFY
 * (not process memory): one listening connection per process (a dedicated `pg` client on
 * PostgreSQL, reconnected with backoff; PGlite's own `listen` when embedded), and each subscriber
 * gets only the events of its organization and user.
 */
export class LiveBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private closed = false;
  private retryMs = 500;

  constructor(
    private readonly source:
      | { databaseUrl: string }
      | { pglite: { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> } },
    private readonly log: FastifyBaseLogger,
  ) {}

  static async forOrm(orm: SqlOrm, databaseUrl: string | undefined, log: FastifyBaseLogger): Promise<LiveBus> {
    const source = databaseUrl
      ? { databaseUrl }
      : { pglite: (await (orm.driver.getConnection() as unknown as { getNativeClient(): Promise<unknown> }).getNativeClient()) as never };
    const bus = new LiveBus(source, log);
    await bus.start();
    return bus;
  }

  private deliver(payload: string | undefined) {
    try {
      const raw = JSON.parse(payload ?? '') as { o: string; u: string; k: string; i: string };
      const event = { organizationId: raw.o, userId: raw.u, kind: raw.k, id: raw.i };
      for (const listener of this.listeners.get(`${event.organizationId}:${event.userId}`) ?? []) listener(event);
    } catch (error) {
      this.log.warn({ err: error }, 'malformed live event ignored');
    }
  }

  async start(): Promise<void> {
    if ('pglite' in this.source) {
      this.unlisten = await this.source.pglite.listen(LIVE_CHANNEL, (payload) => this.deliver(payload));
      return;
    }
    const client = new pg.Client({ connectionString: this.source.databaseUrl, application_name: 'simplycrm-live' });
    client.on('notification', (message) => this.deliver(message.payload));
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'live events connection lost; reconnecting');
      this.reconnect();
    });
    await client.connect();
    await client.query(`listen ${LIVE_CHANNEL}`);
    this.client = client;
    this.retryMs = 500;
  }

  private reconnect() {
    const old = this.client;
    this.client = null;
    old?.end().catch(() => undefined);
    if (this.closed) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
    setTimeout(() => {
      if (!this.closed) this.start().catch(() => this.reconnect());
    }, delay).unref();
  }

  /** The events of one user in one organization, until the iterator is returned (the subscription ends). */
  subscribe(organizationId: string, userId: string, kind: string): AsyncIterableIterator<LiveEvent> {
    const key = `${organizationId}:${userId}`;
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const listener: Listener = (event) => {
      if (event.kind !== kind) return;
      // A slow subscriber keeps at most 1000 events waiting: older ones are dropped.
      if (queue.length >= 1000) queue.shift();
      queue.push(event);
      wake?.();
    };
    const set = this.listeners.get(key) ?? new Set();
    set.add(listener);
    this.listeners.set(key, set);
    const stop = () => {
      done = true;
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
      wake?.();
    };
    const iterator: AsyncIterableIterator<LiveEvent> = {
      async next() {
        while (!done && queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (queue.length > 0) return { value: queue.shift() as LiveEvent, done: false };
        return { value: undefined, done: true };
      },
      async return() {
        stop();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  /** How many subscribers are listening (tests, metrics). */
  get subscribers(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of this.listeners.values()) set.clear();
    this.listeners.clear();
    await this.unlisten?.();
    await this.client?.end().catch(() => undefined);
  }
}
