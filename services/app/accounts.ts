// Accounts: sign-in by SMS code (the first sign-in registers), profiles, roles, sessions.
import { randomInt } from 'node:crypto';
import { accountDecider, accountStream, type Role } from '../../domain/account.js';
import { phoneDecider, phoneStream } from '../../domain/phone.js';
import { getUser as readUser } from '../../projections/queries.js';
import { notFound } from './access.js';
import { anonymous, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, systemMetadata, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import type { AppName } from './policies.js';
import { settled } from './results.js';
import { checkLoginCode, sendLoginCode } from './smsCodes.js';

/** The caller a bearer token stands for (anonymous when it is missing, unknown or expired). */
export const callerOf = async (core: Core, token: string | null, app: AppName = 'core'): Promise<Caller> => {
  const s = token ? await core.sessions.verify(token, core.clock()) : null;
  return s ? { kind: 'user', userId: s.userId, roles: s.roles, app, ...(token ? { token } : {}) } : anonymous(app);
};

export const requestLoginCode = (core: Core, input: { phone: string }) => sendLoginCode(core.pool, core.sms, input.phone, core.clock(), core.config.SMS_RESEND_SECONDS);

/** Finds or registers the user of a phone. The phone stream's first claim wins any race. */
const userForPhone = async (core: Core, phone: string, nickname: string | undefined): Promise<string> => {
  const claim = await core.bus.handle(phoneDecider, phoneStream(phone), {
    type: 'ClaimPhone',
    data: { phone, userId: core.ids.next() },
    metadata: systemMetadata(core, `claim:${core.ids.next()}`),
  });
  if (claim.state.status !== 'claimed') throw new Error('phone claim did not stick');
  const userId = claim.state.userId;
  // Also repairs a registration interrupted between claim and account (both steps are idempotent).
  const account = await core.bus.load(accountDecider, accountStream(userId));
  const reg =
    account.state.status === 'absent'
      ? await core.bus.handle(accountDecider, accountStream(userId), {
          type: 'RegisterUser',
          data: { userId, phone, nickname: nickname ?? `user${phone.slice(-4)}` },
          metadata: { ...systemMetadata(core, `register:${userId}`), userId },
        })
      : null;
  await settled(core, claim, reg);
  return userId;
};

export const logIn = async (core: Core, input: { phone: string; code: string; nickname?: string }) => {
  await checkLoginCode(core.pool, input.phone, input.code, core.clock());
  const userId = await userForPhone(core, input.phone, input.nickname);
  return { userId, token: await core.sessions.create(userId, core.clock()) };
};

export const getMe = async (core: Core, caller: Caller) => {
  const me = await readUser(core.pool, requireUser(caller).userId);
  if (!me) throw notFound('user');
  return me;
};

export const updateMe = (core: Core, caller: Caller, input: { nickname?: string; avatarUrl?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'updateMe', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const r = await core.bus.handle(accountDecider, accountStream(user.userId), { type: 'UpdateProfile', data: { userId: user.userId, ...input }, metadata: meta });
    await settled(core, r);
    return getMe(core, caller);
  });

export const getPublicUser = async (core: Core, caller: Caller, input: { userId: string }) => {
  requireUser(caller);
  const u = await readUser(core.pool, input.userId);
  if (!u) throw notFound('user', { userId: input.userId });
  return { userId: u.userId, nickname: u.nickname, avatarUrl: u.avatarUrl };
};

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
  const userId = await userForPhone(core, phone, input.role);
  const r = await core.bus.handle(accountDecider, accountStream(userId), {
    type: 'GrantRole',
    data: { userId, role: input.role },
    metadata: systemMetadata(core, `grant:${userId}:${input.role}`),
  });
  await settled(core, r);
  return { userId, token: await core.sessions.create(userId, core.clock()) };
};
