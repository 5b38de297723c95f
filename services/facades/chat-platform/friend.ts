// Seed 004 friends (L1420-L1700): the list with per-friend settings, unread counts, requests named
// by the requester, the 1:1 log, remarks, do-not-disturb and pinning (the inbox's per-conversation
// settings).
import { updateContact } from '../../app/contacts.js';
import { acceptFriendRequest, friendSettings, listFriendChanges, listFriendRequests, listFriends, rejectFriendRequest, removeFriend, requestFriend } from '../../app/friends.js';
import { changeConversation, listConversations } from '../../app/inbox.js';
import { peopleCards } from '../../app/people.js';
import { visibleStaffPositions } from '../../app/staff.js';
import { friendLog, packetUrl } from './logs.js';
import { chatLog, conversationFor, flag, ms } from './render.js';
import { empty, me, oneOrTwo, type Ctx, type Route } from './support.js';
import type { MessageView } from '../../../projections/queries.js';

/** Per-conversation settings (pinned, do-not-disturb) and unread counts of my conversations of one kind. */
export const conversationsOf = async (ctx: Ctx, kind: 'dm' | 'group') => {
  const page = await listConversations(ctx.core, ctx.caller, { limit: 500 });
  return page.items.filter((c) => c.kind === kind);
};

type FriendRow = { userId: string; nickname: string; avatarUrl: string | null; remark: string | null; commonlyUsed: boolean; since: string };

/** F1's `time`: epoch ms; a value that can only be seconds (before 1973 in ms) is read as seconds (the seed types it `int`). */
const sinceOf = (time: number): Date => new Date(time < 100_000_000_000 ? time * 1000 : time);

const list: Route = {
  path: '/friend/list',
  async handler(ctx) {
    const type = ctx.params.int('type', { min: 1, max: 3 });
    const time = ctx.params.optionalInt('time', { min: 0, max: 8_640_000_000_000_000 });
    // do-not-disturb and sticky-on-top: the 1:1's settings, whether or not it has messages yet.
    let settings = new Map<string, { muted: boolean; pinned: boolean }>();
    let staff = new Map<string, string>();
    const row = (f: FriendRow, isDelete: 1 | 2) => ({
      addTime: f.since === '' ? 0 : ms(f.since),
      id: f.userId,
      name: f.nickname,
      avatar: f.avatarUrl ?? '',
      position: staff.get(f.userId) ?? '',
      remark: f.remark ?? '',
      noDisturbing: flag(settings.get(f.userId)?.muted ?? false),
      commonlyUsed: f.commonlyUsed ? 2 : 1,
      onTop: flag(settings.get(f.userId)?.pinned ?? false),
      isDelete,
    });
    const wanted = (f: FriendRow) => type === 3 || f.commonlyUsed === (type === 2);
    if (time === undefined || time === 0) {
      const friends = await listFriends(ctx.core, ctx.caller, { limit: 500, ...(type === 3 ? {} : { commonlyUsed: type === 2 }) });
      const userIds = friends.items.map((f) => f.userId);
      [staff, settings] = await Promise.all([visibleStaffPositions(ctx.core, ctx.caller, { userIds }), friendSettings(ctx.core, ctx.caller, { userIds })]);
      return { userList: friends.items.map((f) => row(f, 1)) };
    }
    // Incremental: friends made or changed (remark, marks, do-not-disturb, sticky-on-top) after
    // `time`, and friendships ended after it (isDelete 2, whatever `type`).
    const changes = await listFriendChanges(ctx.core, ctx.caller, { after: sinceOf(time) });
    const userIds = changes.changed.map((f) => f.userId);
    [staff, settings] = await Promise.all([visibleStaffPositions(ctx.core, ctx.caller, { userIds }), friendSettings(ctx.core, ctx.caller, { userIds })]);
    const cards = await peopleCards(ctx.core, ctx.caller, { userIds: changes.ended.map((e) => e.userId) });
    const ended = changes.ended.map((e) => ({ userId: e.userId, nickname: cards.get(e.userId)?.nickname ?? '', avatarUrl: cards.get(e.userId)?.avatarUrl ?? null, remark: null, commonlyUsed: false, since: '' }));
    return { userList: [...changes.changed.filter(wanted).map((f) => row(f, 1)), ...ended.map((f) => row(f, 2))] };
  },
};

