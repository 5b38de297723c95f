// What every command route does the same way: who acts, the command id from the
// Idempotency-Key, the metadata the domain gets, and the replay of the original answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandMetadata } from '../../../domain/aggregate.js';
import { CodedError } from '../../../domain/errors.js';
import { commandIdFor } from '../../shared/ids.js';
import { userOf, type Principal } from '../auth.js';
import type { AppDeps } from '../deps.js';
import type { Outcome } from '../idempotency.js';

export const idempotencyKey = (req: FastifyRequest): string | undefined => {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new CodedError('VALIDATION_FAILED', 'Idempotency-Key must be 1-128 printable characters', { header: 'Idempotency-Key' });
  }
  return key;
};

export interface CommandContext {
  user: Principal;
  meta: CommandMetadata;
}

/**
 * Runs a state-changing request once per (user, Idempotency-Key): the stored answer is replayed
 * to retries, and the command id handed to the domain is the same on every retry.
 */
export const command = async (
  deps: AppDeps,
  req: FastifyRequest,
  res: FastifyReply,
  exec: (ctx: CommandContext) => Promise<Outcome>,
): Promise<FastifyReply> => {
  const user = userOf(req);
  const key = idempotencyKey(req);
  const meta: CommandMetadata = {
    commandId: commandIdFor(user.userId, key),
    userId: user.userId,
    at: deps.clock().toISOString(),
    correlationId: req.id,
  };
  const request = { method: req.method, url: req.url, body: req.body ?? null };
  const outcome = await deps.idempotency.run(user.userId, key, request, () => exec({ user, meta }));
  if (key !== undefined) res.header('idempotency-key', key);
  return res.status(outcome.status).send(outcome.body);
};

/** Same metadata shape for a system actor (payment callback, dev sandbox, CLI). */
export const systemMeta = (deps: AppDeps, commandId: string, correlationId?: string): CommandMetadata => ({
  commandId,
  at: deps.clock().toISOString(),
  ...(correlationId ? { correlationId } : {}),
});

/**
 * For membership and existence checks on hot paths: a cached state at most this old is good
 * enough (this process sees its own writes at once; another process's lag by at most a second).
 * Balances and anything else money depends on are always read up to the head.
 */
export const cachedCheck = { maxStalenessMs: 1000 } as const;
