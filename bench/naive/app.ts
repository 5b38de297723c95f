// The naive baseline of `npm run bench` (not product code): the same hot endpoints done the
// way a classic ledger does them. State rows, one PostgreSQL transaction per request, and
// `SELECT ... FOR UPDATE` on the rows it changes, so every request to a hot packet or a hot
// receiver waits for the row lock of the one before it. Same fastify stack, same tokens
// (the product's `sessions` table), same JSON shapes and error codes.
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createHash } from 'node:crypto';
import { batcher } from '../../services/shared/postgres/batcher.js';
import { inTransaction } from '../../services/shared/postgres/transaction.js';

const schemaSql = `
create schema if not exists naive;
create table if not exists naive.wallets (user_id text primary key, cash bigint not null default 0, coins bigint not null default 0, income bigint not null default 0);
create table if not exists naive.packets (packet_id text primary key, total bigint not null, shares bigint[] not null, next int not null default 0, remaining_amount bigint not null);
create table if not exists naive.grabs (packet_id text not null, user_id text not null, amount bigint not null, at timestamptz not null default now(), primary key (packet_id, user_id));
create table if not exists naive.commands (id bigserial primary key, user_id text not null, body jsonb not null, at timestamptz not null default now());
create table if not exists naive.ledger (entry_id bigserial primary key, user_id text not null, asset text not null, delta bigint not null, balance_after bigint not null, reason text not null, ref_id text not null, at timestamptz not null default now());
`;

export const setupNaiveSchema = async (pool: pg.Pool): Promise<void> => {
  await pool.query(schemaSql);
};

class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

const price: Record<string, number> = { rose: 1, heart: 10, star: 52, rocket: 1314, castle: 5200 };

/** One transaction per request; a refusal rolls back and answers 409 like the product. */
const tx = inTransaction;

const userOf = async (c: pg.PoolClient, auth: string | undefined): Promise<string> => {
  const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
  if (!token) throw new Refusal('UNAUTHENTICATED');
  const h = createHash('sha256').update(token).digest('hex');
  const r = await c.query<{ user_id: string }>('select user_id from sessions where token_hash = $1 and expires_at > now()', [h]);
  const u = r.rows[0]?.user_id;
  if (!u) throw new Refusal('UNAUTHENTICATED');
  return u;
};

export const buildNaiveApp = async (pool: pg.Pool): Promise<FastifyInstance> => {
  const app = Fastify({ logger: false });
  app.setErrorHandler((err, _req, res) => {
    if (err instanceof Refusal) {
      const status = err.code === 'UNAUTHENTICATED' ? 401 : err.code === 'NOT_FOUND' ? 404 : 409;
      return res.status(status).send({ error: { code: err.code, message: err.code, details: err.details } });
    }
    return res.status(500).send({ error: { code: 'INTERNAL', message: err instanceof Error ? err.message : 'error', details: {} } });
  });

  app.post<{ Params: { id: string } }>('/naive/red-packets/:id/grab', async (req) =>
    tx(pool, async (c) => {
      const userId = await userOf(c, req.headers.authorization);
      const p = await c.query<{ shares: number[]; next: number; remaining_amount: number }>(
        'select shares, next, remaining_amount from naive.packets where packet_id = $1 for update',
        [req.params.id],
      );
      const packet = p.rows[0];
      if (!packet) throw new Refusal('NOT_FOUND');
      const g = await c.query<{ amount: number }>('select amount from naive.grabs where packet_id = $1 and user_id = $2', [req.params.id, userId]);
      const already = g.rows[0];
      if (already) throw new Refusal('ALREADY_GRABBED', { amount: Number(already.amount) });
      const amount = packet.shares[packet.next];
      if (amount === undefined) throw new Refusal('RED_PACKET_EMPTY');
      const share = Number(amount);
      await c.query('insert into naive.grabs (packet_id, user_id, amount) values ($1, $2, $3)', [req.params.id, userId, share]);
      await c.query('update naive.packets set next = next + 1, remaining_amount = remaining_amount - $2 where packet_id = $1', [req.params.id, share]);
      const w = await c.query<{ cash: string }>('select cash from naive.wallets where user_id = $1 for update', [userId]);
      const cash = Number(w.rows[0]?.cash ?? 0) + share;
      await c.query('insert into naive.wallets (user_id, cash) values ($1, $2) on conflict (user_id) do update set cash = $2', [userId, cash]);
      await c.query(`insert into naive.ledger (user_id, asset, delta, balance_after, reason, ref_id) values ($1, 'cash', $2, $3, 'red_packet_in', $4)`, [
        userId,
        share,
        cash,
        req.params.id,
      ]);
      return { amount: share, cash };
    }),
  );

  app.post<{ Body: { giftId: string; toUserId: string; count: number } }>('/naive/gifts/send', async (req, res) => {
    const body = await tx(pool, async (c) => {
      const userId = await userOf(c, req.headers.authorization);
      const unit = price[req.body.giftId];
      if (unit === undefined) throw new Refusal('NOT_FOUND');
      const spent = unit * req.body.count;
      const income = Math.floor((spent * 50) / 100);
      const s = await c.query<{ coins: string }>('select coins from naive.wallets where user_id = $1 for update', [userId]);
      const coins = Number(s.rows[0]?.coins ?? 0);
      if (coins < spent) throw new Refusal('INSUFFICIENT_FUNDS');
      await c.query('update naive.wallets set coins = $2 where user_id = $1', [userId, coins - spent]);
      // The hot row: every gift to this receiver queues here until the previous one commits.
      const r = await c.query<{ income: string }>('select income from naive.wallets where user_id = $1 for update', [req.body.toUserId]);
      if (!r.rows[0]) throw new Refusal('NOT_FOUND');
      const after = Number(r.rows[0].income) + income;
      await c.query('update naive.wallets set income = $2 where user_id = $1', [req.body.toUserId, after]);
      await c.query(
        `insert into naive.ledger (user_id, asset, delta, balance_after, reason, ref_id) values ($1, 'coins', $2, $3, 'gift_out', $5), ($4, 'income', $6, $7, 'gift_in', $5)`,
        [userId, -spent, coins - spent, req.body.toUserId, req.body.giftId, income, after],
      );
      return { giftSendId: 'naive', coinsSpent: spent, coins: coins - spent };
    });
    return res.status(201).send(body);
  });
  // The durable floor: the least any design can do that answers only after the command is
  // stored. Parse the body, look the token up in memory, group-commit one row per request (one
  // synchronous commit per batch, as the product's appends), answer. No domain, no read models,
  // no idempotency. What it reaches bounds what any persisted command can reach on this machine.
  const tokens = new Map<string, string>();
  const store = batcher(async (items: { userId: string; body: string }[]) => {
    await pool.query('insert into naive.commands (user_id, body) select * from unnest($1::text[], $2::jsonb[])', [items.map((i) => i.userId), items.map((i) => i.body)]);
    return items.map(() => undefined);
  });
  app.post('/naive/durable-floor', async (req) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw new Refusal('UNAUTHENTICATED');
    let userId = tokens.get(token);
    if (!userId) {
      const c = await pool.connect();
      try {
        userId = await userOf(c, req.headers.authorization);
      } finally {
        c.release();
      }
      tokens.set(token, userId);
    }
    await store({ userId, body: JSON.stringify(req.body ?? null) });
    return { ok: true };
  });
  return app;
};
