// The push gateway: WebSocket fan-out of committed push messages on its own port. The only
// module that imports uWebSockets.js.
//
// Live messages fan out natively: each channel is a uWS topic, published once per message (or
// coalesced tick) and copied to every subscribed socket in C++. JavaScript touches single
// sockets only to replay history to a subscription that is catching up.
//
// Guarantees and why they hold:
// - No socket without a user: the token is checked in the upgrade handler; a refusal is an
//   HTTP 401 and the upgrade never happens.
// - Per subscription, frames leave in seq order with no gap and no duplicate. A channel's topic
//   subscribers all hold the same seq (`Channel.seq`); the gateway drops what is at or below it
//   and publishes only the next seqs, so the topic itself never repeats or skips. A resume
//   registers for live messages first (buffering them in JS), then reads the history; anything
//   committed before the read is in the history, anything published after registration is in
//   the buffer, so their union has no hole, and its own lastSent drops what both contain. It
//   joins the topic only when it holds exactly the topic's seq, sending the buffer and calling
//   ws.subscribe in one synchronous step: publish runs on the same thread, so no message can
//   fall between the two. (uWS sends queued topic frames before any later ws.send, and a
//   ws.subscribe does not receive what was published before it.) Should a hole ever show (a
//   publisher fault), the clients get `resync` instead of a silent skip.
// - Memory is bounded: a socket whose unsent bytes pass maxBufferBytes is closed (4008) and
//   comes back with `since`; replay buffers and coalescing queues have fixed caps.
import uWS from 'uWebSockets.js';
import type { HttpResponse, WebSocket, us_listen_socket } from 'uWebSockets.js';
import { ClientFrame, pushCloseCodes, type ControlFrame } from '../../contracts/push.js';
import type { PushHistory, PushMessage } from '../../projections/pushMessages.js';
import { encode, encodeGroup } from './frames.js';

export interface PushGatewayLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PushGatewayOptions {
  /** 0 picks a free port; the chosen one is in the result. */
  port: number;
  host: string;
  /** The user a token belongs to, or null for a missing, expired or unknown token. */
  authenticate(token: string): Promise<string | null>;
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
  /** Channels one connection may hold (default 64). */
  maxSubscriptions?: number;
  /** Live messages held per subscription while its history is read (default 10,000); past it, resync. */
  maxReplayBuffer?: number;
}

export interface PushGateway {
  port: number;
  /** Announces a committed message; call in seq order per channel. Seqs already announced are dropped. */
  publish(message: PushMessage): void;
  stats(): { connections: number; subscriptions: number };
  /** Stops listening and closes every socket with code 1001. */
  close(): Promise<void>;
}

interface Conn {
  userId: string;
  ws: WebSocket<UserData> | null;
  open: boolean;
  subs: Map<string, Sub>;
}
interface UserData {
  conn: Conn;
}
interface Sub {
  channel: string;
  conn: Conn;
  /**
   * authorizing → replaying (history read, live messages buffered) → live (on the uWS topic).
   * `catching` sits between the last two when the history ran ahead of the announcements (a
   * message committed, not yet published): it is sent per message until the topic catches up.
   */
  state: 'authorizing' | 'replaying' | 'catching' | 'live';
  /** The last seq this socket has been sent on this channel (meaningful until it is live). */
  lastSent: number;
  /** Live messages that arrived while the history was being read. */
  buffer: PushMessage[];
}
interface Channel {
  /** Subscriptions on the uWS topic; every one of them holds exactly `seq`. */
  live: Set<Sub>;
  /** Subscriptions past authorization that are not on the topic yet (replaying, catching). */
  pending: Set<Sub>;
  /** The last seq published to the topic; meaningful while `live` is not empty. */
  seq: number;
}

const SEND_OK = 1;
const SEND_DROPPED = 2;
const MAX_COALESCE_QUEUE = 1000;
/**
 * uWS's own per-socket limit, a safety net behind ours. Our check runs after uWS has written a
 * loop turn's topic frames (see sweep), so a socket may pass maxBufferBytes by what its channels
 * published in one turn (kilobytes in practice) before it is closed with 4008. uWS's limit must
 * sit above that: at its limit uWS drops frames (a gap) and the close frame too; with
 * closeOnBackpressureLimit it then shuts the socket instead of skipping ahead.
 */
const safetyNet = (maxBufferBytes: number) => 2 * maxBufferBytes + 4 * 1024 * 1024;

