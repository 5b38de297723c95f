// Seed 004 accounts (L300-L560) and the "Interfaces" section's search: sign-in by password or by
// a core token, profiles, the operator's global mute, the deprecated permission list.
import { requestLoginCode } from '../../app/accounts.js';
import { callerOf } from '../../app/accounts.js';
import { muteAccount } from '../../app/accountMutes.js';
import { passwordLogIn } from '../../app/credentials.js';
import { toE164 } from '../../app/discovery.js';
import { accountOfPhone } from '../../app/people.js';
import { getMyProfile, getProfile, searchUsers } from '../../app/profiles.js';
import { updateMe } from '../../app/accounts.js';
import { getRelation } from '../../app/social.js';
import { friendSettings, getFriendship } from '../../app/friends.js';
import { organisationOf, staffBriefs } from '../../app/staff.js';
import { operatorUserViewIfAllowed } from '../../app/operatorUserView.js';
import { searchGroups } from '../../app/groups.js';
import type { Caller } from '../../app/caller.js';
import type { Core } from '../../app/core.js';
import { CodedError } from '../../../domain/errors.js';
import { APP } from './dialect.js';
import { flag } from './render.js';
import { empty, loginDevice, me, type Ctx, type Route } from './support.js';

export const phoneOf = (ctx: Ctx, name = 'mobile'): string => {
  const raw = ctx.params.string(name, 32);
  const e164 = toE164(raw);
  if (e164 === null) throw new CodedError('VALIDATION_FAILED', `${name} must be a mobile number`, { field: name });
  return e164;
};

/** A user's seed `account`: the phone's digits (8612345678), "" without a phone. */
const accountOf = (phone: string | null): string => (phone ?? '').replace(/^\+/, '');

/** U1/U2's user: account = the phone's digits (8612345678), uid = the display number. */
const account = async (core: Core, caller: Caller) => {
  const p = await getMyProfile(core, caller);
  return {
    account: accountOf(p.phone),
    id: p.userId,
    uid: p.displayNumber ?? p.userId,
    user_level: 1,
    avatar: p.avatarUrl ?? '',
    username: p.nickname,
    verified: flag(p.verified),
  };
};

const pwdLogin: Route = {
  path: '/user/pwdLogin',
  // A wrong phone or password: the seed's "user does not exist" (one answer for both).
  codes: { UNAUTHENTICATED: -2001 },
  async handler(ctx) {
    const deviceKind = loginDevice(ctx);
    const phone = phoneOf(ctx);
    const password = ctx.params.string('password', 128);
    const s = await passwordLogIn(ctx.core, ctx.caller, { phone, password: { plain: password }, deviceKind });
    return { ...(await account(ctx.core, await callerOf(ctx.core, s.token, APP))), token: s.token };
  },
};

const tokenLogin: Route = {
  path: '/user/tokenLogin',
  async handler(ctx) {
    loginDevice(ctx);
    me(ctx);
    return account(ctx.core, ctx.caller);
  },
};

/** U3's fields everyone sees: position is the title the core lets this reader see (both staff), "" otherwise. */
const userBase = async (ctx: Ctx, userId: string) => {
  const [p, org] = await Promise.all([getProfile(ctx.core, ctx.caller, { userId }), organisationOf(ctx.core, ctx.caller, { userId })]);
  return {
    id: p.userId,
    sex: p.sex === 'male' ? 1 : p.sex === 'female' ? 2 : 0,
    name: p.nickname,
    avatar: p.avatarUrl ?? '',
    position: org.position ?? '',
  };
};

/**
 * U3's fields "returned only when an administrator views", from the core's operator view (absent
 * for anyone else): uid the display number (as U1/U2), account the phone's digits (as U1/U2), phone
 * as stored. The core keeps no email and no user level: "" and the seed's level 1 (as U1/U2).
 */
const adminFields = async (ctx: Ctx, userId: string) => {
  const v = await operatorUserViewIfAllowed(ctx.core, ctx.caller, { userId });
  if (v === null) return {};
  return {
    com_id: v.companyId ?? '',
    uid: v.displayNumber ?? v.userId,
    account: accountOf(v.phone),
    phone: v.phone ?? '',
    email: '',
    verified: flag(v.verified),
    userLevel: 1,
    description: v.description ?? '',
  };
};

