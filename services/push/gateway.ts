// The push gateway: WebSocket fan-out of committed push messages on its own port. The only
// module that imports uWebSockets.js; subscriptions (hub/subscriptions.ts, with the ordering
// guarantees), coalescing (hub/coalesce.ts) and dialects (dialects.ts) live beside it.
//
// Live messages fan out natively: each channel is a uWS topic per dialect, published once per
// message (or coalesced tick) and copied to every subscribed socket in C++. JavaScript touches
// single sockets only to replay history to a subscription that is catching up.
//
// - No socket without a principal: credentials are checked in the upgrade handler; a refusal is
//   an HTTP 401 and the upgrade never happens. A session that ends (it expired, or was revoked)
//   closes its sockets (4001).
// - Memory is bounded: a socket whose unsent bytes pass maxBufferBytes is closed (4008) and
//   comes back with `since`; replay buffers and coalescing queues have fixed caps.
// - A socket is not shut as it opens. The upgrade comes after an asynchronous authentication. In
//   this uWS version, res.cork() applies HTTP connection-close logic, once its callback returns, to
//   what it still takes for the HTTP response; an upgrade inside that callback has turned it into a
//   WebSocket (its memory shrunk in place), so the HTTP `state` read there is stale: a
//   `Connection: close` handshake, or whatever native allocation reused those bytes in the open
//   turn, shut the new socket without a close frame (1006 at the client). So the upgrade is not
//   corked (it writes the 101 itself), and a handshake whose Connection header names no upgrade is
//   refused with 400 (uncorked, uWS would shut it after the 101 and never report its close).
//   Fixed in uWS core v20.79.0 (uNetworking/uWebSockets#1929); see README.
import uWS from 'uWebSockets.js';
import type { HttpResponse, WebSocket, us_listen_socket } from 'uWebSockets.js';
import { channel as channelName, pushCloseCodes, type CommandFrame } from '../../contracts/push.js';
import { isDomainError } from '../../domain/errors.js';
import type { PushHistory } from '../../projections/push/history.js';
import type { PushMessage } from '../../projections/push/store.js';
import { v1Dialect, type EphemeralNotice, type Principal, type PushDialect } from './dialects.js';
import { coalescer } from './hub/coalesce.js';
import { createHub, type Conn } from './hub/subscriptions.js';
import { bounded, orderedRunner } from './ordered.js';
import { presenceTable } from './presence.js';

export interface PushGatewayLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PushGatewayOptions {
  /** 0 picks a free port; the chosen one is in the result. */
  port: number;
  host: string;
  /** The session a /v1 token stands for (a user id alone: no expiry), or null for a bad token. */
  authenticate(token: string): Promise<string | Principal | null>;
  /** Whether the user may read the channel (`user:` owner, group member, ...). */
  authorize(userId: string, channel: string): Promise<boolean>;
  history: PushHistory;
  /** Unsent bytes a socket may hold before it is dropped as a slow consumer. */
  maxBufferBytes: number;
  /** Seconds without traffic before a socket is closed; pings keep a healthy one alive. */
  idleTimeoutSeconds: number;
  /** Gift frames of one room are merged per tick of this many ms; 0 sends each at once. */
  coalesceMs: number;
  log: PushGatewayLog;
  /** Seed apps' socket dialects, beside /v1's own. */
  dialects?: readonly PushDialect[];
  /**
   * Runs a command frame (send, read, enter, leave) through the application layer for the
   * socket's principal; its answer is acked, its coded refusal sent back as an error frame.
   * Without it, command frames are refused as UNAVAILABLE.
   */
  execute?(principal: Principal, dialect: string, command: CommandFrame): Promise<CommandAnswer>;
  /** Channels one connection may hold (default 64). */
  maxSubscriptions?: number;
  /** Live messages held per subscription while its history is read (default 10,000); past it, resync. */
  maxReplayBuffer?: number;
  /** How often sessions are checked for their end (default 5 s). */
  sessionSweepMs?: number;
  /** A user came online here (first socket) or went offline (last socket closed); guests are not users. */
  onPresence?(userId: string, online: boolean): void;
  /** How long a message waits for a dialect's lookup (a sender's card) before it is published anyway (default 500 ms). */
  prepareWaitMs?: number;
}

/** What a command frame's use case answered, and channels the socket holds or drops because of it. */
export interface CommandAnswer {
  data: Record<string, unknown>;
  subscribe?: string[];
  unsubscribe?: string[];
}

