/**
 * A TCP proxy in front of PostgreSQL that counts what clients send (pg_stat_statements is not
 * loaded on the bench server, and the cluster must not be restarted to load it).
 *
 * It reads the frontend protocol (startup, then `type byte + int32 length + payload` messages):
 * - statements: every extended-protocol Execute ('E'), and every statement of a simple Query ('Q',
 *   split on `;` outside quotes, comments and dollar quotes);
 * - round trips: a sync point (Query or Sync) sent while no earlier one is waiting for its
 *   ReadyForQuery ('Z', read from the backend stream): a client that pipelines several queries
 *   before reading any answer waits once.
 * While `recording`, it also keeps each statement's text (Parse texts by statement name, bound
 * to portals by Bind) so a report can show what one request sent.
 */
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Splits a simple query into its non-empty statements. */
export function splitStatements(sql) {
  const statements = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      const end = closing(sql, i + 1, c);
      current += sql.slice(i, end);
      i = end;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
      current += ' ';
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      current += ' ';
    } else if (c === '$') {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(i));
      if (tag && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? sql.length : end + tag[0].length;
        current += sql.slice(i, stop);
        i = stop;
      } else {
        current += c;
        i++;
      }
    } else if (c === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
      i++;
    } else {
      current += c;
      i++;
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

/** Index after the quote closing a literal or identifier opened before `from` (doubled quotes stay inside). */
function closing(sql, from, quote) {
  let i = from;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

const cstring = (buf, offset) => {
  const end = buf.indexOf(0, offset);
  return { value: buf.toString('utf8', offset, end), next: end + 1 };
};

export class CountingProxy {
  /** @param {{ host: string, port: number }} upstream */
  constructor(upstream) {
    this.upstream = upstream;
    this.counting = false;
    this.recording = false;
    this.sockets = new Set();
    this.reset();
  }

  reset() {
    this.statements = 0;
    this.roundTrips = 0;
    this.texts = [];
  }

  snapshot() {
    return { statements: this.statements, roundTrips: this.roundTrips, texts: [...this.texts] };
  }

  async listen() {
    this.server = net.createServer((client) => this.#connection(client));
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this.port;
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise((resolve) => this.server.close(() => resolve()));
  }

  #statement(text) {
    if (!this.counting) return;
    this.statements++;
    if (this.recording && this.texts.length < 10_000) this.texts.push(text.replace(/\s+/g, ' ').trim());
  }

  #connection(client) {
    const server = net.connect(this.upstream.port, this.upstream.host);
    this.sockets.add(client);
    this.sockets.add(server);
    const state = {
      startup: true,
      buffer: Buffer.alloc(0),
      backend: Buffer.alloc(0),
      backendRaw: 0,
      pending: 0,
      prepared: new Map(),
      portals: new Map(),
    };
    client.on('data', (chunk) => {
      server.write(chunk);
      state.buffer = Buffer.concat([state.buffer, chunk]);
      this.#frontend(state);
    });
    server.on('data', (chunk) => {
      client.write(chunk);
      this.#backend(state, chunk);
    });
    const end = () => {
      client.destroy();
      server.destroy();
      this.sockets.delete(client);
      this.sockets.delete(server);
    };
    client.on('error', end);
    server.on('error', end);
    client.on('close', end);
    server.on('close', end);
  }

  #frontend(state) {
    for (;;) {
      const buf = state.buffer;
      if (state.startup) {
        if (buf.length < 8) return;
        const length = buf.readInt32BE(0);
        if (buf.length < length) return;
        const code = buf.readInt32BE(4);
        state.buffer = buf.subarray(length);
        // SSL/GSS requests get one unframed byte back, then the real startup follows.
        if (code === SSL_REQUEST || code === GSS_REQUEST) state.backendRaw++;
        else if (code !== CANCEL_REQUEST) state.startup = false;
        continue;
      }
      if (buf.length < 5) return;
      const length = buf.readInt32BE(1);
      if (buf.length < 1 + length) return;
      const type = String.fromCharCode(buf[0]);
      const body = buf.subarray(5, 1 + length);
      state.buffer = buf.subarray(1 + length);
      this.#message(state, type, body);
    }
  }

  #message(state, type, body) {
    switch (type) {
      case 'Q': {
        this.#syncPoint(state);
        for (const s of splitStatements(cstring(body, 0).value)) this.#statement(s);
        break;
      }
      case 'P': {
        const name = cstring(body, 0);
        const query = cstring(body, name.next);
        state.prepared.set(name.value, query.value);
        break;
      }
      case 'B': {
        const portal = cstring(body, 0);
        const statement = cstring(body, portal.next);
        state.portals.set(portal.value, state.prepared.get(statement.value) ?? '(unknown prepared statement)');
        break;
      }
      case 'E': {
        const portal = cstring(body, 0);
        this.#statement(state.portals.get(portal.value) ?? '(unknown portal)');
        break;
      }
      case 'S':
        this.#syncPoint(state);
        break;
      default:
        break;
    }
  }

  #syncPoint(state) {
    if (state.pending === 0 && this.counting) this.roundTrips++;
    state.pending++;
  }

  #backend(state, chunk) {
    let buf = Buffer.concat([state.backend, chunk]);
    while (state.backendRaw > 0 && buf.length > 0) {
      buf = buf.subarray(1);
      state.backendRaw--;
    }
    for (;;) {
      if (buf.length < 5) break;
      const length = buf.readInt32BE(1);
      if (buf.length < 1 + length) break;
      if (buf[0] === 0x5a /* Z */ && state.pending > 0) state.pending--;
      buf = buf.subarray(1 + length);
    }
    state.backend = buf;
  }
}
