// Accounts: sign-in by SMS code (the first sign-in registers), profiles, roles, sessions.
// Passwords are in credentials.ts, third-party and QR sign-in in externalLogin.ts and qrLogin.ts,
// the extended profile in profiles.ts; registration and sessions they share in registration.ts.
import { creditGuestDevice } from './redPacketGuests.js';
import { randomInt } from 'node:crypto';
import { accountDecider, accountStream, type Role } from '../../domain/account.js';
import { notFound } from './access.js';
import { anonymous, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import type { AppName } from './policies.js';
import { getMyProfile, getProfile } from './profiles.js';
import { openAvatarReview, planAvatar } from './profileMedia.js';
import { appOf, startSession, userForPhone } from './registration.js';
import { settled } from './results.js';
import type { DeviceKind } from './sessions.js';
import { checkLoginCode, sendLoginCode } from './smsCodes.js';

/**
 * The caller a bearer token stands for: anonymous when it is missing or unknown, and anonymous
 * with the reason when its session ended (signed out, replaced on another device, ...).
 */
export const callerOf = async (core: Core, token: string | null, app: AppName = 'core'): Promise<Caller> => {
  if (!token) return anonymous(app);
  const s = await core.sessions.status(token, core.clock());
  if (s.state === 'active') return { kind: 'user', userId: s.session.userId, roles: s.session.roles, app, token };
  return s.state === 'ended' ? { kind: 'anonymous', app, sessionEnded: s.reason } : anonymous(app);
};

export const requestLoginCode = (core: Core, input: { phone: string }) => sendLoginCode(core.pool, core.sms, input.phone, core.clock(), core.config.SMS_RESEND_SECONDS);

/** Sign-in with an SMS code; the first sign-in of a phone registers its user. */
export const logIn = async (core: Core, caller: Caller, input: { phone: string; code: string; nickname?: string; deviceKind?: DeviceKind }) => {
  await checkLoginCode(core.pool, input.phone, input.code, core.clock());
  const { userId, registered } = await userForPhone(core, input.phone, input.nickname);
  const session = await startSession(core, appOf(caller), userId, input.deviceKind);
  await creditGuestDevice(core, caller, userId);
  return { ...session, created: registered };
};

export const getMe = (core: Core, caller: Caller) => getMyProfile(core, caller);

export const updateMe = (core: Core, caller: Caller, input: { nickname?: string; avatarUrl?: string; avatarMediaId?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'updateMe', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    // An uploaded avatar may wait for review instead (services/app/profileMedia.ts).
    const avatar = await planAvatar(core, user, input);
    const data = { userId: user.userId, ...(input.nickname !== undefined ? { nickname: input.nickname } : {}), ...(avatar.avatarUrl !== undefined ? { avatarUrl: avatar.avatarUrl } : {}) };
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'UpdateProfile', data, metadata: meta });
    await settled(core, r);
    await openAvatarReview(core, user, meta, avatar);
    return getMe(core, caller);
  });

export const getPublicUser = (core: Core, caller: Caller, input: { userId: string }) => getProfile(core, caller, input);

export const grantRole = (core: Core, caller: Caller, input: { userId: string; role: Role }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'grantRole', input, opts, async ({ meta }) => {
    requireRole(caller, 'operator');
    const r = await core.bus.handle(accountDecider, accountStream(input.userId), { type: 'GrantRole', data: input, metadata: meta });
    if (r.state.status === 'absent') throw notFound('user', { userId: input.userId });
    await settled(core, r);
    core.sessions.forget(input.userId);
    return { userId: input.userId, roles: [...r.state.roles] };
  });

/** Dev mode: the latest code the SMS sink holds for a phone. */
export const devSmsCode = (core: Core, input: { phone: string }) => {
  const code = core.devSms?.latest(input.phone);
  if (!code) throw notFound('code for this phone');
  return { code };
};

/** Dev mode: a new account with a role, signed in (operators can then use the admin routes). */
export const devRoleSession = async (core: Core, input: { role: Role }) => {
  if (!core.config.DEV_MODE) throw notFound('dev route');
  const phone = `+999${String(randomInt(0, 1e9)).padStart(9, '0')}`;
  const { userId } = await userForPhone(core, phone, input.role);
  const r = await core.bus.handle(accountDecider, accountStream(userId), {
    type: 'GrantRole',
    data: { userId, role: input.role },
    metadata: systemMetadata(core, `grant:${userId}:${input.role}`),
  });
  await settled(core, r);
  const s = await startSession(core, 'core', userId);
  return { userId, token: s.token };
};
