// Bearer tokens: opaque random strings, stored only as SHA-256 hashes. Lookups are cached
// briefly per process (tokens are never edited, only created or expired).
import { hash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { FastifyRequest } from 'fastify';
import { CodedError } from '../../domain/errors.js';

export type Role = 'auditor' | 'operator';

export interface Principal {
  userId: string;
  roles: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const hashToken = (token: string): string => hash('sha256', token, 'hex');
export const newToken = (): string => randomBytes(32).toString('base64url');

export interface Sessions {
  create(userId: string, now: Date): Promise<string>;
  verify(token: string, now: Date): Promise<Principal | null>;
  /** Forget cached roles (after a role is granted). */
  forget(userId: string): void;
}

export const postgresSessions = (pool: pg.Pool, ttlSeconds: number, cacheMs = 30_000): Sessions => {
  const cache = new Map<string, { p: Principal | null; until: number; expiresAt: number }>();
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
      const p = row ? { userId: row.user_id, roles: row.roles ?? [] } : null;
      const expiresAt = row ? row.expires_at.getTime() : 0;
      if (cache.size > 100_000) cache.clear();
      cache.set(token, { p, until: t + cacheMs, expiresAt });
      return expiresAt > t ? p : null;
    },
    forget(userId) {
      for (const [k, v] of cache) if (v.p?.userId === userId) cache.delete(k);
    },
  };
};

export const bearer = (req: FastifyRequest): string | null => {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_\-.~+/=]+)$/.exec(h.trim());
  return m?.[1] ?? null;
};

export const userOf = (req: FastifyRequest): Principal => {
  if (!req.principal) throw new CodedError('UNAUTHENTICATED', 'sign in first');
  return req.principal;
};

export const requireRole = (req: FastifyRequest, role: Role): Principal => {
  const p = userOf(req);
  if (!p.roles.includes(role)) throw new CodedError('FORBIDDEN', `requires the ${role} role`);
  return p;
};
