import type { Socket } from 'node:net';
import { setImmediate as nextPass } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Starts refusing new requests (503 + `Connection: close`) and resolves once every accepted request is answered. */
    drain(): Promise<void>;
  }
}

/** How long a connection that has sent nothing yet may take to send its request once draining starts. */
const FRESH_CONNECTION_GRACE_MS = 1000;

type SocketState = { active: number; served: number };

/**
 * Graceful shutdown for the HTTP server. `drain()` (called by main.ts on SIGTERM, before
 * `close()`): keeps listening, so connections already queued are answered rather than reset;
 * answers requests arriving from now on with 503 + `Connection: close`; gives every response
 * `Connection: close`, so no keep-alive connection outlives its requests; closes idle keep-alive
 * connections at once; waits for every request in flight. A connection accepted but not yet
 * read gets a short grace to send its request (it is answered 503), instead of being reset.
 */
export function installDrain(app: FastifyInstance): void {
  const sockets = new Map<Socket, SocketState>();
  let draining = false;
  let inFlight = 0;
  let settled: (() => void) | null = null;
  let freshGraceOver = false;
  const check = () => {
    if (!settled || inFlight > 0) return;
    if (!freshGraceOver && [...sockets.values()].some((s) => s.served === 0 && s.active === 0)) return;
    settled();
  };

  app.server.on('connection', (socket: Socket) => {
    sockets.set(socket, { active: 0, served: 0 });
    socket.once('close', () => {
      sockets.delete(socket);
      check();
    });
  });

  app.decorate('drain', async () => {
    draining = true;
    // Let the event loop read what clients already sent: a request still in a socket's buffer
    // makes that connection busy (it gets an answer), where closing it as idle would reset it.
    await nextPass();
    await nextPass();
    for (const [socket, state] of sockets) if (state.active === 0 && state.served > 0) socket.destroy();
    const grace = setTimeout(() => {
      freshGraceOver = true;
      check();
    }, FRESH_CONNECTION_GRACE_MS);
    await new Promise<void>((resolve) => {
      settled = resolve;
      check();
    });
    clearTimeout(grace);
  });

  app.addHook('onRequest', async (request, reply) => {
    const state = sockets.get(request.raw.socket);
    inFlight++;
    if (state) state.active++;
    // 'close' fires once per response, whether it was sent or the client went away.
    reply.raw.once('close', () => {
      inFlight--;
      if (state) {
        state.active--;
        state.served++;
      }
      check();
    });
    if (!draining || request.url === '/healthz') return;
    return reply.code(503).header('connection', 'close').header('retry-after', '5').send({ status: 'unavailable', reason: 'shutting down' });
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) reply.header('connection', 'close');
  });
}
