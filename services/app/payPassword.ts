// Pay passwords: set with an SMS code (must differ from the one it replaces), checked before the
// money operations an app's policy names, and locked for a while after repeated wrong tries.
//
// The hash (scrypt of the canonical md5 hex, services/shared/passwordHash.ts) is a row of
// `pay_password_credentials` (migration 0026); the `paypwd-<userId>` stream records which row is
// current and counts the tries (domain/payPassword.ts). A try is compared here and counted there:
// the stream's mailbox serializes tries, so concurrent wrong ones are each counted once and none
// is answered after the lock. A wrong try moves no money and is answered PAY_PASSWORD_WRONG (with
// the tries left), the one that reaches the limit PAY_PASSWORD_LOCKED.
//
// The password never enters the Idempotency-Key's request hash (callers pass `withoutSecret`):
// a sha256 of a six-digit password's md5 falls to a search as fast as the md5 itself.
import { accountDecider, accountStream } from '../../domain/account.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError, isDomainError } from '../../domain/errors.js';
import { lockedAt, payPasswordDecider, payPasswordStream } from '../../domain/payPassword.js';
import { canonicalFromMd5, canonicalPassword, hashPassword, verifyPassword } from '../shared/passwordHash.js';
import { uuidFromName } from '../shared/ids.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import type { PayOperation } from './policies.js';
import { settled } from './results.js';
import { checkLoginCode } from './smsCodes.js';

/** What the user typed (`/v1`, 004: hashed with md5 here) or its md5 hex (002 and 003 clients send that). */
export type PayPasswordInput = { plain: string } | { md5: string };

const canonical = (p: PayPasswordInput): string => {
  if ('plain' in p) return canonicalPassword(p.plain);
  const c = canonicalFromMd5(p.md5);
  if (!c) throw new CodedError('VALIDATION_FAILED', 'payPassword must be 32 hex digits (md5)', { field: 'payPassword' });
  return c;
};

/** The input as the Idempotency-Key record hashes it: without the password. */
export const withoutSecret = <T extends { payPassword?: unknown }>(input: T): Omit<T, 'payPassword'> => {
  const { payPassword: _secret, ...rest } = input;
  return rest;
};

const storedHash = async (core: Core, credentialId: string): Promise<string> => {
  const r = await core.pool.query<{ hash: string }>('select hash from pay_password_credentials where credential_id = $1', [credentialId]);
  const hash = r.rows[0]?.hash;
  if (hash === undefined) throw new Error(`pay password credential ${credentialId} is missing`);
  return hash;
};

/**
 * One try of a user's pay password, counted by the stream. `meta.commandId` makes it one try: the
 * same command again (a retried request) answers what the first answered and counts nothing more.
 */
export const tryPayPassword = async (core: Core, userId: string, input: PayPasswordInput, meta: CommandMetadata): Promise<void> => {
  const stream = payPasswordStream(userId);
  const p = await core.bus.load(payPasswordDecider, stream);
  if (p.state.status === 'unset') throw new CodedError('PAY_PASSWORD_NOT_SET', 'set a pay password first');
  // Locked: refused without comparing (no work for a guesser, no answer either).
  if (lockedAt(p.state, meta)) throw new CodedError('PAY_PASSWORD_LOCKED', 'too many wrong pay passwords; try again later', { lockedUntil: p.state.lockedUntil });
  const { credentialId } = p.state;
  const matches = await verifyPassword(canonical(input), await storedHash(core, credentialId));
  const { PAY_PASSWORD_MAX_FAILURES: maxFailures, PAY_PASSWORD_LOCK_SECONDS: lockSeconds } = core.config;
  const r = await core.bus.handle(payPasswordDecider, stream, { type: 'TryPayPassword', data: { userId, credentialId, matches, maxFailures, lockSeconds }, metadata: meta });
  const failed = r.events.find((e) => e.type === 'PayPasswordAttemptFailed');
  if (failed?.type !== 'PayPasswordAttemptFailed') return;
  const { failures, lockedUntil } = failed.data;
  if (lockedUntil !== undefined) throw new CodedError('PAY_PASSWORD_LOCKED', 'too many wrong pay passwords; try again later', { lockedUntil, failures });
  throw new CodedError('PAY_PASSWORD_WRONG', 'wrong pay password', { failures, attemptsLeft: failed.data.maxFailures - failures });
};

/**
 * The pay password check of a money operation, before any money moves: required when the caller's
 * app's policy names the operation (PAY_PASSWORD_REQUIRED without one), checked whenever one is
 * given. Its command id derives from the operation's, so a retried operation is one try.
 */
