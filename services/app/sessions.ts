// Sessions: bearer tokens are opaque random strings, stored only as SHA-256 hashes. Lookups are
// cached briefly per process (tokens are never edited, only created or expired).
import { hash, randomBytes } from 'node:crypto';
import type pg from 'pg';

export interface Session {
  userId: string;
  roles: readonly string[];
  /** When the session ends (epoch ms). */
  expiresAt: number;
}

export interface Sessions {
  create(userId: string, now: Date): Promise<string>;
  verify(token: string, now: Date): Promise<Session | null>;
  /** Forget cached roles (after a role is granted). */
  forget(userId: string): void;
}

export const hashToken = (token: string): string => hash('sha256', token, 'hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

export const postgresSessions = (pool: pg.Pool, ttlSeconds: number, cacheMs = 30_000): Sessions => {
  const cache = new Map<string, { p: Session | null; until: number; expiresAt: number }>();
  return {
    async create(userId, now) {
      const token = newToken();
      await pool.query('insert into sessions (token_hash, user_id, expires_at) values ($1, $2, $3)', [
        hashToken(token),
        userId,
        new Date(now.getTime() + ttlSeconds * 1000),
      ]);
      return token;
    },
    async verify(token, now) {
      if (token.length < 20 || token.length > 200) return null;
      // Keyed by the token itself: a hit costs no hash (the cache lives only in this process).
      const hit = cache.get(token);
      const t = now.getTime();
      if (hit && hit.until > t) return hit.expiresAt > t ? hit.p : null;
      const h = hashToken(token);
      const r = await pool.query<{ user_id: string; expires_at: Date; roles: string[] | null }>(
        `select s.user_id, s.expires_at, array(select role from roles r where r.user_id = s.user_id) as roles
         from sessions s where s.token_hash = $1`,
        [h],
      );
      const row = r.rows[0];
      const expiresAt = row ? row.expires_at.getTime() : 0;
      const p = row ? { userId: row.user_id, roles: row.roles ?? [], expiresAt } : null;
      if (cache.size > 100_000) cache.clear();
      cache.set(token, { p, until: t + cacheMs, expiresAt });
      return expiresAt > t ? p : null;
    },
    forget(userId) {
      for (const [k, v] of cache) if (v.p?.userId === userId) cache.delete(k);
    },
  };
};
