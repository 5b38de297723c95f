// Sessions: bearer tokens are opaque random strings, stored only as SHA-256 hashes. The hash is
// the session's key inside the product (NOTIFY payloads, the push gateway); the token itself is
// never logged or sent anywhere but to its client.
//
// A session belongs to an app and a device kind, and ends (signed out, revoked, replaced by a
// newer sign-in of the same (user, app, device kind) where the app's policy asks for one, or a
// password reset) instead of being deleted, so a client holding an ended token learns why.
//
// Lookups are cached per process for `cacheMs` (30 s). An end takes effect at once in the process
// that made it: its cache entries are dropped, its keys are remembered for one cache period (a
// lookup that read the row before the end committed cannot put it back), and the listeners (the
// push gateway) hear of it before the call returns. Other processes hear of it through the
// `session_ended` NOTIFY sent in the ending transaction (delivered at commit); if their LISTEN
// connection was down they drop their whole cache when it is back (services/composition/sessionEvents.ts).
// So no process honours an ended token for longer than the notice takes, and never longer than
// `cacheMs`.
import { hash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../shared/postgres/transaction.js';

export const deviceKinds = ['android', 'ios', 'pc', 'web', 'other'] as const;
export type DeviceKind = (typeof deviceKinds)[number];
export type EndReason = 'signed_out' | 'revoked' | 'replaced' | 'password_reset';
export const SESSION_ENDED_CHANNEL = 'session_ended';

export interface Session {
  sessionId: string;
  /** The token's hash: names the session inside the product. */
  key: string;
  userId: string;
  roles: readonly string[];
  app: string;
  deviceKind: DeviceKind;
  /** When the session ends (epoch ms). */
  expiresAt: number;
}

export type SessionStatus = { state: 'active'; session: Session } | { state: 'ended'; reason: EndReason | 'expired' } | { state: 'unknown' };

export interface SessionInfo {
  sessionId: string;
  key: string;
  app: string;
  deviceKind: DeviceKind;
  createdAt: string;
  expiresAt: string;
}

export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: string;
  /** Older sessions this sign-in ended (one session per device kind). */
  replaced: number;
}

/** Which live sessions of a user to end: one (by id or key), all but one key, or all. */
export interface SessionFilter {
  userId: string;
  sessionId?: string;
  key?: string;
  exceptKey?: string;
}

export interface Sessions {
  create(userId: string, now: Date, opts?: { app?: string; deviceKind?: DeviceKind; exclusive?: boolean }): Promise<NewSession>;
  status(token: string, now: Date): Promise<SessionStatus>;
  verify(token: string, now: Date): Promise<Session | null>;
  /** The user's live sessions, newest first (at most 100). */
  list(userId: string, now: Date): Promise<SessionInfo[]>;
  /** Ends live sessions; answers how many ended. */
  end(filter: SessionFilter, reason: EndReason, now: Date): Promise<number>;
  /** Of these keys, the ones still live (a resync checks open sockets with it). */
  live(keys: readonly string[], now: Date): Promise<Set<string>>;
  /** Forget cached roles (after a role is granted). */
  forget(userId: string): void;
  /** Listens to ended sessions, here and (through endedElsewhere) in other processes. */
  onEnded(listener: (keys: readonly string[]) => void): () => void;
  /** Another process ended these sessions (NOTIFY); null: notices may have been missed, drop the cache. */
  endedElsewhere(keys: readonly string[] | null): void;
}

