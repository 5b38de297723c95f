// Password sign-in, registration with a password, reset by SMS code, and change. The canonical
// form and the storage are passwords.ts. Sign-in refusals do not say whether the phone has an
// account (one message for both, and an unknown phone costs a comparison too).
//
// Idempotency records keep a hash of each keyed request's input: passwords are left out of it
// (a hash of a weak password is crackable), so the same key with another password replays the
// first answer instead of being refused as reused.
import { creditGuestDevice } from './redPacketGuests.js';
import { randomBytes } from 'node:crypto';
import { accountDecider, accountStream } from '../../domain/account.js';
import type { CommandMetadata } from '../../domain/aggregate.js';
import { CodedError } from '../../domain/errors.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { canonicalPassword, checkPassword, compareNothing, hasPassword, storePassword, type PasswordInput } from './passwords.js';
import { appOf, startSession, userForPhone, userOfPhone } from './registration.js';
import { settled } from './results.js';
import { hashToken, type DeviceKind } from './sessions.js';
import { checkLoginCode } from './smsCodes.js';

/** Stores the password, then records in the account's log that it changed (never the hash). */
const setPassword = async (core: Core, userId: string, canonical: string, via: 'set' | 'change' | 'reset', meta: CommandMetadata) => {
  await storePassword(core.pool, userId, canonical, core.clock());
  const r = await core.bus.handle(accountDecider, accountStream(userId), { type: 'RecordPasswordChange', data: { userId, via }, metadata: meta });
  await settled(core, r);
};

const oneOff = (core: Core, what: string) => systemMetadata(core, `${what}:${randomBytes(16).toString('hex')}`);

export const passwordLogIn = async (core: Core, caller: Caller, input: { phone: string; password: PasswordInput; deviceKind?: DeviceKind }) => {
  const canonical = canonicalPassword(input.password);
  const userId = await userOfPhone(core, input.phone);
  if (userId === null) await compareNothing(canonical);
  const outcome = userId === null ? 'none' : await checkPassword(core.pool, userId, canonical, core.clock(), core.config.PASSWORD_LOCK_SECONDS);
  if (outcome !== 'ok' || userId === null) throw new CodedError('UNAUTHENTICATED', 'wrong phone or password');
  const session = await startSession(core, appOf(caller), userId, input.deviceKind);
  await creditGuestDevice(core, caller, userId);
  return session;
};

/** A new account with a password (003 register): the phone must be new (PHONE_TAKEN otherwise: sign in, or reset the password). */
export const registerWithPassword = async (core: Core, caller: Caller, input: { phone: string; code: string; password: PasswordInput; nickname?: string; deviceKind?: DeviceKind }) => {
  const canonical = canonicalPassword(input.password);
  await checkLoginCode(core.pool, input.phone, input.code, core.clock());
  const { userId, registered } = await userForPhone(core, input.phone, input.nickname);
  if (!registered) throw new CodedError('PHONE_TAKEN', 'this phone already has an account', { field: 'phone' });
  await setPassword(core, userId, canonical, 'set', oneOff(core, `password:${userId}`));
  const session = await startSession(core, appOf(caller), userId, input.deviceKind);
  await creditGuestDevice(core, caller, userId);
  return session;
};

/** Forgotten password: an SMS code proves the phone. Every session of the account ends. */
export const resetPassword = async (core: Core, input: { phone: string; code: string; password: PasswordInput }) => {
  const canonical = canonicalPassword(input.password);
  await checkLoginCode(core.pool, input.phone, input.code, core.clock());
  const userId = await userOfPhone(core, input.phone);
  const account = userId === null ? null : await core.bus.load(accountDecider, accountStream(userId));
  if (userId === null || account?.state.status !== 'registered') throw notFound('account with this phone');
  await setPassword(core, userId, canonical, 'reset', oneOff(core, `password-reset:${userId}`));
  const sessionsEnded = await core.sessions.end({ userId }, 'password_reset', core.clock());
  return { userId, sessionsEnded };
};

/**
 * Sets or changes the signed-in user's password. Changing one needs the current password
 * (counted like a sign-in: a stolen session cannot guess it); every other session then ends.
 */
export const changePassword = (core: Core, caller: Caller, input: { password: PasswordInput; currentPassword?: PasswordInput }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'changePassword', {}, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const canonical = canonicalPassword(input.password);
    const had = await hasPassword(core.pool, user.userId);
    if (had) {
      if (input.currentPassword === undefined) throw new CodedError('VALIDATION_FAILED', 'currentPassword is required to change a password', { field: 'currentPassword' });
      const current = canonicalPassword(input.currentPassword);
      if ((await checkPassword(core.pool, user.userId, current, core.clock(), core.config.PASSWORD_LOCK_SECONDS)) !== 'ok') {
        throw new CodedError('WRONG_PASSWORD', 'the current password is wrong', { field: 'currentPassword' });
      }
    }
    await setPassword(core, user.userId, canonical, had ? 'change' : 'set', meta);
    const sessionsEnded = await core.sessions.end({ userId: user.userId, ...(user.token ? { exceptKey: hashToken(user.token) } : {}) }, 'revoked', core.clock());
    return { sessionsEnded };
  });
