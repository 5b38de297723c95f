// Seed 004 chatrooms (`/group/*`, L560-L880): core rooms of kind `chatroom`, which operators
// create, open, close, delete, rename and give avatars; anyone signed in lists them; guests read
// the ones that admit guests. status: 1 open, 2 closed (C1/C2); setStatus type 0 open, 1 close, 2 delete.
import type { RoomDetails } from '../../../projections/queries.js';
import { muteAccount } from '../../app/accountMutes.js';
import { getProfile } from '../../app/profiles.js';
import { peopleCards } from '../../app/people.js';
import { changeRoomDetails, closeRoom, createRoom, deleteRoom, getRoom, listRooms, reopenRoom } from '../../app/rooms.js';
import { CodedError } from '../../../domain/errors.js';
import { fileReport } from '../../app/reports.js';
import { readLog } from './logs.js';
import { empty, type Ctx, type Route } from './support.js';

/** A chatroom that does not exist (or is not a chatroom): -5000 everywhere here. */
const NO_CHATROOM = { NOT_FOUND: -5000 } as const;

/** The latest time a JavaScript Date holds (epoch ms). */
const MAX_MS = 8_640_000_000_000_000;
const epochOrZero = (t: string | null) => (t === null ? 0 : Date.parse(t));

export const chatroomInfo = (r: RoomDetails) => ({
  groupId: r.roomId,
  groupName: r.title,
  avatar: r.avatarUrl ?? '',
  description: '',
  createTime: epochOrZero(r.createdAt),
  openTime: epochOrZero(r.openedAt),
  closeTime: epochOrZero(r.closedAt),
  status: r.status === 'open' ? 1 : 2,
  totalNumber: r.onlineCount + r.guestCount,
  userNumber: r.onlineCount,
  visitorNumber: r.guestCount,
});

const chatroom = async (ctx: Ctx, field = 'groupId'): Promise<RoomDetails> => {
  const r = await getRoom(ctx.core, ctx.caller, { roomId: ctx.params.id(field) });
  if (r.kind !== 'chatroom') throw new CodedError('NOT_FOUND', 'no such chatroom', { roomId: r.roomId });
  return r;
};

const list: Route = {
  path: '/group/list',
  async handler(ctx) {
    const status = ctx.params.int('groupStatus', { min: 1, max: 3 });
    const q = ctx.params.optionalString('groupName', 40)?.trim() || undefined;
    // The seed's "fuzzy query" on times: a range on the creation time (epoch ms, both ends included).
    const from = ctx.params.optionalInt('startTime', { min: 0, max: MAX_MS });
    const to = ctx.params.optionalInt('endTime', { min: 0, max: MAX_MS });
    const range = { ...(from !== undefined && from > 0 ? { createdFrom: new Date(from) } : {}), ...(to !== undefined && to > 0 ? { createdTo: new Date(to) } : {}) };
    const statuses = status === 3 ? (['open', 'closed'] as const) : status === 1 ? (['open'] as const) : (['closed'] as const);
    const pages = await Promise.all(statuses.map((s) => listRooms(ctx.core, ctx.caller, { kind: 'chatroom', status: s, limit: 200, ...range, ...(q ? { q } : {}) })));
    return { groups: pages.flatMap((p) => p.items).map(chatroomInfo) };
  },
};

const info: Route = { path: '/group/info', codes: NO_CHATROOM, handler: async (ctx) => chatroomInfo(await chatroom(ctx)) };

const userList: Route = {
  path: '/group/userList',
  codes: NO_CHATROOM,
  async handler(ctx) {
    const r = await chatroom(ctx);
    const filter = ctx.params.optionalString('queryUserName', 40)?.trim().toLowerCase();
    const page = ctx.params.optionalInt('page', { min: 0 }) ?? 1;
    const size = ctx.params.optionalInt('number', { min: 1, max: 200 }) ?? 20;
    const cards = await peopleCards(ctx.core, ctx.caller, { userIds: r.members ?? [] });
    const all = (r.members ?? [])
      .map((id) => ({ id, account: '', name: cards.get(id)?.nickname ?? '', uid: id, avatar: cards.get(id)?.avatarUrl ?? '', remark: '', verified: 2, userLevel: 1 }))
      .filter((u) => !filter || u.name.toLowerCase().includes(filter));
    const start = (Math.max(page, 1) - 1) * size;
    return { totalnum: all.length, userList: all.slice(start, start + size) };
  },
};

