// Friends, blacklist, remarks, search and per-chat preferences of 003/002.
import { requireUser } from '../../app/caller.js';
import { updateContact } from '../../app/contacts.js';
import { acceptFriendRequest, removeFriend, requestFriend } from '../../app/friends.js';
import { decideApplication, joinGroup } from '../../app/groups.js';
import { changeConversation } from '../../app/inbox.js';
import { searchUsers } from '../../app/profiles.js';
import { block, listBlocked, unblock } from '../../app/social.js';
import type { Params } from '../framework/params.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { destTypeOf } from './views.js';

/** A chat's conversation id: a 1:1 is named by its two users in order, a group by its id. */
export const chatOf = (me: string, params: Params, idName = 'destId'): string => {
  const kind = destTypeOf(params);
  const id = params.id(idName);
  return kind === 'group' ? `group:${id}` : `dm:${[me, id].sort().join(':')}`;
};

const pref = (path: string, setting: 'pinned' | 'muted', on: (params: Params) => boolean, info: string): FacadeRoute<Code> => ({
  path,
  async handler({ core, caller, params, opts }): Promise<Reply> {
    const conversationId = chatOf(requireUser(caller).userId, params);
    await changeConversation(core, caller, { conversationId, [setting]: on(params) }, opts);
    return { info };
  },
});

export const socialRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/chat/requestFriend',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const destId = params.id('destId');
      if (destTypeOf(params) === 'group') {
        const r = await joinGroup(core, caller, { groupId: destId, message: params.optionalString('answer', 200) }, opts);
        return { code: r.status === 'joined' ? 2 : 1, info: r.status === 'joined' ? '已加入' : '等待验证' };
      }
      const r = await requestFriend(core, caller, { userId: destId }, opts);
      // 1 waiting for the other side, 2 friends at once (002 L426; facades.md, Friends).
      return { code: r.status === 'friends' ? 2 : 1, info: r.status === 'friends' ? '已成为好友' : '等待对方验证' };
    },
  },
  {
    path: '/chat/acceptRequest',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const destId = params.id('destId');
      const groupId = params.optionalId('groupId') ?? params.optionalId('friendGroupId');
      // 002: a group join is accepted by its owner (or an admin) naming the group and the applicant.
      if (groupId !== undefined) {
        await decideApplication(core, caller, { groupId, applicantId: destId, decision: 'approve' }, opts);
        return { info: '已同意' };
      }
      await acceptFriendRequest(core, caller, { userId: destId }, opts);
      return p.edition === 3 ? { data: { id: destId } } : { info: '已同意' };
    },
  },
  {
    path: '/chat/delFriend',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await removeFriend(core, caller, { userId: params.id('destId') }, opts);
      return { info: '操作成功' };
    },
  },
  {
    path: '/chat/setBlock',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await block(core, caller, { userId: params.optionalId('blockId') ?? params.id('destId') }, opts);
      return { info: '设置成功' };
    },
  },
  {
    path: '/chat/removeBlack',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await unblock(core, caller, { userId: params.optionalId('destId') ?? params.id('blockId') }, opts);
      return { info: '已移除' };
    },
  },
  {
    path: '/chat/getBlackList',
    async handler({ core, caller }): Promise<Reply> {
      const r = await listBlocked(core, caller, { limit: 200 });
      return { data: r.items.map((b) => ({ id: b.userId, nickName: b.nickname ?? '', name: b.nickname ?? '', headUrl: b.avatarUrl ?? '', isBlack: 1, receiveTip: 1, remark: '' })) };
    },
  },
  {
    path: '/chat/updateRemark',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await updateContact(core, caller, { userId: params.id('destId'), remark: params.optionalString('remark', 40) ?? '' }, opts);
      return { info: '设置成功' };
    },
  },
  {
    path: '/chat/queryUser',
    async handler({ core, caller, params }): Promise<Reply> {
      const r = await searchUsers(core, caller, { q: params.string('mobile', 32), limit: 20 });
      const list = r.items.map((u) => ({ id: u.userId, name: u.nickname, nickName: u.nickname, headUrl: u.avatarUrl ?? '', IMNo: u.displayNumber ?? '', isOnline: 0, status: 1 }));
      return p.edition === 3 ? { data: { info: list } } : { data: list };
    },
  },
  pref('/chat/setTop', 'pinned', () => true, '置顶成功'),
  pref(p.edition === 3 ? '/chat/candleTop' : '/chat/cancelTop', 'pinned', () => false, '取消置顶成功'),
  // receiveTip 1 receive alerts, 0 do not (do-not-disturb).
  pref(p.edition === 3 ? '/chat/setlgonre' : '/chat/setIgonre', 'muted', (params) => params.int('receiveTip', { min: 0, max: 1 }) === 0, '设置成功'),
];