export interface PushGateway {
  port: number;
  /** Announces a committed message; call in seq order per channel. Seqs already announced are dropped. */
  publish(message: PushMessage): void;
  /** A user lost a channel (removed from a group): their subscriptions to it end at once. */
  revoke(channel: string, userId: string): void;
  /** A session ended (signed out, revoked): its sockets are closed. */
  endSession(token: string): void;
  /** Sessions ended, named by their keys (the form other processes announce them in): their sockets are closed. */
  endSessions(keys: readonly string[]): void;
  /** The session keys of open sockets (to recheck them after missed announcements). */
  sessionKeys(): string[];
  stats(): { connections: number; subscriptions: number };
  /** Which of these users have a socket on this gateway (presence; see presence.ts for several gateways). */
  onlineAmong(userIds: readonly string[]): Set<string>;
  /** Sends a notice outside the log to every socket holding the channel, in each dialect that has a frame for it. */
  broadcast(channel: string, notice: EphemeralNotice): void;
  /** Stops listening and closes every socket with code 1001. */
  close(): Promise<void>;
}

interface UserData {
  conn: Conn;
}

const SEND_OK = 1;
const SEND_DROPPED = 2;
/**
 * uWS's own per-socket limit, a safety net behind ours. Our check runs after uWS has written a
 * loop turn's topic frames (see sweep), so a socket may pass maxBufferBytes by what its channels
 * published in one turn (kilobytes in practice) before it is closed with 4008. uWS's limit must
 * sit above that: at its limit uWS drops frames (a gap) and the close frame too; with
 * closeOnBackpressureLimit it then shuts the socket instead of skipping ahead.
 */
const safetyNet = (maxBufferBytes: number) => 2 * maxBufferBytes + 4 * 1024 * 1024;

const reply = (res: HttpResponse, status: string, code: string, message: string) => {
  res
    .writeStatus(status)
    .writeHeader('content-type', 'application/json')
    .end(JSON.stringify({ error: { code, message, details: {} } }), true);
};

/** RFC 6455 4.2.1: the handshake's Connection header holds the `upgrade` token (among others, as some browsers send). */
const asksUpgrade = (connection: string) => connection.split(',').some((token) => token.trim().toLowerCase() === 'upgrade');

const asPrincipal = (p: string | Principal | null, token: string): Principal | null =>
  p === null ? null : typeof p === 'string' ? { userId: p, expiresAt: Infinity, token } : { ...p, token };