const userInfo: Route = {
  path: '/group/userInfo',
  async handler(ctx) {
    const p = await getProfile(ctx.core, ctx.caller, { userId: ctx.params.id('id') });
    return { id: p.userId, name: p.nickname, avatar: p.avatarUrl ?? '', uid: p.displayNumber ?? p.userId, account: '', mutedTime: 0, mutedLastTime: 0, userLevel: 1 };
  },
};

const history: Route = {
  path: '/group/getGroupChatHistory',
  codes: NO_CHATROOM,
  async handler(ctx) {
    const { logs, nextLog } = await readLog(ctx, 1, ctx.params.id('id'));
    return { logs, nextLog };
  },
};

const onlineNumber: Route = {
  path: '/group/getOnlineNumber',
  codes: NO_CHATROOM,
  async handler(ctx) {
    const r = await chatroom(ctx);
    return { totalNumber: r.onlineCount + r.guestCount };
  },
};

const addGroup: Route = {
  path: '/group/addGroup',
  async handler(ctx) {
    const title = ctx.params.string('groupName', 60);
    const avatarUrl = ctx.params.optionalString('avatar', 500);
    await createRoom(ctx.core, ctx.caller, { kind: 'chatroom', title, ...(avatarUrl ? { avatarUrl } : {}) }, ctx.opts);
    return empty();
  },
};

const editAvatar: Route = {
  path: '/group/editAvatar',
  codes: NO_CHATROOM,
  async handler(ctx) {
    await changeRoomDetails(ctx.core, ctx.caller, { roomId: ctx.params.id('groupId'), avatarUrl: ctx.params.string('avatar', 500) }, ctx.opts);
    return empty();
  },
};

const editName: Route = {
  path: '/group/editGroupName',
  codes: NO_CHATROOM,
  async handler(ctx) {
    await changeRoomDetails(ctx.core, ctx.caller, { roomId: ctx.params.id('groupId'), title: ctx.params.string('groupName', 60) }, ctx.opts);
    return empty();
  },
};

const setStatus: Route = {
  path: '/group/setStatus',
  codes: NO_CHATROOM,
  async handler(ctx) {
    const roomId = ctx.params.id('groupId');
    const type = ctx.params.int('type', { min: 0, max: 2 });
    const use = type === 0 ? reopenRoom : type === 1 ? closeRoom : deleteRoom;
    await use(ctx.core, ctx.caller, { roomId }, ctx.opts);
    return empty();
  },
};

/** C11 (deprecated) names no chatroom: it is U7's global mute, `mutedTime` a duration in ms. */
const muted: Route = {
  path: '/group/muted',
  async handler(ctx) {
    const userId = ctx.params.id('id');
    const durationMs = ctx.params.int('mutedTime', { min: 0, max: 10 * 365 * 86_400_000 });
    await muteAccount(ctx.core, ctx.caller, { userId, durationMs }, ctx.opts);
    return empty();
  },
};

const report: Route = {
  path: '/group/report',
  async handler(ctx) {
    const subjectId = ctx.params.id('id');
    const msgId = ctx.params.string('msgId', 64);
    // The seed reports a chatroom user over one message; its msgId is kept in the note, since a
    // chatroom message is named by its room and logId, which this call does not carry.
    await fileReport(ctx.core, ctx.caller, { subjectType: 'user', subjectId, reason: 'chatroom message', note: `chat-platform msgId ${msgId}` }, ctx.opts);
    return empty();
  },
};

export const chatroomRoutes: Route[] = [list, info, userList, userInfo, history, onlineNumber, addGroup, editAvatar, editName, setStatus, muted, report];
