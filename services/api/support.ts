// What every /v1 route reads from its request the same way: the caller (set by the surface's
// onRequest hook from the bearer token) and the command options (Idempotency-Key, request id).
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../app/caller.js';
import type { CommandOptions } from '../app/command.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
}

export const bearer = (req: FastifyRequest): string | null => {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_\-.~+/=]+)$/.exec(h.trim());
  return m?.[1] ?? null;
};

/** The Idempotency-Key header (validated by the application layer) and the request id. */
export const commandOptions = (req: FastifyRequest): CommandOptions => {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? (raw[0] ?? '') : raw;
  return { ...(key !== undefined ? { idempotencyKey: key } : {}), correlationId: req.id };
};