/** R2 and F2: conversations with unread messages, each with its last message as a ChatLog. */
export const unreadInfos = async (ctx: Ctx, kind: 'dm' | 'group') => {
  const url = packetUrl(ctx);
  return (await conversationsOf(ctx, kind))
    .filter((c) => c.unread > 0 && c.lastMessage !== null)
    .map((c) => ({
      id: kind === 'dm' ? (c.peerId ?? '') : c.conversationId.slice('group:'.length),
      number: c.unread,
      lastLog: chatLog({ ...(c.lastMessage as unknown as MessageView), conversationId: c.conversationId }, { nickname: '', avatar: '' }, url),
    }));
};

const unread: Route = { path: '/friend/unread', handler: async (ctx) => ({ infos: await unreadInfos(ctx, 'dm') }) };

const add: Route = {
  path: '/friend/add',
  async handler(ctx) {
    const userId = ctx.params.id('id');
    const remark = ctx.params.optionalString('remark', 40);
    const reason = ctx.params.optionalString('reason', 200);
    ctx.params.optionalId('roomId');
    await requestFriend(ctx.core, ctx.caller, { userId, ...(remark !== undefined ? { remark } : {}), ...(reason !== undefined ? { reason } : {}) }, ctx.opts);
    return empty();
  },
};

const remove: Route = {
  path: '/friend/delete',
  async handler(ctx) {
    await removeFriend(ctx.core, ctx.caller, { userId: ctx.params.id('id') }, ctx.opts);
    return empty();
  },
};

const response: Route = {
  path: '/friend/response',
  // No pending request from that user: -2020; one already answered: -2019.
  codes: { NOT_FOUND: -2020, CONFLICT: -2019 },
  async handler(ctx) {
    const userId = ctx.params.id('id');
    const agree = oneOrTwo(ctx, 'agree');
    await (agree ? acceptFriendRequest : rejectFriendRequest)(ctx.core, ctx.caller, { userId }, ctx.opts);
    return empty();
  },
};

const statusCode = { pending: 1, rejected: 2, accepted: 3 } as const;

const requestList: Route = {
  path: '/friend/requestList',
  async handler(ctx) {
    const page = await listFriendRequests(ctx.core, ctx.caller, { box: 'inbox', limit: 200 });
    return {
      data: page.items.map((r) => ({
        avatar: r.avatarUrl ?? '',
        id: r.userId,
        reason: r.reason ?? '',
        sex: '',
        status: (statusCode as Record<string, number | undefined>)[r.status] ?? 1,
        time: String(ms(r.createdAt)),
        username: r.nickname,
      })),
    };
  },
};

const chatLogRoute: Route = {
  path: '/friend/chatLog',
  async handler(ctx) {
    const friendId = ctx.params.id('id');
    const friends = await listFriends(ctx.core, ctx.caller, { limit: 500 });
    return friendLog(ctx, friendId, friends.items.find((f) => f.userId === friendId)?.remark ?? '');
  },
};

const setRemark: Route = {
  path: '/friend/setRemark',
  async handler(ctx) {
    await updateContact(ctx.core, ctx.caller, { userId: ctx.params.id('id'), remark: ctx.params.string('remark', 40) }, ctx.opts);
    return empty();
  },
};

const setting = (path: string, field: 'setNoDisturbing' | 'stickyOnTop', to: 'muted' | 'pinned'): Route => ({
  path,
  async handler(ctx) {
    const friendId = ctx.params.id('id');
    const on = oneOrTwo(ctx, field);
    await changeConversation(ctx.core, ctx.caller, { conversationId: conversationFor(3, friendId, me(ctx)), [to]: on }, ctx.opts);
    return empty();
  },
});

export const friendRoutes: Route[] = [
  list,
  unread,
  add,
  remove,
  response,
  requestList,
  chatLogRoute,
  setRemark,
  setting('/friend/setNoDisturbing', 'setNoDisturbing', 'muted'),
  // The table of contents' name for the same call (facades.md).
  setting('/friend/setDND', 'setNoDisturbing', 'muted'),
  setting('/friend/stickyOnTop', 'stickyOnTop', 'pinned'),
];
