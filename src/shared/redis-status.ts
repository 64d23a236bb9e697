import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Whether Redis answers, for /readyz and the logs. ioredis reconnects on its own; every connection
 * event re-reads its status, and only a change (up → down, down → up) is logged, so an outage
 * writes two lines, not one per request or per reconnect attempt.
 */
export class RedisStatus {
  private up: boolean | null = null;

  constructor(
    private readonly client: Redis,
    private readonly log: Logger,
    private readonly fallback: string,
  ) {
    for (const event of ['ready', 'error', 'close', 'end', 'reconnecting']) client.on(event, (error?: unknown) => this.update(error));
  }

  get reachable(): boolean {
    return this.client.status === 'ready';
  }

  /** Waits up to `ms` for the first connection, so start-up logs the real state; never throws. */
  async settle(ms: number): Promise<void> {
    if (this.reachable) return this.update();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        this.client.off('error', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.client.once('ready', done);
      this.client.once('error', done);
    });
    this.update();
  }

  private update(error?: unknown): void {
    const up = this.reachable;
    if (up === this.up) return;
    // The first state seen while still connecting is not news yet: wait for a verdict.
    if (this.up === null && !up && error === undefined && this.client.status !== 'end' && this.client.status !== 'close') return;
    const first = this.up === null;
    this.up = up;
    if (up) this.log.info(first ? 'Redis connected: login counters in Redis' : 'Redis reachable again: login counters back in Redis');
    else
      this.log.warn(
        { err: error instanceof Error ? { message: error.message } : undefined },
        `Redis unreachable: login counters and lockouts now in ${this.fallback} until it is back; /readyz reports "degraded"`,
      );
  }
}
