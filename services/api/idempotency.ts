// Idempotency-Key: the same key from the same user with the same body returns the original
// status and body for the configured TTL, without a second effect; a different body gets 409
// IDEMPOTENCY_KEY_REUSED. Concurrent duplicates in this process share one promise; across
// processes (and after a restart) the row in `idempotency_keys` is the record. If a crash
// lands between the command's append and the row's completion, the retry runs the command
// again with the same command id, and the command bus returns the events of the first run,
// so the answer is the same and nothing acts twice.
import { hash } from 'node:crypto';
import type pg from 'pg';
import { CodedError, isDomainError } from '../../domain/errors.js';
import { toErrorReply } from './errors.js';
import { batcher } from '../shared/postgres/batcher.js';
import { ASYNC_COMMIT } from '../shared/postgres/pool.js';

export interface Outcome {
  status: number;
  body: unknown;
}

export interface IdempotencyStore {
  run(userId: string, key: string | undefined, request: unknown, exec: () => Promise<Outcome>): Promise<Outcome>;
}

export const requestHash = (request: unknown): string => hash('sha256', stableJson(request), 'hex');

const stableJson = (v: unknown): string => {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
};

/** Runs exec and turns a refusal into its stored outcome; anything else (a fault) is rethrown. */
const settle = async (exec: () => Promise<Outcome>): Promise<Outcome> => {
  try {
    return await exec();
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const r = toErrorReply(err);
    return { status: r.status, body: r.body };
  }
};

// The key's rows commit asynchronously (no wait for the WAL flush): losing them is already
// covered above. Only a PostgreSQL crash can lose a recently committed row, and then the retry
// runs the command again with the same command id and gets the stored events' answer
// (ASYNC_COMMIT; each statement here is its own transaction).

const reused = () => new CodedError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');

// A claim left unfinished (its process died, or is slow) is taken over after staleMs. Taking
// over is safe even if the first runner is still alive: both run the same command id, and the
// command bus lets only one of them act; the other gets the first run's events. So the wait
// only needs to cover a normal command, not a worst case.
export const postgresIdempotency = (pool: pg.Pool, ttlSeconds: number, staleMs = 5_000): IdempotencyStore => {
  const inFlight = new Map<string, { hash: string; promise: Promise<Outcome> }>();

  // Claims and completions of concurrent requests go to PostgreSQL as one statement per batch
  // (a hot packet's grabs would otherwise cost two round trips each). One batch never holds the
  // same (user, key) twice: the inFlight map above keeps in-process duplicates out.
  const insertClaims = batcher(async (items: { userId: string; key: string; hash: string }[]) => {
    const r = await pool.query<{ user_id: string; key: string }>({
      name: 'idempotency-claim',
      text: `insert into idempotency_keys (user_id, key, request_hash)
       select u, k, h from unnest($1::text[], $2::text[], $3::text[]) as v(u, k, h), ${ASYNC_COMMIT}
       on conflict (user_id, key) do update set request_hash = excluded.request_hash, status_code = null, body = null, created_at = now(), completed_at = null
         where idempotency_keys.created_at < now() - make_interval(secs => $4)
            or (idempotency_keys.completed_at is null and idempotency_keys.created_at < now() - make_interval(secs => $5))
       returning user_id, key`,
      values: [items.map((i) => i.userId), items.map((i) => i.key), items.map((i) => i.hash), ttlSeconds, staleMs / 1000],
    });
    const won = new Set(r.rows.map((row) => `${row.user_id}\u0000${row.key}`));
    return items.map((i) => won.has(`${i.userId}\u0000${i.key}`));
  });

  const complete = batcher(async (items: { userId: string; key: string; status: number; body: string }[]) => {
    await pool.query({
      name: 'idempotency-complete',
      text: `update idempotency_keys k set status_code = v.s, body = v.b::jsonb, completed_at = now()
       from unnest($1::text[], $2::text[], $3::int[], $4::text[]) as v(u, kk, s, b), ${ASYNC_COMMIT}
       where k.user_id = v.u and k.key = v.kk`,
      values: [items.map((i) => i.userId), items.map((i) => i.key), items.map((i) => i.status), items.map((i) => i.body)],
    });
    return items.map(() => undefined);
  });

  const claim = async (userId: string, key: string, hash: string): Promise<'mine' | Outcome | 'pending'> => {
    if (await insertClaims({ userId, key, hash })) return 'mine';
    const r = await pool.query<{ request_hash: string; status_code: number | null; body: unknown }>(
      'select request_hash, status_code, body from idempotency_keys where user_id = $1 and key = $2',
      [userId, key],
    );
    const row = r.rows[0];
    if (!row) return 'pending';
    if (row.request_hash !== hash) throw reused();
    return row.status_code === null ? 'pending' : { status: row.status_code, body: row.body };
  };

  const runKeyed = async (userId: string, key: string, hash: string, exec: () => Promise<Outcome>): Promise<Outcome> => {
    for (let attempt = 0; ; attempt++) {
      const c = await claim(userId, key, hash);
      if (c === 'mine') {
        let outcome: Outcome;
        try {
          outcome = await settle(exec);
        } catch (err) {
          // A fault: forget the claim so a retry can run the command (with the same command id).
          await pool.query('delete from idempotency_keys where user_id = $1 and key = $2 and completed_at is null', [userId, key]).catch(() => {});
          throw err;
        }
        await complete({ userId, key, status: outcome.status, body: JSON.stringify(outcome.body) });
        return outcome;
      }
      if (c !== 'pending') return c;
      // Another process holds the key: wait for its answer (or for its claim to go stale).
      await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** Math.min(attempt, 5))));
    }
  };

  return {
    async run(userId, key, request, exec) {
      if (key === undefined) return settle(exec);
      const hash = requestHash(request);
      const id = `${userId}\u0000${key}`;
      const existing = inFlight.get(id);
      if (existing) {
        if (existing.hash !== hash) throw reused();
        return existing.promise;
      }
      const promise = runKeyed(userId, key, hash, exec).finally(() => inFlight.delete(id));
      inFlight.set(id, { hash, promise });
      return promise;
    },
  };
};
