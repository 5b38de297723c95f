// 003's notices, a member's profile in a group, friend tags ("marks"), the phone book, location,
// chat skins and the version check.
import { createTag, deleteTag, listTags, renameTag, tagFriends, untagFriend } from '../../app/contacts.js';
import { matchPhoneBook } from '../../app/discovery.js';
import { nearby, shake, updateLocation } from '../../app/geo.js';
import { deleteNotice, editNotice, listGroupNotices, postNotice } from '../../app/groups.js';
import { groupMemberCard } from '../../app/walletAppViews.js';
import { changeConversation } from '../../app/inbox.js';
import { requireUser } from '../../app/caller.js';
import type { Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import { joinTypeOf } from './groupMembers.js';
import { roleCode } from './groups.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { chatOf } from './social.js';
import { ms, pageOf, userView } from './views.js';

// A notice is one text in the core: 003's title is its first line, the content the rest.
const noticeText = (params: Params) => `${params.string('title', 100).replace(/\n/g, ' ')}\n${params.string('content', 2000)}`;
const splitNotice = (text: string) => {
  const at = text.indexOf('\n');
  return at < 0 ? { title: text, content: '' } : { title: text.slice(0, at), content: text.slice(at + 1) };
};

const coordinate = (params: Params, names: readonly string[]): number => {
  const name = names.find((n) => params.has(n)) ?? names[0] ?? 'lat';
  const text = params.string(name, 32).trim();
  return /^-?\d{1,3}(\.\d{1,12})?$/.test(text) ? Number(text) : Number.NaN;
};

const tagsOf = async (ctx: Parameters<FacadeRoute<Code>['handler']>[0]) => (await listTags(ctx.core, ctx.caller)).items;

export const extraRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/chat/createGroupNote',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await postNotice(core, caller, { groupId: params.id('groupId'), text: noticeText(params) }, opts);
      return { info: '操作成功' };
    },
  },
  {
    path: '/chat/getNoteList',
    async handler({ core, caller, params }): Promise<Reply> {
      const groupId = params.id('groupId');
      const pageNo = params.optionalInt('pageNo', { min: 1, max: 1000 }) ?? 1;
      const r = await listGroupNotices(core, caller, { groupId, limit: 100 });
      const list = r.items.slice((pageNo - 1) * 20, pageNo * 20).map((n) => ({ id: n.noticeId, groupId, userId: n.authorId, ...splitNotice(n.text), createTime: ms(n.createdAt), updateTime: ms(n.editedAt ?? n.createdAt) }));
      return { data: { ...pageOf(list, pageNo, r.items.length), editable: r.items.some((n) => n.editable) ? 1 : 0 } };
    },
  },
  {
    path: '/chat/updateGroupNote',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await editNotice(core, caller, { groupId: params.id('groupId'), noticeId: params.id('noteId'), text: noticeText(params) }, opts);
      return { info: '更新成功' };
    },
  },
  {
    path: '/chat/deleteGroupNote',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await deleteNotice(core, caller, { groupId: params.id('groupId'), noticeId: params.id('noteId') }, opts);
      return { info: '删除成功' };
    },
  },
  {
    path: '/chat/getGroupMemberById',
    async handler({ core, caller, params }): Promise<Reply> {
      const groupId = params.id('groupId');
      const destId = params.id('destId');
      const { member: m, user } = await groupMemberCard(core, caller, { groupId, userId: destId });
      // joinType and ext: the owner's and admins' view, or the member's own (0 and "" to others).
      const groupInfo = { role: roleCode(m.role), markName: m.nickname ?? '', silence: m.mutedUntil ? ms(m.mutedUntil) : 0, joinType: joinTypeOf(m.joinMethod), ext: m.ext };
      return { data: userView(user, { groupInfo }) };
    },
  },
  {
    path: '/chat/addMark',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const t = await createTag(core, caller, { name: params.string('markName', 40), userIds: params.idList('friendIds') }, opts);
      return { data: { id: t.tagId, userId: requireUser(caller).userId, markName: t.name, sort: 0, isDelete: 0, createTime: String(core.clock().getTime()) } };
    },
  },
  {
    path: '/chat/userMarks',
    async handler(ctx): Promise<Reply> {
      return { data: (await tagsOf(ctx)).map((t, i) => ({ markId: t.tagId, markName: t.name, sort: i, users: t.userIds.map((userId) => ({ userId })) })) };
    },
  },
  {
    path: '/chat/removeMark',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await deleteTag(core, caller, { tagId: params.id('markId') }, opts);
      return { info: '删除成功' };
    },
  },
  {
    path: '/chat/updateMark',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const tagId = params.id('markId');
      const t = await renameTag(core, caller, { tagId, name: params.string('markName', 40) }, opts);
      if (params.has('friendIds')) await tagFriends(core, caller, { tagId, userIds: params.idList('friendIds') }, opts);
      return { data: { id: tagId, userId: requireUser(caller).userId, markName: t.name, sort: 0, isDelete: 0 } };
    },
  },
  {
    // Two forms on one path (003 #69, #70): friendId + markIds, or markId + friendIds.
    path: '/chat/addFriendMark',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      if (params.has('friendId')) {
        const userId = params.id('friendId');
        for (const tagId of params.idList('markIds', 50)) await tagFriends(core, caller, { tagId, userIds: [userId] }, opts.idempotencyKey ? { ...opts, idempotencyKey: `${opts.idempotencyKey}:${tagId}` } : opts);
      } else await tagFriends(core, caller, { tagId: params.id('markId'), userIds: params.idList('friendIds') }, opts);
      return { info: '添加成功' };
    },
  },
  {
    path: '/chat/userMarkFriend',
    async handler(ctx): Promise<Reply> {
      const tagId = ctx.params.id('markId');
      const t = (await tagsOf(ctx)).find((x) => x.tagId === tagId);
      return { data: (t?.userIds ?? []).map((userId) => ({ userId })) };
    },
  },
  {
    path: '/chat/userFriendMark',
    async handler(ctx): Promise<Reply> {
      const friendId = ctx.params.id('friendId');
      return { data: (await tagsOf(ctx)).filter((t) => t.userIds.includes(friendId)).map((t) => ({ markId: t.tagId, markName: t.name })) };
    },
  },
  {
    path: '/chat/removeMarkFriend',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await untagFriend(core, caller, { tagId: params.id('markId'), userId: params.id('friendId') }, opts);
      return { info: '移除成功' };
    },
  },
  {
    // `contact`: a JSON array of {phone, name}, or a comma list of numbers.
    path: '/chat/inviteContact',
    async handler({ core, caller, params }): Promise<Reply> {
      const book = params.list('contact', 2000).map((x) => x.replace(/^.*"phone"\s*:\s*"?([^",}]+).*$/, '$1'));
      const r = await matchPhoneBook(core, caller, { phones: book });
      const found = new Map(r.matches.map((m) => [m.phone, m]));
      return { data: { info: book.map((phone) => ({ phone, isExists: found.has(phone) ? 1 : 0, userId: found.get(phone)?.userId ?? '', nickName: found.get(phone)?.nickname ?? '', header: found.get(phone)?.avatarUrl ?? '', markName: '', fuserId: found.get(phone)?.friend ? found.get(phone)?.userId : '' })) } };
    },
  },
  {
    path: '/geo/updateGeo',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await updateLocation(core, caller, { lat: coordinate(params, ['lat', 'latitude']), lng: coordinate(params, ['lon', 'lng', 'longitude']) }, opts);
      return { info: ' update finished.' };
    },
  },
  {
    path: '/geo/findNearby',
    async handler({ core, caller, params }): Promise<Reply> {
      const pageNo = params.optionalInt('pageNo', { min: 1, max: 50 }) ?? 1;
      const r = await nearby(core, caller, { limit: 20 * pageNo });
      const list = r.items.slice((pageNo - 1) * 20).map((u) => ({ userId: u.userId, nickName: u.nickname, headUrl: u.avatarUrl ?? '', distance: u.distance }));
      return p.edition === 3 ? { data: pageOf(list, pageNo) } : { data: list };
    },
  },
  {
    path: '/geo/findRandom',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const r = await shake(core, caller, { lat: coordinate(params, ['latitude', 'lat']), lng: coordinate(params, ['longitude', 'lon', 'lng']) }, opts);
      // 0: nobody found shaking at the same moment.
      if (!r.match) return { code: 0, info: '没有找到同时摇一摇的人' };
      return { data: { distance: r.match.distance, user: { userId: r.match.userId, nickName: r.match.nickname, headUrl: r.match.avatarUrl ?? '' } } };
    },
  },
  {
    path: '/user/setMsgSkin',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const conversationId = chatOf(requireUser(caller).userId, params);
      await changeConversation(core, caller, { conversationId, skin: params.optionalString('skin', 200) ?? null }, opts);
      return { info: '设置成功' };
    },
  },
  {
    // No parameters and no release feed: there is never an update pending.
    path: '/getVersion',
    handler: ({ params }): Reply => ({ data: { versions: '', device: params.optionalInt('device', { min: 1, max: 4 }) ?? 1, isUpdate: 0, url: '', content: '', fileSize: 0, createTime: '' } }),
  },
];
