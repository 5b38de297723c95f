// Subscriptions of the push gateway: who holds which channel up to which seq, and how a resume
// joins the live topic. No socket library here (the gateway passes sockets in), so it is tested
// with fakes as well as over real sockets.
//
// Guarantees and why they hold:
// - Per subscription, frames leave in seq order with no gap and no duplicate. A channel's topic
//   subscribers all hold the same seq (`Channel.seq`); the hub drops what is at or below it and
//   publishes only the next seqs, so the topic itself never repeats or skips. A resume registers
//   for live messages first (buffering them), then reads the history; anything committed before
//   the read is in the history, anything published after registration is in the buffer, so their
//   union has no hole, and its own lastSent drops what both contain. It joins the topic only when
//   it holds exactly the topic's seq, sending the buffer and subscribing in one synchronous step:
//   publish runs on the same thread, so no message can fall between the two. (uWS sends queued
//   topic frames before any later send, and a subscribe does not receive what was published
//   before it.) Should a hole ever show (a publisher fault), the clients get `resync` instead of a
//   silent skip.
// - A user who loses a channel (revoke) loses every subscription to it at once, and a
//   subscription whose authorization was in flight when the revocation came is refused.
// - Memory is bounded: replay buffers have a cap (past it, resync); a socket whose unsent bytes
//   pass maxBufferBytes is closed by the gateway and comes back with `since`.
import type { ControlFrame } from '../../../contracts/push.js';
import type { PushHistory, PushHistoryPage } from '../../../projections/push/history.js';
import type { PushMessage } from '../../../projections/push/store.js';
import type { Principal, PushDialect } from '../dialects.js';

export interface PushSocket {
  /** false when the frame was not taken (the socket is gone or was closed as a slow consumer). */
  send(bytes: Buffer): boolean;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  cork(fn: () => void): void;
}

export interface Conn {
  principal: Principal;
  dialect: PushDialect;
  socket: PushSocket | null;
  open: boolean;
  /** By channel. */
  subs: Map<string, Sub>;
}

interface Sub {
  channel: string;
  topic: string;
  conn: Conn;
  /**
   * authorizing → replaying (history read, live messages buffered) → live (on the topic).
   * `catching` sits between the last two when the history ran ahead of the announcements (a
   * message committed, not yet published): it is sent per message until the topic catches up.
   */
  state: 'authorizing' | 'replaying' | 'catching' | 'live';
  /** The last seq this socket has been sent on this channel (meaningful until it is live). */
  lastSent: number;
  /** Live messages that arrived while the history was being read. */
  buffer: PushMessage[];
  /** The revocation count of (channel, user) when authorization started. */
  revokedBefore: number;
}

interface Channel {
  /** Subscriptions on the topic; every one of them holds exactly `seq`. */
  live: Set<Sub>;
  /** Subscriptions past authorization that are not on the topic yet (replaying, catching). */
  pending: Set<Sub>;
  /** The last seq published to the topic; meaningful while `live` is not empty. */
  seq: number;
}

export interface HubLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface HubOptions {
  history: PushHistory;
  authorize(userId: string, channel: string): Promise<boolean>;
  /** Publishes bytes to every socket on a topic (natively, in the gateway). */
  publishTopic(topic: string, bytes: Buffer): void;
  /** Called after a topic was published to (the gateway sweeps slow sockets). */
  published(topic: string, live: Iterable<Conn>): void;
  dialects: readonly PushDialect[];
  maxSubscriptions: number;
  maxReplayBuffer: number;
  log: HubLog;
}