export const startPushGateway = (opts: PushGatewayOptions): Promise<PushGateway> => {
  const { log, maxBufferBytes } = opts;
  const connections = new Set<Conn>();
  const sockets = new Map<Conn, WebSocket<UserData>>();
  const touched = new Set<Conn>();
  let sweepScheduled = false;
  let closing = false;
  let listenSocket: us_listen_socket | null = null;
  const app = uWS.App();

  const drop = (conn: Conn, code: number, reason: string) => {
    const ws = sockets.get(conn);
    if (conn.open && ws) ws.end(code, reason);
  };
  const slow = (conn: Conn) => {
    log.warn({ userId: conn.principal.userId, buffered: sockets.get(conn)?.getBufferedAmount() }, 'push: slow consumer dropped');
    drop(conn, pushCloseCodes.slowConsumer, 'slow consumer');
  };

  /**
   * Closes sockets that fell behind on topic frames. uWS writes published frames when JS hands
   * the loop back (its check/prepare phase), so buffered amounts are only known a turn later:
   * the second setImmediate runs after that write. One native call per live socket published
   * to, once per turn with publishes: far cheaper than a send each.
   */
  const sweep = () => {
    sweepScheduled = false;
    if (!closing) for (const conn of touched) if ((sockets.get(conn)?.getBufferedAmount() ?? 0) > maxBufferBytes) slow(conn);
    touched.clear();
  };

  const dialects = [v1Dialect(async (token) => asPrincipal(await opts.authenticate(token), token)), ...(opts.dialects ?? [])];
  const observers = dialects.filter((d) => d.observe !== undefined);
  const presence = presenceTable();
  const prepareWaitMs = opts.prepareWaitMs ?? 500;
  const ordered = orderedRunner(prepareWaitMs, (err) => log.error({ err }, 'push: announcement failed'));
  /** What the dialects must look up before these messages are encoded (null: nothing). */
  const prepared = (msgs: readonly PushMessage[]): Promise<unknown> | null => {
    const waits = dialects.flatMap((d) => d.prepare?.(msgs) ?? []);
    return waits.length === 0 ? null : Promise.all(waits);
  };
  const isUser = (p: Principal) => !p.userId.startsWith('guest:');

  const hub = createHub({
    // A replay is encoded like live messages: the cards it needs are looked up first, bounded as
    // live lookups are (a slow or failed lookup shows an empty card, it never stops the replay).
    history: {
      read: async (channel, since) => {
        const page = await opts.history.read(channel, since);
        const lookups = prepared(page.messages);
        if (lookups) await bounded(lookups, prepareWaitMs);
        return page;
      },
    },
    authorize: opts.authorize,
    publishTopic: (topic, bytes) => app.publish(topic, bytes, false),
    published: (_topic, live) => {
      for (const conn of live) touched.add(conn);
      if (sweepScheduled) return;
      sweepScheduled = true;
      setImmediate(() => setImmediate(sweep));
    },
    dialects,
    maxSubscriptions: opts.maxSubscriptions ?? 64,
    maxReplayBuffer: opts.maxReplayBuffer ?? 10_000,
    log,
  });
  const coalesce = coalescer(opts.coalesceMs, (channel, msgs) => hub.fanOut(channel, msgs));

  /** A user joined a group (the notice on their own channel): their sockets that follow groups hold it from now on. */
  const follow = (m: PushMessage) => {
    if (m.type !== 'group.member' || m.data.action !== 'joined' || !m.channel.startsWith('user:')) return;
    const userId = m.channel.slice('user:'.length);
    const group = channelName.group(m.data.groupId);
    for (const conn of connections) if (conn.principal.userId === userId && conn.dialect.followsGroups === true && !conn.subs.has(group)) void hub.subscribe(conn, group, undefined);
  };

  const socketOf = (conn: Conn, ws: WebSocket<UserData>) => ({
    /** Sends one frame; a socket over its buffer limit is closed and the send reports false. */
    send(bytes: Buffer): boolean {
      if (!conn.open) return false;
      const status = ws.send(bytes, false);
      // SEND_OK means nothing was left buffered: skip the second native call.
      if (status === SEND_OK) return true;
      if (status === SEND_DROPPED || ws.getBufferedAmount() > maxBufferBytes) {
        slow(conn);
        return false;
      }
      return true;
    },
    subscribe: (topic: string) => void ws.subscribe(topic),
    unsubscribe: (topic: string) => void ws.unsubscribe(topic),
    cork: (fn: () => void) => void ws.cork(fn),
  });

  const onMessage = (conn: Conn, text: string) => {
    const f = conn.dialect.parse(text, conn.principal);
    if ('error' in f) return void hub.control(conn, { op: 'error', code: 'VALIDATION_FAILED', message: f.error });
    switch (f.op) {
      case 'ping':
        return void hub.control(conn, { op: 'pong' });
      case 'subscribe':
        // A group the socket already follows: asking again must not restart it (a restart from "now" would skip what is in flight).
        if (conn.dialect.followsGroups === true && f.since === undefined && conn.subs.has(f.channel)) return;
        return void hub.subscribe(conn, f.channel, f.since);
      case 'unsubscribe':
        return hub.unsubscribe(conn, f.channel);
      case 'send':
      case 'read':
      case 'enter':
      case 'leave':
        return command(conn, f);
      default: {
        const never: never = f;
        return never;
      }
    }
  };

  const command = (conn: Conn, f: CommandFrame) => {
    if (!opts.execute) return void hub.control(conn, { op: 'error', code: 'UNAVAILABLE', id: f.id, message: 'this gateway takes no commands' });
    opts.execute(conn.principal, conn.dialect.name, f).then(
      (answer) => {
        if (!conn.open) return;
        for (const channel of answer.subscribe ?? []) void hub.subscribe(conn, channel, undefined);
        for (const channel of answer.unsubscribe ?? []) hub.unsubscribe(conn, channel);
        hub.control(conn, { op: 'ack', id: f.id, data: answer.data });
      },
      (err: unknown) => {
        if (isDomainError(err)) return void hub.control(conn, { op: 'error', id: f.id, code: err.code, message: err.message, details: err.details });
        log.error({ err, op: f.op, userId: conn.principal.userId }, 'push: command failed');
        hub.control(conn, { op: 'error', id: f.id, code: 'INTERNAL', message: 'the command failed; try again' });
      },
    );
  };

  const expirySweep = setInterval(() => {
    const now = Date.now();
    for (const conn of connections) if (conn.principal.expiresAt <= now) drop(conn, pushCloseCodes.sessionEnded, 'session ended');
  }, opts.sessionSweepMs ?? 5_000);
  expirySweep.unref();

  for (const dialect of dialects) {
    app.ws<UserData>(dialect.path, {
      // A send frame: a message body (8 KB at most) and its envelope.
      maxPayloadLength: 16 * 1024,
      // Our own checks (send, sweep) close a socket once its unsent bytes pass maxBufferBytes.
      maxBackpressure: safetyNet(maxBufferBytes),
      // Typed as a number in this uWS version's .d.ts; any non-zero value turns it on.
      closeOnBackpressureLimit: 1,
      idleTimeout: opts.idleTimeoutSeconds,
      sendPingsAutomatically: true,
      compression: uWS.DISABLED,
      upgrade: (res, req, context) => {
        if (!asksUpgrade(req.getHeader('connection'))) return reply(res, '400 Bad Request', 'VALIDATION_FAILED', 'a WebSocket handshake needs Connection: Upgrade');
        const key = req.getHeader('sec-websocket-key');
        const protocol = req.getHeader('sec-websocket-protocol');
        const extensions = req.getHeader('sec-websocket-extensions');
        const query = new URLSearchParams(req.getQuery() ?? '');
        const headers = new Map<string, string>();
        req.forEach((k, v) => void headers.set(k.toLowerCase(), v));
        let aborted = false;
        res.onAborted(() => {
          aborted = true;
        });
        const answer = (principal: Principal | null, failed: boolean) => {
          if (aborted) return;
          if (closing || failed) res.cork(() => reply(res, '503 Service Unavailable', 'UNAVAILABLE', 'push is not available'));
          else if (principal === null || principal.expiresAt <= Date.now()) res.cork(() => reply(res, '401 Unauthorized', 'UNAUTHENTICATED', 'a valid token is required'));
          else res.upgrade<UserData>({ conn: { principal, dialect, socket: null, open: false, subs: new Map() } }, key, protocol, extensions, context);
        };
        dialect.authenticate({ query, header: (name) => headers.get(name.toLowerCase()) ?? '' }).then(
          (p) => answer(p, false),
          (err: unknown) => {
            log.error({ err }, 'push: authenticate failed');
            answer(null, true);
          },
        );
      },
      open: (ws) => {
        const conn = ws.getUserData().conn;
        conn.socket = socketOf(conn, ws);
        conn.open = true;
        sockets.set(conn, ws);
        connections.add(conn);
        if (isUser(conn.principal) && presence.connected(conn.principal.userId)) opts.onPresence?.(conn.principal.userId, true);
        for (const channel of dialect.implicit(conn.principal)) void hub.subscribe(conn, channel, undefined);
      },
      message: (ws, message) => onMessage(ws.getUserData().conn, Buffer.from(message).toString('utf8')),
      close: (ws) => {
        const conn = ws.getUserData().conn;
        conn.open = false;
        conn.socket = null;
        sockets.delete(conn);
        connections.delete(conn);
        touched.delete(conn);
        hub.disconnect(conn);
        if (isUser(conn.principal) && presence.disconnected(conn.principal.userId) && !closing) opts.onPresence?.(conn.principal.userId, false);
      },
    });
  }
  app.any('/*', (res) => reply(res, '404 Not Found', 'NOT_FOUND', `the push endpoints are ${dialects.map((d) => d.path).join(', ')}`));

  return new Promise((resolve, reject) => {
    app.listen(opts.host, opts.port, (socket) => {
      if (!socket) {
        reject(new Error(`push: cannot listen on ${opts.host}:${opts.port}`));
        return;
      }
      listenSocket = socket;
      const port = uWS.us_socket_local_port(socket);
      log.info({ host: opts.host, port }, 'push gateway listening');
      resolve({
        port,
        // In log order, each after the lookups its frames need (ordered.ts).
        publish: (m) =>
          ordered.push(prepared([m]), () => {
            if (closing) return;
            for (const d of observers) d.observe?.(m);
            coalesce.publish(m);
            follow(m);
          }),
        revoke: (channel, userId) =>
          ordered.push(null, () => {
            coalesce.flush(channel); // what was committed before the revocation still goes to them
            hub.revoke(channel, userId, connections);
          }),
        endSession: (token) => {
          for (const conn of connections) if (conn.principal.token === token) drop(conn, pushCloseCodes.sessionEnded, 'session ended');
        },
        endSessions: (keys) => {
          const ended = new Set(keys);
          for (const conn of connections) if (conn.principal.sessionKey !== undefined && ended.has(conn.principal.sessionKey)) drop(conn, pushCloseCodes.sessionEnded, 'session ended');
        },
        sessionKeys: () => [...new Set([...connections].flatMap((c) => (c.principal.sessionKey === undefined ? [] : [c.principal.sessionKey])))],
        stats: () => ({ connections: connections.size, subscriptions: hub.subscriptions() }),
        onlineAmong: (userIds) => presence.onlineAmong(userIds),
        broadcast: (channel, notice) => {
          if (closing) return;
          for (const d of dialects) {
            const bytes = d.ephemeral?.(notice) ?? null;
            if (bytes !== null) app.publish(d.topic(channel), bytes, false);
          }
        },
        close: async () => {
          if (closing) return;
          closing = true;
          hub.close();
          coalesce.close();
          clearInterval(expirySweep);
          if (listenSocket) uWS.us_listen_socket_close(listenSocket);
          listenSocket = null;
          for (const conn of [...connections]) drop(conn, pushCloseCodes.shutdown, 'server shutdown');
        },
      });
    });
  });
};
