// The record of keyed commands (Idempotency-Key): the same key from the same caller with the
// same request returns the original outcome for the configured TTL, without a second effect; a
// different request gets IDEMPOTENCY_KEY_REUSED. Concurrent duplicates in this process share one
// promise; across processes (and after a restart) the row in `idempotency_keys` is the record.
//
// A claim carries its command: a generation (the key's use number: after the TTL the same key
// starts a new command, which acts once more) and the id the command creates, allocated with
// the claim, so a retry after a crash or a takeover creates nothing new. If a crash lands between
// the command's append and the row's completion, the retry runs the command again with the same
// command id, and the command bus answers it with the first run's events: nothing acts twice.
import { hash } from 'node:crypto';
import type pg from 'pg';
import { CodedError, isDomainError, type DomainErrorCode } from '../../domain/errors.js';
import { batcher } from '../shared/postgres/batcher.js';
import { ASYNC_COMMIT } from '../shared/postgres/pool.js';

export interface Claim {
  generation: number;
  /** The id the command creates (the same on every retry of this claim). */
  allocatedId: string;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: { code: DomainErrorCode; message: string; details: Record<string, unknown> } };

export interface CommandLog {
  /** Runs exec once per (scope, key, generation); faults (not refusals) release the claim. */
  run(scope: string, key: string, requestHash: string, newId: () => string, exec: (claim: Claim) => Promise<unknown>): Promise<Outcome>;
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

/** Runs exec; a refusal becomes its stored outcome, anything else (a fault) is rethrown. */
export const settle = async (exec: () => Promise<unknown>): Promise<Outcome> => {
  try {
    return { ok: true, value: (await exec()) ?? null };
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return { ok: false, error: { code: err.code, message: err.message, details: err.details } };
  }
};

const reused = () => new CodedError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request');

/** Shares one promise between concurrent duplicates in this process. */
const sharing = (runKeyed: (id: string, key: string, hash: string, newId: () => string, exec: (c: Claim) => Promise<unknown>) => Promise<Outcome>) => {
  const inFlight = new Map<string, { hash: string; promise: Promise<Outcome> }>();
  return (scope: string, key: string, hash: string, newId: () => string, exec: (c: Claim) => Promise<unknown>): Promise<Outcome> => {
    const id = `${scope}\u0000${key}`;
    const existing = inFlight.get(id);
    if (existing) {
      if (existing.hash !== hash) throw reused();
      return existing.promise;
    }
    const promise = runKeyed(scope, key, hash, newId, exec).finally(() => inFlight.delete(id));
    inFlight.set(id, { hash, promise });
    return promise;
  };
};

// The rows commit asynchronously (no wait for the WAL flush): a lost claim only means a retry
// runs the command again with the same command id (see above). The WAL is written in order, so
// once the command's own append is durable, the claim before it (and its allocated id) is too.
//
// A claim left unfinished (its process died, or is slow) is taken over after staleMs, keeping
// its generation and allocated id. Taking over is safe even if the first runner is still alive:
// both run the same command id, and the command bus lets only one of them act.
export const postgresCommandLog = (pool: pg.Pool, ttlSeconds: number, staleMs = 5_000): CommandLog => {
  type Item = { scope: string; key: string; hash: string; allocatedId: string };
  const insertClaims = batcher(async (items: Item[]) => {
    const r = await pool.query<{ user_id: string; key: string; generation: number; allocated_id: string }>({
      name: 'command-claim',
      text: `insert into idempotency_keys (user_id, key, request_hash, allocated_id)
       select u, k, h, a from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as v(u, k, h, a), ${ASYNC_COMMIT}
       on conflict (user_id, key) do update set
         request_hash = excluded.request_hash, outcome = null, body = null, created_at = now(), completed_at = null,
         generation = case when idempotency_keys.created_at < now() - make_interval(secs => $5) then idempotency_keys.generation + 1 else idempotency_keys.generation end,
         allocated_id = case when idempotency_keys.created_at < now() - make_interval(secs => $5) then excluded.allocated_id else idempotency_keys.allocated_id end
         where idempotency_keys.created_at < now() - make_interval(secs => $5)
            or (idempotency_keys.completed_at is null and idempotency_keys.request_hash = excluded.request_hash
                and idempotency_keys.created_at < now() - make_interval(secs => $6))
       returning user_id, key, generation, allocated_id`,
      values: [items.map((i) => i.scope), items.map((i) => i.key), items.map((i) => i.hash), items.map((i) => i.allocatedId), ttlSeconds, staleMs / 1000],
    });
    const won = new Map(r.rows.map((row) => [`${row.user_id}\u0000${row.key}`, { generation: row.generation, allocatedId: row.allocated_id }]));
    return items.map((i) => won.get(`${i.scope}\u0000${i.key}`) ?? null);
  });

  const complete = batcher(async (items: { scope: string; key: string; outcome: Outcome }[]) => {
    await pool.query({
      name: 'command-complete',
      text: `update idempotency_keys k set outcome = v.o, body = v.b::jsonb, completed_at = now()
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as v(u, kk, o, b), ${ASYNC_COMMIT}
       where k.user_id = v.u and k.key = v.kk`,
      values: [
        items.map((i) => i.scope),
        items.map((i) => i.key),
        items.map((i) => (i.outcome.ok ? 'ok' : 'error')),
        items.map((i) => JSON.stringify(i.outcome.ok ? i.outcome.value : i.outcome.error)),
      ],
    });
    return items.map(() => undefined);
  });

  const claim = async (scope: string, key: string, hash: string, newId: () => string): Promise<Claim | Outcome | 'pending'> => {
    const won = await insertClaims({ scope, key, hash, allocatedId: newId() });
    if (won) return won;
    const r = await pool.query<{ request_hash: string; outcome: 'ok' | 'error' | null; body: unknown }>(
      'select request_hash, outcome, body from idempotency_keys where user_id = $1 and key = $2',
      [scope, key],
    );
    const row = r.rows[0];
    if (!row) return 'pending';
    if (row.request_hash !== hash) throw reused();
    if (row.outcome === null) return 'pending';
    return row.outcome === 'ok' ? { ok: true, value: row.body } : { ok: false, error: row.body as Extract<Outcome, { ok: false }>['error'] };
  };

  const runKeyed = async (scope: string, key: string, hash: string, newId: () => string, exec: (c: Claim) => Promise<unknown>): Promise<Outcome> => {
    for (let attempt = 0; ; attempt++) {
      const c = await claim(scope, key, hash, newId);
      if (c !== 'pending' && 'allocatedId' in c) {
        let outcome: Outcome;
        try {
          outcome = await settle(() => exec(c));
        } catch (err) {
          // A fault (its outcome unknown: the append may have landed): release the claim at once
          // for a retry to take over, keeping its generation and allocated id, so the retry runs
          // the same command and creates the same thing (never a second order or room).
          await pool
            .query(`update idempotency_keys set created_at = now() - make_interval(secs => $3) where user_id = $1 and key = $2 and completed_at is null`, [scope, key, staleMs / 1000 + 1])
            .catch(() => {});
          throw err;
        }
        await complete({ scope, key, outcome });
        return outcome;
      }
      if (c !== 'pending') return c;
      // Another process holds the key: wait for its answer (or for its claim to go stale).
      await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** Math.min(attempt, 5))));
    }
  };

  return { run: sharing(runKeyed) };
};

/** The same record in memory, for unit tests and the fault simulation (not durable). */
export const memoryCommandLog = (ttlMs: number, now: () => number = Date.now): CommandLog => {
  const rows = new Map<string, { hash: string; generation: number; allocatedId: string; createdAt: number; outcome: Outcome | null }>();
  const runKeyed = async (scope: string, key: string, hash: string, newId: () => string, exec: (c: Claim) => Promise<unknown>): Promise<Outcome> => {
    const id = `${scope}\u0000${key}`;
    const row = rows.get(id);
    if (row && now() - row.createdAt < ttlMs) {
      if (row.hash !== hash) throw reused();
      if (row.outcome) return row.outcome;
    }
    const fresh = !row || now() - row.createdAt >= ttlMs;
    const claimRow = fresh ? { hash, generation: row ? row.generation + 1 : 0, allocatedId: newId(), createdAt: now(), outcome: null } : row;
    rows.set(id, claimRow);
    // A fault leaves the claim (and its allocated id) for the retry, as the PostgreSQL log does.
    claimRow.outcome = await settle(() => exec(claimRow));
    return claimRow.outcome;
  };
  return { run: sharing(runKeyed) };
};
