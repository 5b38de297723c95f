// Seed 004 groups (`/room/*`, L880-L1420), reads: my groups with my settings, unread counts, a
// group's details and members, member search, the log. Roles: 1 member, 2 admin, 3 owner.
import type { GroupRole } from '../../../domain/group.js';
import { getGroup, getGroupMember, listGroupMembers, listMyGroups } from '../../app/groups.js';
import { getConversation } from '../../app/inbox.js';
import { peopleCards } from '../../app/people.js';
import { countOnlineMembers, getGroupOnlineNumber } from '../../app/presence.js';
import { conversationsOf, unreadInfos } from './friend.js';
import { readLog } from './logs.js';
import { flag } from './render.js';
import type { Ctx, Route } from './support.js';

export const levelOf: Record<GroupRole, 1 | 2 | 3> = { member: 1, admin: 2, owner: 3 };

/** joinPermission: 1 approval, 2 free, 3 closed; the core's other modes read as "approval". */
export const joinPermissionOf = (mode: string): 1 | 2 | 3 => (mode === 'free' ? 2 : mode === 'closed' ? 3 : 1);

type Member = { userId: string; role: GroupRole; nickname: string | null; displayName: string | null };

/** RoomMember (§2.7) for each member, with avatars from their profiles. */
const roomMembers = async (ctx: Ctx, members: readonly Member[]) => {
  const cards = await peopleCards(ctx.core, ctx.caller, { userIds: members.map((m) => m.userId) });
  return members.map((m) => ({
    id: m.userId,
    nickname: m.displayName ?? cards.get(m.userId)?.nickname ?? '',
    roomNickname: m.nickname ?? '',
    avatar: cards.get(m.userId)?.avatarUrl ?? '',
    memberLevel: levelOf[m.role],
  }));
};

const list: Route = {
  path: '/room/list',
  async handler(ctx) {
    const type = ctx.params.int('type', { min: 1, max: 3 });
    // No group is marked commonly used: the seed has no call that sets it (R1 and F1 only read it;
    // friends' mark is the contacts' `commonlyUsed`, set over /v1), so every group reads 1 (README).
    if (type === 2) return { roomList: [] };
    const [groups, convs] = await Promise.all([listMyGroups(ctx.core, ctx.caller, { limit: 500 }), conversationsOf(ctx, 'group')]);
    const settings = new Map(convs.map((c) => [c.conversationId, c]));
    return {
      roomList: groups.items.map((g) => ({
        id: g.groupId,
        markId: g.markId ?? '',
        name: g.name,
        avatar: g.avatarUrl ?? '',
        noDisturbing: flag(settings.get(`group:${g.groupId}`)?.muted ?? false),
        commonlyUsed: 1,
        onTop: flag(settings.get(`group:${g.groupId}`)?.pinned ?? false),
      })),
    };
  },
};

const unread: Route = { path: '/room/unread', handler: async (ctx) => ({ infos: await unreadInfos(ctx, 'group') }) };

const info: Route = {
  path: '/room/info',
  codes: { NOT_FOUND: -3001 },
  async handler(ctx) {
    const groupId = ctx.params.id('roomId');
    const g = await getGroup(ctx.core, ctx.caller, { groupId });
    const [members, conv, online] = await Promise.all([
      listGroupMembers(ctx.core, ctx.caller, { groupId, limit: 500 }),
      getConversation(ctx.core, ctx.caller, { conversationId: `group:${groupId}` }),
      countOnlineMembers(ctx.core, groupId),
    ]);
    return {
      id: g.groupId,
      markId: g.markId ?? '',
      name: g.name,
      avatar: g.avatarUrl ?? '',
      onlineNumber: online,
      memberNumber: g.memberCount,
      noDisturbing: flag(conv.muted),
      memberLevel: g.myRole === null ? 1 : levelOf[g.myRole],
      canAddFriend: flag(g.membersMayAddFriends),
      joinPermission: joinPermissionOf(g.join.mode),
      users: await roomMembers(ctx, members.items),
    };
  },
};

const userList: Route = {
  path: '/room/userList',
  codes: { NOT_FOUND: -3001 },
  async handler(ctx) {
    const members = await listGroupMembers(ctx.core, ctx.caller, { groupId: ctx.params.id('roomId'), limit: 500 });
    return { userList: await roomMembers(ctx, members.items) };
  },
};

const userInfo: Route = {
  path: '/room/userInfo',
  async handler(ctx) {
    const m = await getGroupMember(ctx.core, ctx.caller, { groupId: ctx.params.id('roomId'), userId: ctx.params.id('userId') });
    const [one] = await roomMembers(ctx, [m]);
    return one ?? {};
  },
};

const searchMember: Route = {
  path: '/room/searchMember',
  codes: { NOT_FOUND: -3001 },
  async handler(ctx) {
    const members = await listGroupMembers(ctx.core, ctx.caller, { groupId: ctx.params.id('roomId'), q: ctx.params.string('query', 40), limit: 100 });
    return { userList: await roomMembers(ctx, members.items) };
  },
};

const onlineNumber: Route = {
  path: '/room/getOnlineNumber',
  codes: { NOT_FOUND: -3001 },
  async handler(ctx) {
    // Members online (presence: the push gateway's sockets); members only may ask.
    const r = await getGroupOnlineNumber(ctx.core, ctx.caller, { groupId: ctx.params.id('roomId') });
    return { onlineNumber: r.onlineNumber };
  },
};

const chatLog: Route = {
  path: '/room/chatLog',
  codes: { NOT_FOUND: -3001 },
  async handler(ctx) {
    const { logs, nextLog } = await readLog(ctx, 2, ctx.params.id('id'));
    return { logs, nextLog };
  },
};

export const roomReadRoutes: Route[] = [list, unread, info, userList, userInfo, searchMember, onlineNumber, chatLog];
