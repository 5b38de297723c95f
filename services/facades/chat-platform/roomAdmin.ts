// Seed 004 groups (`/room/*`), changes: create, dissolve, kick, leave, permissions, roles,
// per-member settings, invitations, applications and their decisions. Every rule is the group
// aggregate's; a plain member's kick, dissolve or permission change is FORBIDDEN (-3000).
import { addGroupMembers, createGroup, decideApplication, dismissGroup, joinGroup, kickGroupMembers, offerOwnership, removeGroupMember, setGroupPermissions, setMemberNickname, setMemberRole } from '../../app/groups.js';
import { changeConversation } from '../../app/inbox.js';
import type { JoinPolicy } from '../../../domain/group.js';
import { empty, me, oneOrTwo, type Ctx, type Route } from './support.js';

const DEFAULT_NAME = '群聊';

const create: Route = {
  path: '/room/create',
  async handler(ctx) {
    const users = ctx.params.idList('users', 499);
    if (users.length === 0) ctx.params.string('users');
    const name = ctx.params.optionalString('roomName', 40)?.trim() || DEFAULT_NAME;
    const avatarUrl = ctx.params.optionalString('roomAvatar', 500);
    await createGroup(ctx.core, ctx.caller, { name, memberIds: users.filter((u) => u !== me(ctx)), ...(avatarUrl ? { avatarUrl } : {}) }, ctx.opts);
    return empty();
  },
};

const remove: Route = {
  path: '/room/delete',
  async handler(ctx) {
    await dismissGroup(ctx.core, ctx.caller, { groupId: ctx.params.id('roomId') }, ctx.opts);
    return empty();
  },
};

const kickOut: Route = {
  path: '/room/kickOut',
  async handler(ctx) {
    // `rootId` (sic): the seed's name for the group id here.
    const groupId = ctx.params.id('rootId');
    const userIds = ctx.params.idList('users', 500);
    if (userIds.length === 0) ctx.params.string('users');
    await kickGroupMembers(ctx.core, ctx.caller, { groupId, userIds }, ctx.opts);
    return empty();
  },
};

const leave: Route = {
  path: '/room/loginOut',
  async handler(ctx) {
    await removeGroupMember(ctx.core, ctx.caller, { groupId: ctx.params.id('rootId'), userId: me(ctx) }, ctx.opts);
    return empty();
  },
};

const joinModes: Record<number, JoinPolicy['mode']> = { 1: 'approval', 2: 'free', 3: 'closed' };

const setPermission: Route = {
  path: '/room/setPermission',
  async handler(ctx) {
    const groupId = ctx.params.id('roomId');
    const canAddFriend = ctx.params.has('canAddFriend') ? oneOrTwo(ctx, 'canAddFriend') : undefined;
    const permission = ctx.params.optionalInt('joinPermission', { min: 1, max: 3 });
    const mode = permission === undefined ? undefined : joinModes[permission];
    await setGroupPermissions(ctx.core, ctx.caller, { groupId, ...(mode ? { join: { mode } } : {}), ...(canAddFriend !== undefined ? { membersMayAddFriends: canAddFriend } : {}) }, ctx.opts);
    return empty();
  },
};

/** 1 member, 2 admin; 3 (owner) offers the ownership, which the member accepts (README: Groups). */
const setLevel: Route = {
  path: '/room/setLevel',
  async handler(ctx) {
    const groupId = ctx.params.id('roomId');
    const userId = ctx.params.id('userId');
    const level = ctx.params.int('level', { min: 1, max: 3 });
    if (level === 3) await offerOwnership(ctx.core, ctx.caller, { groupId, userId }, ctx.opts);
    else await setMemberRole(ctx.core, ctx.caller, { groupId, userId, role: level === 2 ? 'admin' : 'member' }, ctx.opts);
    return empty();
  },
};

const setting = (path: string, field: 'setNoDisturbing' | 'stickyOnTop', to: 'muted' | 'pinned'): Route => ({
  path,
  async handler(ctx) {
    const groupId = ctx.params.id('roomId');
    const on = oneOrTwo(ctx, field);
    await changeConversation(ctx.core, ctx.caller, { conversationId: `group:${groupId}`, [to]: on }, ctx.opts);
    return empty();
  },
});

const nickname: Route = {
  path: '/room/setMemberNickname',
  async handler(ctx) {
    await setMemberNickname(ctx.core, ctx.caller, { groupId: ctx.params.id('roomId'), userId: me(ctx), nickname: ctx.params.string('nickname', 40) }, ctx.opts);
    return empty();
  },
};

const invite = (path: string): Route => ({
  path,
  async handler(ctx) {
    const groupId = ctx.params.id('roomId');
    const userIds = ctx.params.idList('users', 500);
    if (userIds.length === 0) ctx.params.string('users');
    await addGroupMembers(ctx.core, ctx.caller, { groupId, userIds }, ctx.opts);
    return empty();
  },
});

const apply = (path: string): Route => ({
  path,
  async handler(ctx: Ctx) {
    const groupId = ctx.params.id('roomId');
    const message = ctx.params.optionalString('applyReason', 200);
    await joinGroup(ctx.core, ctx.caller, { groupId, ...(message ? { message } : {}) }, ctx.opts);
    return empty();
  },
});

const approve = (path: string): Route => ({
  path,
  // An application already decided, or none: the seed's "already handled" / "does not exist".
  codes: { CONFLICT: -2019, NOT_FOUND: -2020 },
  async handler(ctx) {
    const groupId = ctx.params.id('roomId');
    const applicantId = ctx.params.id('userId');
    const decision = oneOrTwo(ctx, 'agree') ? 'approve' : 'reject';
    await decideApplication(ctx.core, ctx.caller, { groupId, applicantId, decision }, ctx.opts);
    return empty();
  },
});

export const roomAdminRoutes: Route[] = [
  create,
  remove,
  kickOut,
  leave,
  setPermission,
  setLevel,
  setting('/room/setNoDisturbing', 'setNoDisturbing', 'muted'),
  setting('/room/stickyOnTop', 'stickyOnTop', 'pinned'),
  nickname,
  invite('/room/joinRoomInvite'),
  invite('/room/inviteJoinInRoomApply'),
  apply('/room/joinRoomApply'),
  apply('/room/joinInRoomApply'),
  approve('/room/joinRoomApprove'),
  approve('/room/joinInRoomApprove'),
];
