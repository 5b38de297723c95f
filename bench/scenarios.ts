// The scenarios of `npm run bench`. Each returns a row for the results table; the hot packet
// also proves it never over-pays (from the HTTP answers and from the packet's read model).
import { randomUUID } from 'node:crypto';
import { splitLucky } from '../services/shared/split.js';
import { createPostgresEventStore } from '../services/shared/event-store/postgres.js';
import type { NewEvent } from '../services/shared/event-store/port.js';
import type pg from 'pg';
import type { Client, TestUser } from '../test/support/client.js';
import { Histogram, runLoad, type LoadResult, type Req, type Verdict } from './load.js';

export interface Row {
  scenario: string;
  concurrency: number;
  requests: number;
  ok: number;
  refused: number;
  errors: number;
  seconds: number;
  /** ok per second (events per second for the event store rows). */
  rate: number;
  p50: number;
  p99: number;
  notes: string;
  samples: string[];
  /**
   * Server-side CPU per ok request, in ms: the product process (every thread) and its PostgreSQL
   * processes, over the scenario's window (which, for the product's scenarios, runs until what
   * the requests set off has settled). Absent when not measured (not Linux).
   */
  perOk?: { product: number; postgres: number };
}

export const rowOf = (scenario: string, concurrency: number, r: LoadResult, notes = ''): Row => ({
  scenario,
  concurrency,
  requests: r.requests,
  ok: r.ok,
  refused: r.refused,
  errors: r.errors,
  seconds: r.seconds,
  rate: r.ok / Math.max(r.seconds, 1e-9),
  p50: r.latency.quantile(0.5),
  p99: r.latency.quantile(0.99),
  notes,
  samples: r.samples,
});

/** Several load results as one (sums, merged latency). */
export const combine = (rs: LoadResult[]): LoadResult => {
  const latency = new Histogram();
  for (const r of rs) latency.merge(r.latency);
  return {
    ok: rs.reduce((s, r) => s + r.ok, 0),
    refused: rs.reduce((s, r) => s + r.refused, 0),
    errors: rs.reduce((s, r) => s + r.errors, 0),
    requests: rs.reduce((s, r) => s + r.requests, 0),
    seconds: rs.reduce((s, r) => s + r.seconds, 0),
    latency,
    samples: rs.flatMap((r) => r.samples).slice(0, 5),
  };
};

const codeOf = (body: unknown): string => {
  const e = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof e?.code === 'string' ? e.code : '';
};

const grabJudge =
  (paid: { user: string; amount: number }[]) =>
  (r: Req, status: number, body: unknown): Verdict => {
    if (status === 200) {
      const amount = (body as { amount?: unknown } | null)?.amount;
      paid.push({ user: r.token ?? '', amount: typeof amount === 'number' ? amount : Number.NaN });
      return 'ok';
    }
    return status === 409 && (codeOf(body) === 'ALREADY_GRABBED' || codeOf(body) === 'RED_PACKET_EMPTY') ? 'refused' : 'error';
  };

/** Everyone grabs once, in random order, plus 10 % repeat grabs racing them (which must be refused). */
const grabOrder = (users: readonly TestUser[]): TestUser[] => {
  const order = [...users];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? users[0] as TestUser, order[i] ?? users[0] as TestUser];
  }
  const extra = Math.ceil(users.length / 10);
  for (let k = 0; k < extra; k++) order.splice(Math.floor(Math.random() * order.length), 0, users[Math.floor(Math.random() * users.length)] ?? (users[0] as TestUser));
  return order;
};

/** Each user of `order` grabs once, through `grab`; answers are judged and the paid shares collected. */
const grabRound = async (base: string, order: readonly TestUser[], concurrency: number, label: string, grab: (u: TestUser) => Req) => {
  const paid: { user: string; amount: number }[] = [];
  let i = 0;
  const result = await runLoad(base, { concurrency, label, total: order.length }, {
    next: () => {
      const u = order[i++];
      return u ? grab(u) : null;
    },
    judge: grabJudge(paid),
  });
  return { result, paid };
};

export interface PacketRound {
  result: LoadResult;
  /** Shares paid beyond the packet's count, users paid twice, and money paid beyond the total. */
  overGrab: number;
  detail: string;
}

/** Checks a round's answers: at most count shares, one per user, never more money than the total. */
const overGrabOf = (paid: { user: string; amount: number }[], count: number, total: number): number => {
  const users = new Set(paid.map((p) => p.user));
  const sum = paid.reduce((s, p) => s + p.amount, 0);
  return Math.max(0, paid.length - count) + (paid.length - users.size) + (sum > total ? 1 : 0);
};

