// Registration and sign-in, shared by every way in (SMS code, password, third-party, PC QR):
// who a phone belongs to, registering the account a claim made (with its display number), and
// starting a session under the calling app's policy. Binding a phone to an account made by a
// third-party login is here too: it is the same claim.
import { accountDecider, accountStream } from '../../domain/account.js';
import { CodedError } from '../../domain/errors.js';
import { phoneDecider, phoneStream } from '../../domain/phone.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { ensureDisplayNumber } from './displayNumbers.js';
import type { AppName } from './policies.js';
import { settled } from './results.js';
import type { DeviceKind } from './sessions.js';
import { checkLoginCode } from './smsCodes.js';

/** Registers the account of a won claim (a repeat, or the repair of an interrupted registration, adds nothing) and numbers it. */
export const registerAccount = async (core: Core, input: { userId: string; phone?: string; nickname: string }): Promise<{ registered: boolean }> => {
  const { userId } = input;
  const account = await core.bus.load(accountDecider, accountStream(userId));
  const reg =
    account.state.status === 'absent'
      ? await core.bus.handle(accountDecider, accountStream(userId), { type: 'RegisterUser', data: input, metadata: { ...systemMetadata(core, `register:${userId}`), userId } })
      : null;
  await ensureDisplayNumber(core, userId);
  await settled(core, reg);
  // A racing sign-in of the same new user runs the same command: it is answered as a replay.
  return { registered: reg !== null && !reg.replayed && reg.events.length > 0 };
};

/** Finds or registers the user of a phone. The phone stream's first claim wins any race. */
export const userForPhone = async (core: Core, phone: string, nickname: string | undefined): Promise<{ userId: string; registered: boolean }> => {
  const claim = await core.bus.handle(phoneDecider, phoneStream(phone), {
    type: 'ClaimPhone',
    data: { phone, userId: core.ids.next() },
    metadata: systemMetadata(core, `claim:${core.ids.next()}`),
  });
  if (claim.state.status !== 'claimed') throw new Error('phone claim did not stick');
  const userId = claim.state.userId;
  // Also repairs a registration interrupted between claim and account (both steps are idempotent).
  const { registered } = await registerAccount(core, { userId, phone, nickname: nickname ?? `user${phone.slice(-4)}` });
  await settled(core, claim);
  return { userId, registered };
};

/** The user a phone is bound to, or null. */
export const userOfPhone = async (core: Core, phone: string): Promise<string | null> => {
  const claim = await core.bus.load(phoneDecider, phoneStream(phone));
  return claim.state.status === 'claimed' ? claim.state.userId : null;
};

/** The app a caller comes through (sessions belong to one). */
export const appOf = (c: Caller): AppName => (c.kind === 'system' ? 'core' : c.app);

export interface SignedIn {
  userId: string;
  token: string;
  sessionId: string;
  expiresAt: string;
  displayNumber: string;
}

/** A new session for a user, under the app's policy (one per device kind where it says so: the older one ends). */
export const startSession = async (core: Core, app: AppName, userId: string, deviceKind: DeviceKind = 'other'): Promise<SignedIn> => {
  const displayNumber = await ensureDisplayNumber(core, userId);
  const s = await core.sessions.create(userId, core.clock(), { app, deviceKind, exclusive: core.policies[app].oneSessionPerDeviceKind });
  return { userId, token: s.token, sessionId: s.sessionId, expiresAt: s.expiresAt, displayNumber };
};

/** Binds a phone (proved by an SMS code) to an account that has none: one made by a third-party login. */
export const bindPhone = (core: Core, caller: Caller, input: { phone: string; code: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'bindPhone', { phone: input.phone }, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const account = await core.bus.load(accountDecider, accountStream(user.userId));
    if (account.state.status !== 'registered') throw notFound('user');
    if (account.state.phone === input.phone) return { phone: input.phone };
    if (account.state.phone !== undefined) throw new CodedError('CONFLICT', 'this account already has a phone', { field: 'phone' });
    await checkLoginCode(core.pool, input.phone, input.code, core.clock());
    const claim = await core.bus.handle(phoneDecider, phoneStream(input.phone), { type: 'ClaimPhone', data: { phone: input.phone, userId: user.userId }, metadata: meta });
    if (claim.state.status !== 'claimed' || claim.state.userId !== user.userId) throw new CodedError('PHONE_TAKEN', 'this phone belongs to another account', { field: 'phone' });
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'BindPhone', data: { userId: user.userId, phone: input.phone }, metadata: meta });
    await settled(core, claim, r);
    return { phone: input.phone };
  });