/** The friends-only fields: addTime when the friendship was made (the friendship event's time), remark mine for them. */
const friendFields = async (ctx: Ctx, userId: string) => {
  if (userId === me(ctx) || !(await getRelation(ctx.core, ctx.caller, { userId })).friends) return { isFriend: 2 };
  const [settings, f] = await Promise.all([friendSettings(ctx.core, ctx.caller, { userIds: [userId] }), getFriendship(ctx.core, ctx.caller, { userId })]);
  const c = settings.get(userId);
  return { isFriend: 1, noDisturbing: flag(c?.muted ?? false), stickyOnTop: flag(c?.pinned ?? false), addTime: f === null ? 0 : Date.parse(f.since), remark: f?.remark ?? '' };
};

const userInfo: Route = {
  path: '/user/userInfo',
  async handler(ctx) {
    const userId = ctx.params.id('id');
    const base = await userBase(ctx, userId);
    const [friend, admin] = await Promise.all([friendFields(ctx, userId), adminFields(ctx, userId)]);
    return { ...base, ...friend, ...admin };
  },
};

const editAvatar: Route = {
  path: '/user/editAvatar',
  async handler(ctx) {
    await updateMe(ctx.core, ctx.caller, { avatarUrl: ctx.params.string('avatar', 500) }, ctx.opts);
    return empty();
  },
};

const editNickname: Route = {
  path: '/user/editNickname',
  async handler(ctx) {
    await updateMe(ctx.core, ctx.caller, { nickname: ctx.params.string('nickname', 64) }, ctx.opts);
    return empty();
  },
};

const isreg: Route = {
  path: '/user/isreg',
  async handler(ctx) {
    const userId = await accountOfPhone(ctx.core, { phone: ctx.params.string('mobile', 32) });
    return { zb_uid: userId ?? '0' };
  },
};

/** U7: an operator mutes a user everywhere (groups and chatrooms) for `muted_time` ms; 0 lifts it. */
const muted: Route = {
  path: '/user/muted',
  async handler(ctx) {
    const userId = ctx.params.id('id');
    const duration = ctx.params.int('muted_time', { min: 0, max: 10 * 365 * 86_400_000 });
    await muteAccount(ctx.core, ctx.caller, { userId, durationMs: duration }, ctx.opts);
    return empty();
  },
};

const sendSms: Route = {
  path: '/send/sms',
  // A code asked for again too soon is the seed's "too frequent".
  codes: { TOO_MANY_REQUESTS: -1012, INTERNAL: -8000 },
  async handler(ctx) {
    await requestLoginCode(ctx.core, { phone: phoneOf(ctx) });
    return empty();
  },
};

const permissionInfo: Route = {
  path: '/permission/permissionInfo',
  handler(ctx) {
    me(ctx);
    return { permissionList: [{ permissionId: 1, permissionName: '发送系统消息' }] };
  },
};

/** X2: a group by its display id, else a user by display number (or a phone they let be found). */
const search: Route = {
  path: '/chat33/search',
  async handler(ctx) {
    const markId = ctx.params.string('markId', 32).trim();
    const groups = await searchGroups(ctx.core, ctx.caller, { q: markId, limit: 5 });
    const g = groups.items.find((x) => x.markId === markId);
    if (g) return { type: 1, roomInfo: { id: g.groupId, name: g.name, avatar: g.avatarUrl ?? '', canAddFriend: 1, joinPermission: g.joinMode === 'free' ? 2 : g.joinMode === 'closed' ? 3 : 1 } };
    const users = await searchUsers(ctx.core, ctx.caller, { q: markId, limit: 1 });
    const u = users.items[0];
    if (!u) throw new CodedError('NOT_FOUND', 'nothing has this id', { markId });
    const [briefs, friendship] = await Promise.all([staffBriefs(ctx.core, ctx.caller, { userIds: [u.userId] }), u.userId === me(ctx) ? null : getFriendship(ctx.core, ctx.caller, { userId: u.userId })]);
    return { type: 2, userInfo: { id: u.userId, name: u.nickname, avatar: u.avatarUrl ?? '', position: briefs.get(u.userId)?.position ?? '', remark: friendship?.remark ?? '' } };
  },
};

export const userRoutes: Route[] = [pwdLogin, tokenLogin, userInfo, editAvatar, editNickname, isreg, muted, sendSms, permissionInfo, search];