export const createHub = (opts: HubOptions) => {
  const { history, log } = opts;
  /** By topic: channels with a subscription past authorization. */
  const channels = new Map<string, Channel>();
  /** How often each (channel, user) was revoked: an authorization that started before one is void. */
  const revocations = new Map<string, number>();
  let closing = false;

  const control = (conn: Conn, frame: ControlFrame): boolean => {
    const bytes = conn.dialect.control(frame);
    return bytes === null || (conn.open && conn.socket !== null && conn.socket.send(bytes));
  };

  const remove = (sub: Sub) => {
    const ch = channels.get(sub.topic);
    if (ch) {
      // A closed socket has already left its topics (and must not be touched).
      if (ch.live.delete(sub) && sub.conn.open && sub.conn.socket) sub.conn.socket.unsubscribe(sub.topic);
      ch.pending.delete(sub);
      if (ch.live.size === 0 && ch.pending.size === 0) channels.delete(sub.topic);
    }
    if (sub.conn.subs.get(sub.channel) === sub) sub.conn.subs.delete(sub.channel);
  };
  const resync = (sub: Sub) => {
    remove(sub);
    control(sub.conn, { op: 'resync', channel: sub.channel });
  };
  const current = (sub: Sub) => !closing && sub.conn.open && sub.conn.subs.get(sub.channel) === sub;

  /** Sends each message after lastSent; a hole means resync. */
  const deliverEach = (sub: Sub, msgs: readonly PushMessage[]) => {
    for (const m of msgs) {
      if (m.seq <= sub.lastSent) continue;
      if (m.seq !== sub.lastSent + 1) return resync(sub);
      for (const bytes of sub.conn.dialect.encodeGroup([m])) if (!sub.conn.socket?.send(bytes)) return;
      sub.lastSent = m.seq;
    }
  };

  /**
   * Moves a subscription that has sent everything it knows onto the topic, if it holds exactly
   * what the topic's subscribers hold. Callers run it in the same synchronous step as the sends
   * before it: see the header.
   */
  const settle = (sub: Sub, ch: Channel) => {
    const socket = sub.conn.socket;
    if (!current(sub) || !socket) return;
    if (ch.live.size === 0 || sub.lastSent === ch.seq) {
      if (ch.live.size === 0) ch.seq = sub.lastSent;
      ch.pending.delete(sub);
      ch.live.add(sub);
      sub.state = 'live';
      socket.subscribe(sub.topic);
    } else if (sub.lastSent > ch.seq) {
      sub.state = 'catching'; // the history ran ahead of the announcements; fanOut brings it up
    } else {
      // Everything published since it registered is in its buffer, so it cannot be behind.
      log.warn({ channel: sub.channel, lastSent: sub.lastSent, topic: ch.seq }, 'push: subscription behind its topic; client told to resync');
      resync(sub);
    }
  };

  const fanOutTopic = (topic: string, dialect: PushDialect, msgs: readonly PushMessage[]) => {
    const ch = channels.get(topic);
    if (!ch) return;
    if (ch.live.size > 0) {
      const fresh = msgs.filter((m) => m.seq > ch.seq); // the rest was sent already (a redelivery)
      const first = fresh[0];
      const last = fresh.at(-1);
      if (first && last && first.seq !== ch.seq + 1) {
        log.warn({ topic, expected: ch.seq + 1, got: first.seq }, 'push: hole in published seqs; clients told to resync');
        for (const sub of [...ch.live]) resync(sub);
      } else if (first && last) {
        for (const bytes of dialect.encodeGroup(fresh)) opts.publishTopic(topic, bytes);
        ch.seq = last.seq;
        opts.published(topic, [...ch.live].map((s) => s.conn));
      }
    }
    for (const sub of [...ch.pending]) {
      if (sub.state === 'replaying') {
        if (sub.buffer.length + msgs.length > opts.maxReplayBuffer) resync(sub);
        else sub.buffer.push(...msgs);
      } else if (sub.state === 'catching') {
        deliverEach(sub, msgs);
        settle(sub, ch);
      }
    }
  };

  const revocationsOf = (channel: string, userId: string) => revocations.get(`${channel}\u0000${userId}`) ?? 0;

  const subscribe = async (conn: Conn, channel: string, since: number | undefined) => {
    const old = conn.subs.get(channel);
    if (old) remove(old);
    if (conn.subs.size >= opts.maxSubscriptions) {
      control(conn, { op: 'error', code: 'VALIDATION_FAILED', channel, message: `at most ${opts.maxSubscriptions} subscriptions` });
      return;
    }
    const userId = conn.principal.userId;
    const sub: Sub = { channel, topic: conn.dialect.topic(channel), conn, state: 'authorizing', lastSent: 0, buffer: [], revokedBefore: revocationsOf(channel, userId) };
    conn.subs.set(channel, sub);
    let allowed = false;
    try {
      allowed = await opts.authorize(userId, channel);
    } catch (err) {
      log.error({ err, channel }, 'push: authorize failed');
    }
    if (!current(sub)) return;
    if (!allowed || revocationsOf(channel, userId) !== sub.revokedBefore) {
      remove(sub);
      control(conn, { op: 'error', code: 'FORBIDDEN', channel });
      return;
    }
    // Register for live messages before reading history: see the header.
    sub.state = 'replaying';
    let ch = channels.get(sub.topic);
    if (!ch) channels.set(sub.topic, (ch = { live: new Set(), pending: new Set(), seq: 0 }));
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
    if (current(sub)) replayThenJoin(sub, ch, page, since);
  };

  /** From the history page to the topic, in one synchronous step from the ack on: see the header. */
  const replayThenJoin = (sub: Sub, ch: Channel, page: PushHistoryPage, since: number | undefined) => {
    if (since !== undefined && (since > page.lastSeq || since < page.oldestSeq - 1)) return resync(sub);
    const start = since ?? page.lastSeq;
    const buffered = sub.buffer;
    sub.buffer = [];
    sub.lastSent = start;
    sub.state = 'catching';
    const { conn, channel } = sub;
    conn.socket?.cork(() => {
      if (!control(conn, { op: 'subscribed', channel, seq: start })) return;
      deliverEach(sub, page.messages);
      if (current(sub)) deliverEach(sub, buffered);
      settle(sub, ch);
    });
  };

  return {
    control,
    subscribe,
    unsubscribe(conn: Conn, channel: string) {
      const sub = conn.subs.get(channel);
      if (sub) remove(sub);
      control(conn, { op: 'unsubscribed', channel });
    },
    /** Fans out consecutive messages of one channel to every dialect's topic of it. */
    fanOut(channel: string, msgs: readonly PushMessage[]) {
      if (closing || msgs.length === 0) return;
      for (const d of opts.dialects) fanOutTopic(d.topic(channel), d, msgs);
    },
    /** The user loses the channel: every subscription of theirs to it ends now. */
    revoke(channel: string, userId: string, conns: Iterable<Conn>) {
      revocations.set(`${channel}\u0000${userId}`, revocationsOf(channel, userId) + 1);
      for (const conn of conns) {
        const sub = conn.principal.userId === userId ? conn.subs.get(channel) : undefined;
        if (!sub) continue;
        remove(sub);
        control(conn, { op: 'error', code: 'FORBIDDEN', channel, message: 'no longer allowed on this channel' });
      }
    },
    /** A socket closed: its subscriptions go (it has left its topics already). */
    disconnect(conn: Conn) {
      for (const sub of [...conn.subs.values()]) remove(sub);
    },
    subscriptions: () => [...channels.values()].reduce((n, c) => n + c.live.size + c.pending.size, 0),
    close() {
      closing = true;
    },
  };
};

export type Hub = ReturnType<typeof createHub>;