export const hashToken = (token: string): string => hash('sha256', token, 'hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

interface Row {
  session_id: string;
  user_id: string;
  expires_at: Date;
  app: string;
  device_kind: DeviceKind;
  ended_reason: EndReason | null;
  revoked_at: Date | null;
  roles: string[] | null;
}

const statusOf = (row: Row | undefined, key: string): SessionStatus => {
  if (!row) return { state: 'unknown' };
  if (row.revoked_at !== null) return { state: 'ended', reason: row.ended_reason ?? 'revoked' };
  return {
    state: 'active',
    session: { sessionId: row.session_id, key, userId: row.user_id, roles: row.roles ?? [], app: row.app, deviceKind: row.device_kind, expiresAt: row.expires_at.getTime() },
  };
};

/** An active session past its end is expired, whatever the cache says. */
const at = (s: SessionStatus, t: number): SessionStatus => (s.state === 'active' && s.session.expiresAt <= t ? { state: 'ended', reason: 'expired' } : s);

const END = `with ended as (
    update sessions set revoked_at = $2, ended_reason = $3
     where user_id = $1 and revoked_at is null and expires_at > $2
       and ($4::text is null or session_id = $4) and ($5::text is null or token_hash = $5) and ($6::text is null or token_hash <> $6)
       and ($7::text is null or app = $7) and ($8::text is null or device_kind = $8)
    returning token_hash)
  select token_hash, pg_notify('${SESSION_ENDED_CHANNEL}', token_hash) from ended`;

const INSERT = 'insert into sessions (token_hash, session_id, user_id, app, device_kind, expires_at) values ($1, $2, $3, $4, $5, $6)';

export const postgresSessions = (pool: pg.Pool, ttlSeconds: number, newId: () => string, cacheMs = 30_000): Sessions => {
  const cache = new Map<string, { status: SessionStatus; until: number; key: string }>();
  const tokenOfKey = new Map<string, string>();
  /** Keys ended here or announced, for one cache period: a lookup in flight must not revive them. */
  const recentlyEnded = new Map<string, number>();
  const listeners = new Set<(keys: readonly string[]) => void>();

  const drop = (key: string) => {
    const token = tokenOfKey.get(key);
    if (token !== undefined) cache.delete(token);
    tokenOfKey.delete(key);
  };
  const ended = (keys: readonly string[]) => {
    if (keys.length === 0) return;
    const until = Date.now() + cacheMs;
    if (recentlyEnded.size > 50_000) for (const [k, u] of recentlyEnded) if (u <= Date.now()) recentlyEnded.delete(k);
    for (const key of keys) {
      drop(key);
      recentlyEnded.set(key, until);
    }
    for (const l of listeners) l(keys);
  };
  const endWith = async (db: Pick<pg.Pool, 'query'>, f: SessionFilter & { app?: string; deviceKind?: string }, reason: EndReason, now: Date): Promise<string[]> => {
    const values = [f.userId, now, reason, f.sessionId ?? null, f.key ?? null, f.exceptKey ?? null, f.app ?? null, f.deviceKind ?? null];
    return (await db.query<{ token_hash: string }>(END, values)).rows.map((r) => r.token_hash);
  };

  const status = async (token: string, now: Date): Promise<SessionStatus> => {
    if (token.length < 20 || token.length > 200) return { state: 'unknown' };
    const t = now.getTime();
    // Keyed by the token itself: a hit costs no hash (the cache lives only in this process).
    const hit = cache.get(token);
    if (hit && hit.until > t) return at(hit.status, t);
    const key = hashToken(token);
    const r = await pool.query<Row>(
      `select s.session_id, s.user_id, s.expires_at, s.app, s.device_kind, s.ended_reason, s.revoked_at,
              array(select role from roles r where r.user_id = s.user_id) as roles
         from sessions s where s.token_hash = $1`,
      [key],
    );
    let found = statusOf(r.rows[0], key);
    if (found.state === 'active' && (recentlyEnded.get(key) ?? 0) > Date.now()) found = { state: 'ended', reason: 'revoked' };
    if (cache.size > 100_000) {
      cache.clear();
      tokenOfKey.clear();
    }
    cache.set(token, { status: found, until: t + cacheMs, key });
    tokenOfKey.set(key, token);
    return at(found, t);
  };

  return {
    async create(userId, now, opts = {}) {
      const token = newToken();
      const key = hashToken(token);
      const sessionId = newId();
      const app = opts.app ?? 'core';
      const deviceKind = opts.deviceKind ?? 'other';
      const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
      const values = [key, sessionId, userId, app, deviceKind, expiresAt];
      if (!opts.exclusive) {
        await pool.query(INSERT, values);
        return { token, sessionId, expiresAt: expiresAt.toISOString(), replaced: 0 };
      }
      // One live session per (user, app, device kind): concurrent sign-ins of that triple take
      // turns on an advisory lock, so the last one in is the one left.
      const replaced = await inTransaction(pool, async (client) => {
        await client.query('select pg_advisory_xact_lock(hashtextextended($1, 16))', [`session:${userId}:${app}:${deviceKind}`]);
        const gone = await endWith(client, { userId, app, deviceKind }, 'replaced', now);
        await client.query(INSERT, values);
        return gone;
      });
      ended(replaced);
      return { token, sessionId, expiresAt: expiresAt.toISOString(), replaced: replaced.length };
    },
    status,
    async verify(token, now) {
      const s = await status(token, now);
      return s.state === 'active' ? s.session : null;
    },
    async list(userId, now) {
      const r = await pool.query<{ session_id: string; token_hash: string; app: string; device_kind: DeviceKind; created_at: Date; expires_at: Date }>(
        `select session_id, token_hash, app, device_kind, created_at, expires_at from sessions
          where user_id = $1 and revoked_at is null and expires_at > $2 order by created_at desc, session_id desc limit 100`,
        [userId, now],
      );
      return r.rows.map((x) => ({ sessionId: x.session_id, key: x.token_hash, app: x.app, deviceKind: x.device_kind, createdAt: x.created_at.toISOString(), expiresAt: x.expires_at.toISOString() }));
    },
    async end(filter, reason, now) {
      const keys = await endWith(pool, filter, reason, now);
      ended(keys);
      return keys.length;
    },
    async live(keys, now) {
      if (keys.length === 0) return new Set();
      const r = await pool.query<{ token_hash: string }>('select token_hash from sessions where token_hash = any($1::text[]) and revoked_at is null and expires_at > $2', [[...keys], now]);
      return new Set(r.rows.map((x) => x.token_hash));
    },
    forget(userId) {
      for (const [token, v] of cache) {
        if (v.status.state === 'active' && v.status.session.userId === userId) {
          cache.delete(token);
          tokenOfKey.delete(v.key);
        }
      }
    },
    onEnded(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    endedElsewhere(keys) {
      if (keys !== null) return ended(keys);
      cache.clear();
      tokenOfKey.clear();
    },
  };
};
