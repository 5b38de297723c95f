// What every /v1 route reads from its request the same way: the caller (set by the surface's
// onRequest hook from the bearer token, or from a guest's device id on the routes that take
// guests) and the command options (Idempotency-Key, request id).
import type { FastifyRequest } from 'fastify';
import { DeviceId } from '../../contracts/http/rooms.js';
import { CodedError } from '../../domain/errors.js';
import type { Caller } from '../app/caller.js';
import type { CommandOptions } from '../app/command.js';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** The route takes guests: without an Authorization header, `X-Device-Id` names the guest's device. */
    guests?: boolean;
  }
}

export const bearer = (req: FastifyRequest): string | null => {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_\-.~+/=]+)$/.exec(h.trim());
  return m?.[1] ?? null;
};

/**
 * The guest device of a request to a route that takes guests, when it has no Authorization
 * header at all (a bad token is a 401, never a guest). A device id is only a claim: anyone can
 * send any id, so a guest may only be counted in a room and read what guests may read.
 */
export const guestDevice = (req: FastifyRequest): string | null => {
  const raw = req.headers['x-device-id'];
  if (req.routeOptions.config.guests !== true || req.headers.authorization !== undefined || raw === undefined) return null;
  const parsed = DeviceId.safeParse(raw);
  if (!parsed.success) throw new CodedError('VALIDATION_FAILED', 'X-Device-Id must be 16-64 letters, digits, - or _', { header: 'X-Device-Id' });
  return parsed.data;
};

/** The Idempotency-Key header (validated by the application layer) and the request id. */
export const commandOptions = (req: FastifyRequest): CommandOptions => {
  const raw = req.headers['idempotency-key'];
  const key = Array.isArray(raw) ? (raw[0] ?? '') : raw;
  return { ...(key !== undefined ? { idempotencyKey: key } : {}), correlationId: req.id };
};

/** A pay password as /v1 receives it (typed); the application layer takes its md5. */
export const typedPayPassword = (v: string | undefined): { plain: string } | undefined => (v === undefined ? undefined : { plain: v });

/** `±HH:MM` as minutes east of UTC. */
export const offsetMinutes = (tz: string | undefined): number => {
  const m = tz === undefined ? null : /^([+-])(\d{2}):(\d{2})$/.exec(tz);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
};

/** The ledger's query as the use case takes it: one reason, one asset, a month in an offset. */
export const ledgerInput = (q: { limit: number; cursor?: string | undefined; reason?: string | undefined; asset?: string | undefined; month?: string | undefined; tz?: string | undefined }) => ({
  limit: q.limit,
  cursor: q.cursor,
  ...(q.reason !== undefined ? { reasons: [q.reason] } : {}),
  asset: q.asset,
  month: q.month,
  utcOffsetMinutes: offsetMinutes(q.tz),
});