const bearer = (header: string): string => (header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '');

const reply = (res: HttpResponse, status: string, code: string, message: string) => {
  res
    .writeStatus(status)
    .writeHeader('content-type', 'application/json')
    .end(JSON.stringify({ error: { code, message, details: {} } }), true);
};

export const startPushGateway = (opts: PushGatewayOptions): Promise<PushGateway> => {
  const { log, history, maxBufferBytes } = opts;
  const maxSubscriptions = opts.maxSubscriptions ?? 64;
  const maxReplayBuffer = opts.maxReplayBuffer ?? 10_000;
  const connections = new Set<Conn>();
  /** Channels with a subscription past authorization. */
  const channels = new Map<string, Channel>();
  const queues = new Map<string, PushMessage[]>();
  /** Channels published to since the last backpressure sweep. */
  const touched = new Set<Channel>();
  let sweepScheduled = false;
  let flushTimer: NodeJS.Timeout | null = null;
  let closing = false;
  let listenSocket: us_listen_socket | null = null;
  const app = uWS.App();

  const drop = (conn: Conn, code: number, reason: string) => {
    if (!conn.open || !conn.ws) return;
    conn.ws.end(code, reason);
  };
  const slow = (conn: Conn) => {
    log.warn({ userId: conn.userId, buffered: conn.ws?.getBufferedAmount() }, 'push: slow consumer dropped');
    drop(conn, pushCloseCodes.slowConsumer, 'slow consumer');
  };

  /** Sends one frame; a socket over its buffer limit is closed and the send reports false. */
  const send = (conn: Conn, bytes: Buffer): boolean => {
    if (!conn.open || !conn.ws) return false;
    const status = conn.ws.send(bytes, false);
    // SEND_OK means nothing was left buffered: skip the second native call.
    if (status === SEND_OK) return true;
    if (status === SEND_DROPPED || conn.ws.getBufferedAmount() > maxBufferBytes) {
      slow(conn);
      return false;
    }
    return true;
  };
  const control = (conn: Conn, frame: ControlFrame) => send(conn, encode(frame));

  /**
   * Closes sockets that fell behind on topic frames. uWS writes published frames when JS hands
   * the loop back (its check/prepare phase), so buffered amounts are only known a turn later:
   * the second setImmediate runs after that write. One native call per live socket of each
   * channel published to, once per turn with publishes: far cheaper than a send each.
   */
  const sweep = () => {
    sweepScheduled = false;
    if (closing) return touched.clear();
    for (const ch of touched) {
      for (const sub of ch.live) {
        const ws = sub.conn.ws;
        if (ws && ws.getBufferedAmount() > maxBufferBytes) slow(sub.conn);
      }
    }
    touched.clear();
  };
  const scheduleSweep = (ch: Channel) => {
    touched.add(ch);
    if (sweepScheduled) return;
    sweepScheduled = true;
    setImmediate(() => setImmediate(sweep));
  };

  const remove = (sub: Sub) => {
    const ch = channels.get(sub.channel);
    if (ch) {
      // A closed socket has already left its topics (and must not be touched).
      if (ch.live.delete(sub) && sub.conn.open && sub.conn.ws) sub.conn.ws.unsubscribe(sub.channel);
      ch.pending.delete(sub);
      if (ch.live.size === 0 && ch.pending.size === 0) channels.delete(sub.channel);
    }
    if (sub.conn.subs.get(sub.channel) === sub) sub.conn.subs.delete(sub.channel);
  };
  const resync = (sub: Sub) => {
    remove(sub);
    control(sub.conn, { op: 'resync', channel: sub.channel });
  };
  const current = (sub: Sub) => !closing && sub.conn.open && sub.conn.subs.get(sub.channel) === sub;

  /** Sends each message after lastSent, one frame each; a hole means resync. */
  const deliverEach = (sub: Sub, msgs: readonly PushMessage[]) => {
    for (const m of msgs) {
      if (m.seq <= sub.lastSent) continue;
      if (m.seq !== sub.lastSent + 1) return resync(sub);
      if (!send(sub.conn, encode(m))) return;
      sub.lastSent = m.seq;
    }
  };

  /**
   * Moves a subscription that has sent everything it knows onto the topic, if it holds exactly
   * what the topic's subscribers hold. Callers run it in the same synchronous step as the sends
   * before it: see the header.
   */
  const settle = (sub: Sub, ch: Channel) => {
    const ws = sub.conn.ws;
    if (!current(sub) || !ws) return;
    if (ch.live.size === 0 || sub.lastSent === ch.seq) {
      if (ch.live.size === 0) ch.seq = sub.lastSent;
      ch.pending.delete(sub);
      ch.live.add(sub);
      sub.state = 'live';
      ws.subscribe(sub.channel);
    } else if (sub.lastSent > ch.seq) {
      sub.state = 'catching'; // the history ran ahead of the announcements; fanOut brings it up
    } else {
      // Everything published since it registered is in its buffer, so it cannot be behind.
      log.warn({ channel: sub.channel, lastSent: sub.lastSent, topic: ch.seq }, 'push: subscription behind its topic; client told to resync');
      resync(sub);
    }
  };

  /** Fans out consecutive messages of one channel (one message, or a coalesced run of gifts). */
  const fanOut = (channel: string, msgs: readonly PushMessage[]) => {
    const ch = channels.get(channel);
    if (!ch || msgs.length === 0) return;
    if (ch.live.size > 0) {
      const fresh = msgs.filter((m) => m.seq > ch.seq); // the rest was sent already (a redelivery)
      const first = fresh[0];
      const last = fresh.at(-1);
      if (first && last && first.seq !== ch.seq + 1) {
        log.warn({ channel, expected: ch.seq + 1, got: first.seq }, 'push: hole in published seqs; clients told to resync');
        for (const sub of [...ch.live]) resync(sub);
      } else if (first && last) {
        app.publish(channel, encodeGroup(fresh), false);
        ch.seq = last.seq;
        scheduleSweep(ch);
      }
    }
    if (ch.pending.size === 0) return;
    for (const sub of [...ch.pending]) {
      if (sub.state === 'replaying') {
        if (sub.buffer.length + msgs.length > maxReplayBuffer) resync(sub);
        else sub.buffer.push(...msgs);
      } else if (sub.state === 'catching') {
        deliverEach(sub, msgs);
        settle(sub, ch);
      }
    }
  };

  const flush = (channel: string) => {
    const q = queues.get(channel);
    if (!q) return;
    queues.delete(channel);
    fanOut(channel, q);
  };
  const flushAll = () => {
    flushTimer = null;
    for (const channel of [...queues.keys()]) flush(channel);
  };

  const publish = (m: PushMessage) => {
    if (closing) return;
    if (opts.coalesceMs > 0 && m.type === 'gift' && m.channel.startsWith('room:')) {
      const q = queues.get(m.channel);
      const tail = q?.at(-1);
      // A coalesced frame must stand for consecutive seqs; anything else goes out as it is.
      if (q && tail && m.seq === tail.seq + 1 && q.length < MAX_COALESCE_QUEUE) q.push(m);
      else {
        flush(m.channel);
        queues.set(m.channel, [m]);
      }
      flushTimer ??= setTimeout(flushAll, opts.coalesceMs);
      return;
    }
    flush(m.channel); // keep seq order with gifts still queued
    fanOut(m.channel, [m]);
  };

  const subscribe = async (conn: Conn, channel: string, since: number | undefined) => {
    const old = conn.subs.get(channel);
    if (old) remove(old);
    if (conn.subs.size >= maxSubscriptions) {
      control(conn, { op: 'error', code: 'VALIDATION_FAILED', channel, message: `at most ${maxSubscriptions} subscriptions` });
      return;
    }
    const sub: Sub = { channel, conn, state: 'authorizing', lastSent: 0, buffer: [] };
    conn.subs.set(channel, sub);
    let allowed = false;
    try {
      allowed = await opts.authorize(conn.userId, channel);
    } catch (err) {
      log.error({ err, channel }, 'push: authorize failed');
    }
    if (!current(sub)) return;
    if (!allowed) {
      remove(sub);
      control(conn, { op: 'error', code: 'FORBIDDEN', channel });
      return;
    }
    // Register for live messages before reading history: see the header.
    sub.state = 'replaying';
    let ch = channels.get(channel);
    if (!ch) channels.set(channel, (ch = { live: new Set(), pending: new Set(), seq: 0 }));
    ch.pending.add(sub);
    let page;
    try {
      page = await history.read(channel, since ?? null);
    } catch (err) {
      log.error({ err, channel }, 'push: history read failed');
      if (current(sub)) {
        remove(sub);
        control(conn, { op: 'error', code: 'UNAVAILABLE', channel });
      }
      return;
    }
    if (!current(sub)) return;
    if (since !== undefined && (since > page.lastSeq || since < page.oldestSeq - 1)) {
      resync(sub);
      return;
    }
    const start = since ?? page.lastSeq;
    const buffered = sub.buffer;
    sub.buffer = [];
    sub.lastSent = start;
    sub.state = 'catching';
    const replay = page.messages;
    const channelState = ch; // kept while sub is pending, so still the channel's state
    // One synchronous step from the ack to the topic: see the header.
    conn.ws?.cork(() => {
      if (!control(conn, { op: 'subscribed', channel, seq: start })) return;
      deliverEach(sub, replay);
      if (current(sub)) deliverEach(sub, buffered);
      settle(sub, channelState);
    });
  };

  const onMessage = (conn: Conn, text: string) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) {
      control(conn, { op: 'error', code: 'VALIDATION_FAILED', message: parsed.error.issues[0]?.message ?? 'bad frame' });
      return;
    }
    const f = parsed.data;
    switch (f.op) {
      case 'ping':
        control(conn, { op: 'pong' });
        return;
      case 'subscribe':
        void subscribe(conn, f.channel, f.since);
        return;
      case 'unsubscribe': {
        const sub = conn.subs.get(f.channel);
        if (sub) remove(sub);
        control(conn, { op: 'unsubscribed', channel: f.channel });
        return;
      }
    }
  };

  app.ws<UserData>('/v1/ws', {
    maxPayloadLength: 4 * 1024,
    // Our own checks (send, sweep) close a socket once its unsent bytes pass maxBufferBytes.
    maxBackpressure: safetyNet(maxBufferBytes),
    // Typed as a number in this uWS version's .d.ts; any non-zero value turns it on.
    closeOnBackpressureLimit: 1,
    idleTimeout: opts.idleTimeoutSeconds,
    sendPingsAutomatically: true,
    compression: uWS.DISABLED,
    upgrade: (res, req, context) => {
      const key = req.getHeader('sec-websocket-key');
      const protocol = req.getHeader('sec-websocket-protocol');
      const extensions = req.getHeader('sec-websocket-extensions');
      const token = req.getQuery('token') || bearer(req.getHeader('authorization'));
      let aborted = false;
      res.onAborted(() => {
        aborted = true;
      });
      const answer = (userId: string | null, failed: boolean) => {
        if (aborted) return;
        res.cork(() => {
          if (closing || failed) reply(res, '503 Service Unavailable', 'UNAVAILABLE', 'push is not available');
          else if (userId === null) reply(res, '401 Unauthorized', 'UNAUTHENTICATED', 'a valid token is required');
          else {
            const conn: Conn = { userId, ws: null, open: false, subs: new Map() };
            res.upgrade<UserData>({ conn }, key, protocol, extensions, context);
          }
        });
      };
      if (!token) return answer(null, false);
      opts.authenticate(token).then(
        (userId) => answer(userId, false),
        (err: unknown) => {
          log.error({ err }, 'push: authenticate failed');
          answer(null, true);
        },
      );
    },
    open: (ws) => {
      const conn = ws.getUserData().conn;
      conn.ws = ws;
      conn.open = true;
      connections.add(conn);
    },
    message: (ws, message) => onMessage(ws.getUserData().conn, Buffer.from(message).toString('utf8')),
    close: (ws) => {
      const conn = ws.getUserData().conn;
      conn.open = false;
      conn.ws = null;
      connections.delete(conn);
      for (const sub of [...conn.subs.values()]) remove(sub);
    },
  });
  app.any('/*', (res) => reply(res, '404 Not Found', 'NOT_FOUND', 'the push endpoint is /v1/ws'));

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
        publish,
        stats: () => ({ connections: connections.size, subscriptions: [...channels.values()].reduce((n, c) => n + c.live.size + c.pending.size, 0) }),
        close: async () => {
          if (closing) return;
          closing = true;
          if (flushTimer) clearTimeout(flushTimer);
          queues.clear();
          if (listenSocket) uWS.us_listen_socket_close(listenSocket);
          listenSocket = null;
          for (const conn of [...connections]) drop(conn, pushCloseCodes.shutdown, 'server shutdown');
        },
      });
    });
  });
};