export const productPacketRound = async (
  c: Client,
  sender: TestUser,
  groupId: string,
  users: readonly TestUser[],
  concurrency: number,
  label: string,
): Promise<PacketRound> => {
  const total = users.length * 100;
  const created = await c.call<{ redPacketId: string }>('POST', '/v1/red-packets', {
    token: sender.token,
    key: randomUUID(),
    body: { kind: 'lucky', count: users.length, total, target: { type: 'group', id: groupId } },
  });
  if (created.status !== 201) throw new Error(`create red packet: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.redPacketId;
  const { result, paid } = await grabRound(c.base, grabOrder(users), concurrency, label, (u) => ({ method: 'POST', path: `/v1/red-packets/${id}/grab`, token: u.token, key: randomUUID() }));
  const view = await c.call<{ remainingCount: number; remainingAmount: number; grabs: { userId: string; amount: number }[] }>('GET', `/v1/red-packets/${id}`, {
    token: sender.token,
  });
  const stored = view.body.grabs.map((g) => ({ user: g.userId, amount: g.amount }));
  const overGrab = overGrabOf(paid, users.length, total) + overGrabOf(stored, users.length, total);
  const detail = `${paid.length} paid of ${users.length}; read model: ${stored.length} grabs, ${view.body.remainingCount} left`;
  return { result, overGrab, detail };
};

export const naivePacketRound = async (pool: pg.Pool, base: string, users: readonly TestUser[], concurrency: number, label: string): Promise<PacketRound> => {
  const total = users.length * 100;
  const id = `naive-${randomUUID()}`;
  await pool.query('insert into naive.packets (packet_id, total, shares, remaining_amount) values ($1, $2, $3, $2)', [id, total, splitLucky(total, users.length)]);
  const { result, paid } = await grabRound(base, grabOrder(users), concurrency, label, (u) => ({ method: 'POST', path: `/naive/red-packets/${id}/grab`, token: u.token }));
  const stored = await pool.query<{ user_id: string; amount: string }>('select user_id, amount from naive.grabs where packet_id = $1', [id]);
  const overGrab = overGrabOf(paid, users.length, total) + overGrabOf(stored.rows.map((r) => ({ user: r.user_id, amount: Number(r.amount) })), users.length, total);
  return { result, overGrab, detail: `${paid.length} paid of ${users.length}` };
};

/** Senders round-robin, one gift each request, all to one receiver. */
export const giftLoad = (base: string, path: string, senders: readonly TestUser[], receiver: TestUser, concurrency: number, seconds: number, label: string, keyed: boolean) => {
  let i = 0;
  return runLoad(base, { concurrency, seconds, label }, {
    next: () => {
      const u = senders[i++ % senders.length] ?? receiver;
      return { method: 'POST', path, token: u.token, body: { giftId: 'heart', toUserId: receiver.userId, count: 1 }, ...(keyed ? { key: randomUUID() } : {}) };
    },
  });
};

/** For `seconds`, one request a time from a random user to another (never themselves): cold streams, no hot spot. */
const pairLoad = (base: string, users: readonly TestUser[], concurrency: number, seconds: number, label: string, request: (from: TestUser, to: TestUser) => Req) =>
  runLoad(base, { concurrency, seconds, label }, {
    next: () => {
      const a = Math.floor(Math.random() * users.length);
      const b = (a + 1 + Math.floor(Math.random() * (users.length - 1))) % users.length;
      const from = users[a];
      const to = users[b];
      return from && to ? request(from, to) : null;
    },
  });

export const transferLoad = (base: string, users: readonly TestUser[], concurrency: number, seconds: number) =>
  pairLoad(base, users, concurrency, seconds, 'cold transfers', (from, to) => ({ method: 'POST', path: '/v1/transfers', token: from.token, key: randomUUID(), body: { toUserId: to.userId, amount: 1 } }));

/** 1:1 chat: random pairs of users, one text message per request, each with a fresh client id. */
export const chatLoad = (base: string, users: readonly TestUser[], concurrency: number, seconds: number) =>
  pairLoad(base, users, concurrency, seconds, '1:1 chat', (from, to) => ({
    method: 'POST',
    path: `/v1/conversations/dm:${[from.userId, to.userId].sort().join(':')}/messages`,
    token: from.token,
    body: { clientMsgId: randomUUID(), msgType: 'text', body: { text: 'hello there' } },
  }));

/**
 * Event store alone: `writers` streams appended concurrently, `per` events per append, until
 * about `events` events (ten times as many when batched). The writer is this process; the
 * server side is PostgreSQL, plus the product's consumers reading the appended events past.
 */
export const eventStoreRow = async (dbUrl: string, writers: number, events: number, per: number): Promise<Row> => {
  const store = createPostgresEventStore({ connectionString: dbUrl, poolSize: writers });
  try {
    const latency = new Histogram();
    const started = performance.now();
    const perWriter = Math.ceil((events * (per === 1 ? 1 : 10)) / writers / per);
    let appended = 0;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        const stream = `bench-${randomUUID()}`;
        let revision = -1;
        for (let k = 0; k < perWriter; k++) {
          const evs: NewEvent[] = Array.from({ length: per }, (_, j) => ({
            id: randomUUID(),
            type: 'BenchEvent',
            data: { k, j, note: 'x'.repeat(64) },
            metadata: { at: new Date().toISOString() },
          }));
          const t0 = performance.now();
          const r = await store.append(stream, evs, { expectedRevision: revision === -1 ? 'no_stream' : revision });
          latency.record(performance.now() - t0);
          revision = r.nextRevision;
          appended += per;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return {
      scenario: per === 1 ? 'event store: one append per event' : `event store: batched append (${per} events)`,
      concurrency: writers,
      requests: writers * perWriter,
      ok: appended,
      refused: 0,
      errors: 0,
      seconds,
      rate: appended / seconds,
      p50: latency.quantile(0.5),
      p99: latency.quantile(0.99),
      notes: `events/s and cost per event; latency per append; ${writers} writers on own streams; server side: PostgreSQL and the product's consumers reading the events`,
      samples: [],
    };
  } finally {
    await store.close();
  }
};
