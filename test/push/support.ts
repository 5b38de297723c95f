// A push stack for one test file: embedded PostgreSQL with the migrations, the push projector
// (fed through the EventConsumer port) and the gateway on a free loopback port, plus a small
// WebSocket client that records frames.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { startTestDatabase, type TestDatabase } from '../support/pg.js';
import { migrate } from '../../services/shared/postgres/migrate.js';
import { createPool } from '../../services/shared/postgres/pool.js';
import { startPushGateway, type PushGateway, type PushGatewayOptions } from '../../services/push/gateway.js';
import { pushProjector } from '../../services/push/projector.js';
import { createPushHistory, type PushHistory } from '../../projections/push/history.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import type { ProjectionConsumer } from '../../services/shared/consumers/projector.js';

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

export interface HarnessOptions extends Partial<Omit<PushGatewayOptions, 'history' | 'log'>> {
  historyLimit?: number;
  /** Wraps the PostgreSQL history (to slow it down in race tests). */
  wrapHistory?: (h: PushHistory) => PushHistory;
  db?: TestDatabase;
}

export interface Harness {
  db: TestDatabase;
  pool: pg.Pool;
  gateway: PushGateway;
  projector: ProjectionConsumer;
  /** Hands events to the projector as one batch (positions assigned here). */
  feed(events: TestEvent[]): Promise<void>;
  /** Token of a user: `token-<userId>`. */
  token(userId: string): string;
  stop(): Promise<void>;
}

export interface TestEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  at?: string;
}

/** Group membership the test authorizer knows. */
export const groupMembers = new Map<string, Set<string>>([['g1', new Set(['alice', 'bob'])]]);

export const testAuthorize = async (userId: string, channel: string): Promise<boolean> => {
  const [kind, id = ''] = channel.split(':');
  if (kind === 'user') return id === userId;
  if (kind === 'group') return groupMembers.get(id)?.has(userId) ?? false;
  return kind === 'room';
};

export const startDatabase = async (): Promise<TestDatabase> => {
  const db = await startTestDatabase();
  await migrate(db.url);
  return db;
};

export const startHarness = async (opts: HarnessOptions = {}): Promise<Harness> => {
  const ownDb = !opts.db;
  const db = opts.db ?? (await startDatabase());
  const pool = createPool({ connectionString: db.url, max: 20 });
  // pool.end() resolves before its sockets finish closing; a server stopping then must not
  // surface as an unhandled pool error.
  pool.on('error', () => {});
  const base = createPushHistory(pool);
  const gateway = await startPushGateway({
    port: 0,
    host: '127.0.0.1',
    authenticate: opts.authenticate ?? (async (token) => (token.startsWith('token-') ? token.slice(6) : null)),
    authorize: opts.authorize ?? testAuthorize,
    history: opts.wrapHistory ? opts.wrapHistory(base) : base,
    maxBufferBytes: opts.maxBufferBytes ?? 1024 * 1024,
    idleTimeoutSeconds: opts.idleTimeoutSeconds ?? 60,
    coalesceMs: opts.coalesceMs ?? 0,
    log: quietLog,
    ...(opts.maxReplayBuffer ? { maxReplayBuffer: opts.maxReplayBuffer } : {}),
    ...(opts.sessionSweepMs ? { sessionSweepMs: opts.sessionSweepMs } : {}),
    ...(opts.dialects ? { dialects: opts.dialects } : {}),
  });
  const projector = pushProjector({ pool, publish: gateway.publish, revoke: gateway.revoke, historyLimit: opts.historyLimit ?? 1000, log: quietLog });
  let position = await projector.checkpoint('all');
  const revisions = new Map<string, number>();
  return {
    db,
    pool,
    gateway,
    projector,
    token: (userId) => `token-${userId}`,
    async feed(events) {
      const stored: StoredEvent[] = events.map((e) => {
        const revision = (revisions.get(e.streamId) ?? -1) + 1;
        revisions.set(e.streamId, revision);
        return { id: randomUUID(), streamId: e.streamId, revision, position: ++position, type: e.type, data: e.data, metadata: { at: e.at ?? new Date().toISOString() } };
      });
      await projector.handle({ partition: 'all', events: stored });
    },
    async stop() {
      await gateway.close();
      await pool.end();
      await sleep(50);
      if (ownDb) await db.stop();
    },
  };
};

let giftSeq = 0;
/** A GiftSent on the sender's wallet, in a room. */
export const giftSent = (roomId: string, fromUserId = 'alice', value = 10, at?: string): TestEvent => {
  giftSeq += 1;
  return {
    streamId: `wallet-${fromUserId}`,
    type: 'GiftSent',
    at,
    data: {
      reason: 'gift_out',
      refId: `gs${giftSeq}`,
      changes: [{ asset: 'coins', delta: -value, balanceAfter: 1000 }],
      giftSendId: `gs${giftSeq}`,
      fromUserId,
      giftId: 'rose',
      toUserId: 'host',
      count: 1,
      unitPrice: value,
      coinsSpent: value,
      incomeAmount: Math.floor(value / 2),
      roomId,
    },
  };
};

export type Frame = Record<string, unknown>;

export class Client {
  readonly frames: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  closed: { code: number; reason: string } | null = null;
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(f)) return true;
        w.resolve(f);
        return false;
      });
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const w of this.closeWaiters) w(this.closed);
    });
    ws.on('error', () => {});
  }

  static connect(port: number, token: string | null, opts: WebSocket.ClientOptions = {}, path = '/v1/ws'): Promise<Client> {
    const url = `ws://127.0.0.1:${port}${path}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, opts);
      const client = new Client(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new HttpRefused(res.statusCode ?? 0)));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Subscribes and resolves with the ack, resync or error frame for the channel. */
  async subscribe(channel: string, since?: number): Promise<Frame> {
    const reply = this.next((f) => f.channel === channel && (f.op === 'subscribed' || f.op === 'resync' || f.op === 'error'));
    this.send(since === undefined ? { op: 'subscribe', channel } : { op: 'subscribe', channel, since });
    return reply;
  }

  /** The next frame matching pred that arrives from now on. */
  next(pred: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** Resolves once pred holds for a received frame (already received or later). */
  waitFor(pred: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(pred);
    return seen ? Promise.resolve(seen) : this.next(pred, timeoutMs);
  }

  messages(channel: string): Frame[] {
    return this.frames.filter((f) => f.channel === channel && f.op === undefined);
  }

  /** The seqs a client holds for a channel, expanding coalesced frames (fromSeq..seq). */
  seqs(channel: string): number[] {
    return this.messages(channel).flatMap((f) => {
      const to = Number(f.seq);
      const from = typeof f.fromSeq === 'number' ? f.fromSeq : to;
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
  }

  waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for close')), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

export class HttpRefused extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 1..n */
export const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

export const waitUntil = async (cond: () => boolean, timeoutMs = 10_000): Promise<boolean> => {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(10);
  }
  return cond();
};
