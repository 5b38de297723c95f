// The push gateway: WebSocket fan-out of committed push messages on its own port. The only
// module that imports uWebSockets.js.
//
// Guarantees and why they hold:
// - No socket without a user: the token is checked in the upgrade handler; a refusal is an
//   HTTP 401 and the upgrade never happens.
// - Per subscription, frames leave in seq order with no gap and no duplicate. Each
//   subscription remembers the last seq it sent. A resume registers for live messages first
//   (buffering them), then reads the history; anything committed before the read is in the
//   history, anything published after registration is in the buffer, so their union has no
//   hole, and the per-subscription seq drops what both contain. Should a hole ever show (a
//   publisher fault), the client gets `resync` instead of a silent skip.
// - Memory is bounded: a socket whose unsent bytes pass maxBufferBytes is closed (4008) and
//   comes back with `since`; replay buffers and coalescing queues have fixed caps.
// Fan-out is a JavaScript loop rather than uWS topics because each socket needs its own seq
// check; the frame is encoded once per message and shared by every socket.
import uWS from 'uWebSockets.js';
import type { HttpResponse, WebSocket, us_listen_socket } from 'uWebSockets.js';
import { ClientFrame, pushCloseCodes, type ControlFrame, type MessageFrame, type CoalescedGiftData } from '../../contracts/push.js';
import type { PushHistory, PushMessage } from '../../projections/pushMessages.js';

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
  /** Announces a committed message; call in seq order per channel. Duplicates are dropped per socket. */
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
  state: 'authorizing' | 'replaying' | 'live';
  /** The last seq this socket has been sent on this channel. */
  lastSent: number;
  /** Live messages that arrived while the history was being read. */
  buffer: PushMessage[];
}

const SEND_OK = 1;
const SEND_DROPPED = 2;
const MAX_COALESCE_QUEUE = 1000;

const encode = (frame: MessageFrame | ControlFrame): Buffer => Buffer.from(JSON.stringify(frame));

const coalescedGifts = (msgs: readonly PushMessage[]): CoalescedGiftData => {
  const byKey = new Map<string, CoalescedGiftData['gifts'][number]>();
  let count = 0;
  let value = 0;
  for (const m of msgs) {
    const d = m.data;
    const g = {
      giftId: String(d.giftId ?? ''),
      fromUserId: String(d.fromUserId ?? ''),
      toUserId: String(d.toUserId ?? ''),
      count: typeof d.count === 'number' ? d.count : 0,
      value: typeof d.value === 'number' ? d.value : 0,
    };
    count += g.count;
    value += g.value;
    const key = `${g.giftId}\u0000${g.fromUserId}\u0000${g.toUserId}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.count += g.count;
      seen.value += g.value;
    } else byKey.set(key, g);
  }
  return { coalesced: true, messages: msgs.length, count, value, gifts: [...byKey.values()] };
};

/** One frame for consecutive messages: the message itself, or a coalesced gift frame. */
const encodeGroup = (msgs: readonly PushMessage[]): Buffer => {
  const first = msgs[0];
  const last = msgs.at(-1);
  if (!first || !last || msgs.length === 1) return encode(last ?? { op: 'pong' });
  return encode({ channel: last.channel, seq: last.seq, fromSeq: first.seq, type: 'gift', data: coalescedGifts(msgs), at: last.at });
};

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
  /** Subscriptions past authorization (replaying or live), by channel. */
  const channels = new Map<string, Set<Sub>>();
  const queues = new Map<string, PushMessage[]>();
  let flushTimer: NodeJS.Timeout | null = null;
  let closing = false;
  let listenSocket: us_listen_socket | null = null;

  const drop = (conn: Conn, code: number, reason: string) => {
    if (!conn.open || !conn.ws) return;
    conn.ws.end(code, reason);
  };

  /** Sends one frame; a socket over its buffer limit is closed and the send reports false. */
  const send = (conn: Conn, bytes: Buffer): boolean => {
    if (!conn.open || !conn.ws) return false;
    const status = conn.ws.send(bytes, false);
    // SEND_OK means nothing was left buffered: skip the second native call on the hot path.
    if (status === SEND_OK) return true;
    if (status === SEND_DROPPED || conn.ws.getBufferedAmount() > maxBufferBytes) {
      log.warn({ userId: conn.userId, buffered: conn.ws.getBufferedAmount() }, 'push: slow consumer dropped');
      drop(conn, pushCloseCodes.slowConsumer, 'slow consumer');
      return false;
    }
    return true;
  };
  const control = (conn: Conn, frame: ControlFrame) => send(conn, encode(frame));

  const remove = (sub: Sub) => {
    const set = channels.get(sub.channel);
    set?.delete(sub);
    if (set?.size === 0) channels.delete(sub.channel);
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

  /** Fans out consecutive messages of one channel (one message, or a coalesced run of gifts). */
  const fanOut = (channel: string, msgs: readonly PushMessage[]) => {
    const set = channels.get(channel);
    const first = msgs[0];
    const last = msgs.at(-1);
    if (!set || !first || !last) return;
    let frame: Buffer | null = null;
    for (const sub of set) {
      if (sub.state === 'replaying') {
        if (sub.buffer.length + msgs.length > maxReplayBuffer) resync(sub);
        else sub.buffer.push(...msgs);
      } else if (last.seq <= sub.lastSent) {
        continue; // already sent (replayed, or a redelivery)
      } else if (first.seq === sub.lastSent + 1) {
        frame ??= encodeGroup(msgs);
        if (send(sub.conn, frame)) sub.lastSent = last.seq;
      } else if (first.seq <= sub.lastSent) {
        deliverEach(sub, msgs); // overlaps what its replay sent
      } else {
        log.warn({ channel, expected: sub.lastSent + 1, got: first.seq }, 'push: hole in published seqs; client told to resync');
        resync(sub);
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
    let set = channels.get(channel);
    if (!set) channels.set(channel, (set = new Set()));
    set.add(sub);
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
    sub.state = 'live';
    const replay = page.messages;
    conn.ws?.cork(() => {
      if (!control(conn, { op: 'subscribed', channel, seq: start })) return;
      deliverEach(sub, replay);
      if (current(sub)) deliverEach(sub, buffered);
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

  const app = uWS.App();
  app.ws<UserData>('/v1/ws', {
    maxPayloadLength: 4 * 1024,
    // Our own check closes a socket once its unsent bytes pass maxBufferBytes. uWS's limit sits
    // above it: at its limit uWS silently drops frames (a gap) and would drop the close frame
    // too, so it must only ever be a safety net behind ours.
    maxBackpressure: 2 * maxBufferBytes + 64 * 1024,
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
        stats: () => ({ connections: connections.size, subscriptions: [...channels.values()].reduce((n, s) => n + s.size, 0) }),
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
