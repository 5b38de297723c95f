// How every state-changing use case runs: who acts, the command id (from the Idempotency-Key and
// its generation), the metadata the domain gets, the id the command creates, and the replay of
// the original outcome to retries. Surfaces pass the key from wherever their dialect carries it
// (a header, a client message id); the semantics are the same everywhere.
import { randomBytes } from 'node:crypto';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError } from '../../domain/errors.js';
import { uuidFromName } from '../shared/ids.js';
import { actingUser, keyScope, type Caller } from './caller.js';
import { requestHash } from './commandLog.js';
import type { Core } from './core.js';

export interface CommandOptions {
  /** The caller's Idempotency-Key (1-128 printable characters), if any. */
  idempotencyKey?: string;
  /** The request id, kept in every event's metadata. */
  correlationId?: string;
}

export interface CommandContext {
  meta: CommandMetadata;
  /** The id of what this command creates: the same on every retry of a keyed command. */
  newId(): string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export const validKey = (key: string): string => {
  if (!IDEMPOTENCY_KEY.test(key)) throw new CodedError('VALIDATION_FAILED', 'Idempotency-Key must be 1-128 printable characters', { header: 'Idempotency-Key' });
  return key;
};

/** The command id of a keyed command: generation 0 keeps the id keys had before generations. */
export const keyedCommandId = (scope: string, key: string, generation: number): string =>
  `key:${uuidFromName(generation === 0 ? `${scope}\u0000${key}` : `${scope}\u0000${key}\u0000${generation}`)}`;

/** The metadata of a command with this id, run by this caller now. */
export const commandMetadata = (core: Core, caller: Caller, commandId: string, opts: CommandOptions): CommandMetadata => {
  const m: CommandMetadata = { commandId, at: core.clock().toISOString() };
  const userId = actingUser(caller);
  if (userId !== undefined) m.userId = userId;
  if (opts.correlationId !== undefined) m.correlationId = opts.correlationId;
  return m;
};

/**
 * Runs a use case's command once per (caller, key, generation). `name` and `input` identify the
 * request: the same key with another name or input is IDEMPOTENCY_KEY_REUSED. The result must be
 * plain JSON: retries get it back from the record.
 */
export const runCommand = async <R>(core: Core, caller: Caller, name: string, input: unknown, opts: CommandOptions, exec: (ctx: CommandContext) => Promise<R>): Promise<R> => {
  if (opts.idempotencyKey === undefined) {
    return exec({ meta: commandMetadata(core, caller, `cmd:${randomBytes(16).toString('hex')}`, opts), newId: () => core.ids.next() });
  }
  const key = validKey(opts.idempotencyKey);
  const scope = keyScope(caller);
  const outcome = await core.commands.run(scope, key, requestHash({ name, input }), () => core.ids.next(), (claim) => {
    let allocated = false;
    return exec({
      meta: commandMetadata(core, caller, keyedCommandId(scope, key, claim.generation), opts),
      newId: () => {
        if (allocated) throw new Error(`${name}: a keyed command creates one id`);
        allocated = true;
        return claim.allocatedId;
      },
    });
  });
  if (!outcome.ok) throw new CodedError(outcome.error.code, outcome.error.message, outcome.error.details);
  // The record holds what this use case returned for this request (name and input are in its hash).
  return outcome.value as R;
};

/** Metadata for the product's own commands (payment notices, timers, process steps): ids derive from their cause. */
export const systemMetadata = (core: Core, commandId: string, correlationId?: string): CommandMetadata => ({
  commandId,
  at: core.clock().toISOString(),
  ...(correlationId ? { correlationId } : {}),
});