export const requirePayPassword = async (core: Core, caller: Caller, op: PayOperation, input: PayPasswordInput | undefined, meta: CommandMetadata): Promise<void> => {
  const user = requireUser(caller);
  const app = caller.kind === 'user' ? caller.app : 'core';
  if (input === undefined) {
    if (core.policies[app].payPassword.includes(op)) throw new CodedError('PAY_PASSWORD_REQUIRED', `${op} needs your pay password`, { operation: op });
    return;
  }
  await tryPayPassword(core, user.userId, input, { ...meta, commandId: `paypwd:${uuidFromName(`${meta.commandId}\u0000pay-password`)}` });
};

/** Sets or changes the caller's pay password with an SMS code sent to their phone (POST /v1/auth/sms-codes). */
export const setPayPassword = (core: Core, caller: Caller, input: { code: string; payPassword: PayPasswordInput }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'setPayPassword', {}, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const account = await core.bus.load(accountDecider, accountStream(user.userId));
    if (account.state.status !== 'registered') throw new CodedError('NOT_FOUND', 'no such user');
    const phone = account.state.phone;
    // A third-party sign-up has no phone until it binds one (POST /v1/me/phone): no code can reach it.
    if (phone === undefined) throw new CodedError('VALIDATION_FAILED', 'bind a phone first: the pay password is set with a code sent to it', { field: 'phone' });
    // The code first: without it, nothing here may tell whether a guess equals the current password.
    try {
      await checkLoginCode(core.pool, phone, input.code, core.clock());
    } catch (err) {
      if (isDomainError(err) && err.code === 'UNAUTHENTICATED') throw new CodedError('SMS_CODE_INVALID', 'wrong or expired code');
      throw err;
    }
    const password = canonical(input.payPassword);
    const stream = payPasswordStream(user.userId);
    const current = await core.bus.load(payPasswordDecider, stream);
    const sameAsCurrent = current.state.status === 'set' && (await verifyPassword(password, await storedHash(core, current.state.credentialId)));
    const credentialId = newId();
    await core.pool.query(
      `insert into pay_password_credentials (credential_id, user_id, hash) values ($1, $2, $3)
       on conflict (credential_id) do update set hash = excluded.hash where pay_password_credentials.user_id = excluded.user_id`,
      [credentialId, user.userId, await hashPassword(password)],
    );
    const r = await core.bus
      .handle(payPasswordDecider, stream, { type: 'SetPayPassword', data: { userId: user.userId, credentialId, sameAsCurrent }, metadata: meta })
      .catch(async (err: unknown) => {
        await core.pool.query('delete from pay_password_credentials where credential_id = $1', [credentialId]);
        throw err;
      });
    // The one just set is current (or, on a retry, a later one is): every other row is dead.
    const now = r.state.status === 'set' ? r.state.credentialId : credentialId;
    await core.pool.query('delete from pay_password_credentials where user_id = $1 and credential_id <> $2', [user.userId, now]);
    await settled(core, r);
    const set = r.events.find((e) => e.type === 'PayPasswordSet');
    return { set: true as const, changed: set?.type === 'PayPasswordSet' ? set.data.changed : true };
  });

/** Checks the caller's pay password on its own (a client confirming it before it asks for more). */
export const verifyPayPassword = (core: Core, caller: Caller, input: { payPassword: PayPasswordInput }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'verifyPayPassword', {}, opts, async ({ meta }) => {
    const user = requireUser(caller);
    await tryPayPassword(core, user.userId, input.payPassword, meta);
    return { verified: true as const };
  });

export const getPayPasswordStatus = async (core: Core, caller: Caller) => {
  const user = requireUser(caller);
  const p = await core.bus.load(payPasswordDecider, payPasswordStream(user.userId));
  const meta = { commandId: 'status', at: core.clock().toISOString() };
  if (p.state.status === 'unset') return { set: false, locked: false, lockedUntil: null, failures: 0, maxFailures: core.config.PAY_PASSWORD_MAX_FAILURES };
  const locked = lockedAt(p.state, meta);
  const lapsed = p.state.lockedUntil !== undefined && !locked;
  return {
    set: true,
    locked,
    lockedUntil: locked ? (p.state.lockedUntil ?? null) : null,
    failures: lapsed ? 0 : p.state.failures,
    maxFailures: core.config.PAY_PASSWORD_MAX_FAILURES,
  };
};
