// Groups of 003/002: create, read, invite, leave, rename, cards, admins, ownership, kicks, join
// modes and applications, mutes. Roles are 1 owner / 2 admin / 3 member; `joinStatus` 0-6 are
// free, approval, approval with a question, answer, invite only, closed, paid (README, Groups).
import { requireUser } from '../../app/caller.js';
import {
  acceptOwnership,
  addGroupMembers,
  cancelOwnershipOffer,
  createGroup,
  dismissGroup,
  getGroup,
  joinGroup,
  listGroupMembers,
  offerOwnership,
  removeGroupMember,
  searchGroups,
  setGroupPermissions,
  setMemberNickname,
  setMemberRole,
  updateGroupProfile,
} from '../../app/groups.js';
import { CodedError } from '../../../domain/errors.js';
import type { FacadeRoute } from '../framework/surface.js';
import type { Code, ImProfile, Reply } from './profile.js';
import { joinTypeOf } from './groupMembers.js';
import { ms } from './views.js';

type Group = Awaited<ReturnType<typeof getGroup>>;
type Member = Awaited<ReturnType<typeof listGroupMembers>>['items'][number];
type Mode = Group['join']['mode'];

export const roleCode = (role: string | null): number => (role === 'owner' ? 1 : role === 'admin' ? 2 : 3);

const joinStatusOf = (g: Pick<Group['join'], 'mode' | 'question'>): number =>
  ({ free: 0, approval: g.question ? 2 : 1, answer: 3, invite: 4, closed: 5, paid: 6 } as const satisfies Record<Mode, number>)[g.mode];
const modes: readonly Mode[] = ['free', 'approval', 'approval', 'answer', 'invite', 'closed', 'paid'];

export const groupView = (p: ImProfile, g: Omit<Group, 'myRole'> & { myRole?: string | null }) => ({
  id: g.groupId,
  markId: g.markId ?? '',
  name: g.name,
  descriptions: g.description ?? '',
  detail: '',
  headUrl: g.avatarUrl ?? '',
  creatorId: g.ownerId,
  createTime: ms(g.createdAt),
  joinStatus: joinStatusOf(g.join),
  question: g.join.question ?? '',
  answer: g.join.answer ?? '',
  level: g.level,
  expire: g.levelExpiresAt ? ms(g.levelExpiresAt) : 0,
  fee: p.money(g.join.fee ?? 0),
  robot: 0,
  welcome: '',
  isset: 0,
  memberCount: g.memberCount,
});

const memberView = (m: Member) => ({
  id: m.userId,
  userId: m.userId,
  role: roleCode(m.role),
  name: m.nickname ?? m.displayName ?? '',
  headUrl: '',
  sign: '',
  province: '',
  city: '',
  district: '',
  // How they joined and the extension field: 0 and null (003 "") to members who may not see them.
  joinType: joinTypeOf(m.joinMethod),
  ext: m.ext,
  // A muted member's `silence` is the mute's end (ms) until it ends, else "0".
  silence: m.mutedUntil && Date.parse(m.mutedUntil) > Date.now() ? ms(m.mutedUntil) : 0,
});

/** 2000 no group, 2001 no permission, 2003 not a member (003 #47, #48). */
const adminCodes = { NOT_FOUND: 2000, FORBIDDEN: 2001, NOT_A_MEMBER: 2003 } as const;

export const groupRoutes = (p: ImProfile): FacadeRoute<Code>[] => [
  {
    path: '/chat/createGroup',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const me = requireUser(caller).userId;
      // The creator is not listed in `ids` (facades.md); a client that lists them anyway is forgiven.
      const memberIds = params.idList('ids').filter((id) => id !== me);
      const r = await createGroup(core, caller, { name: params.string('name', 60), memberIds }, opts);
      const data = { id: r.groupId, markId: r.markId, name: params.string('name', 60), receiveTip: 1, headUrl: '' };
      return p.edition === 3 ? { data } : { info: r.groupId, data };
    },
  },
  {
    path: '/chat/getGroupById',
    async handler({ core, caller, params }): Promise<Reply> {
      return { data: groupView(p, await getGroup(core, caller, { groupId: params.id('groupId') })) };
    },
  },
  {
    path: '/chat/getGroupMember',
    async handler({ core, caller, params }): Promise<Reply> {
      const groupId = params.id('groupId');
      const items: Member[] = [];
      let cursor: string | undefined;
      do {
        const page = await listGroupMembers(core, caller, { groupId, limit: 100, ...(cursor ? { cursor } : {}) });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const list = items.map(memberView);
      return p.edition === 3 ? { data: { info: list } } : { data: list };
    },
  },
  {
    path: '/chat/addGroupMember',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await addGroupMembers(core, caller, { groupId: params.id('groupId'), userIds: params.idList('inviteIds') }, opts);
      return { info: '邀请完成' };
    },
  },
  {
    path: '/chat/queryGroup',
    async handler({ core, caller, params }): Promise<Reply> {
      const r = await searchGroups(core, caller, { q: params.string('groupName', 60), limit: 20 });
      const list = r.items.map((g) => ({
        id: g.groupId,
        markId: g.markId ?? '',
        name: g.name,
        descriptions: g.description ?? '',
        headUrl: g.avatarUrl ?? '',
        createTime: ms(g.createdAt),
        joinStatus: joinStatusOf({ mode: g.joinMode, question: g.question }),
        question: g.question ?? '',
        fee: p.money(g.fee ?? 0),
        memberCount: g.memberCount,
      }));
      return p.edition === 3 ? { data: { info: list } } : { data: list };
    },
  },
  {
    path: '/chat/quitGroup',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await removeGroupMember(core, caller, { groupId: params.id('groupId'), userId: requireUser(caller).userId }, opts);
      return { info: '退出成功' };
    },
  },
  {
    path: '/chat/updateGroup',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await updateGroupProfile(core, caller, { groupId: params.id('groupId'), name: params.string('name', 60) }, opts);
      return { info: '更新成功' };
    },
  },
  {
    path: '/chat/setGroupHeader',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await updateGroupProfile(core, caller, { groupId: params.id('groupId'), avatarUrl: params.string('url', 500) }, opts);
      return { info: '操作成功' };
    },
  },
  {
    path: '/chat/updateGroupDesc',
    codes: adminCodes,
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // Clearing the description must work (003 release note 27).
      await updateGroupProfile(core, caller, { groupId: params.id('groupId'), description: params.optionalString('descriptions', 500) ?? '' }, opts);
      return { info: '设置成功' };
    },
  },
  {
    path: '/chat/updateGroupMemberMark',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // 003: my own card (`markName`); 002: `name` for the member `userId` names (the owner sets anyone's).
      const me = requireUser(caller).userId;
      const userId = p.edition === 3 ? me : (params.optionalId('userId') ?? me);
      const nickname = p.edition === 3 ? params.string('markName', 40) : params.string('name', 40);
      await setMemberNickname(core, caller, { groupId: params.id('groupId'), userId, nickname }, opts);
      return { info: '更新成功' };
    },
  },
  {
    path: '/chat/dismissGroup',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await dismissGroup(core, caller, { groupId: params.id('groupId') }, opts);
      return { info: '操作成功' };
    },
  },
  {
    path: '/chat/removeGroupMember',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await removeGroupMember(core, caller, { groupId: params.id('groupId'), userId: params.id('destId') }, opts);
      return { info: '删除成功' };
    },
  },
  {
    path: '/chat/setGroupAdmin',
    codes: adminCodes,
    async handler({ core, caller, params, opts }): Promise<Reply> {
      // IsSet is the target role: 2 admin, 3 back to member (1/0 read as set/unset).
      const isSet = params.optionalInt('IsSet', { min: 0, max: 3 }) ?? 2;
      const role = isSet === 2 || isSet === 1 ? 'admin' : 'member';
      await setMemberRole(core, caller, { groupId: params.id('groupId'), userId: params.id('destId'), role }, opts);
      return { info: '设置成功' };
    },
  },
  {
    path: '/chat/transGroup',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      await offerOwnership(core, caller, { groupId: params.id('groupId'), userId: params.id('destId') }, opts);
      return { info: '请求发送成功' };
    },
  },
  {
    path: '/chat/transGroupConfirm',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const groupId = params.id('groupId');
      if ((params.optionalInt('accept', { min: 0, max: 1 }) ?? 1) === 0) await cancelOwnershipOffer(core, caller, { groupId }, opts);
      else await acceptOwnership(core, caller, { groupId }, opts);
      return { info: '操作成功' };
    },
  },
  {
    path: '/chat/updateJoinstatus',
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const status = params.int('status', { min: 0, max: 6 });
      const mode = modes[status] ?? 'free';
      const question = params.optionalString('question', 200);
      const answer = params.optionalString('answer', 200);
      const fee = params.has('fee') ? params.money('fee', 2) : undefined;
      if (status === 2 && question === undefined) throw new CodedError('VALIDATION_FAILED', '请配置正确的验证问题', { field: 'question' });
      const join = { mode, ...(question !== undefined && status !== 1 ? { question } : {}), ...(answer !== undefined && mode === 'answer' ? { answer } : {}), ...(fee !== undefined && mode === 'paid' ? { fee } : {}) };
      await setGroupPermissions(core, caller, { groupId: params.id('groupId'), join }, opts);
      return { info: '设置成功' };
    },
  },
  {
    path: '/chat/requestGroupJoin',
    codes: { WRONG_ANSWER: -2, JOIN_CLOSED: -3, GROUP_FULL: -5 },
    async handler({ core, caller, params, opts }): Promise<Reply> {
      const r = await joinGroup(core, caller, { groupId: params.id('groupId'), message: params.optionalString('answer', 200) }, opts);
      // A paid group: the application waits for the fee (-4 "请先付费", a refusal's shape); payForGroupJoin pays it.
      if (r.status === 'awaiting_payment') return { code: -4, info: '请先付费', refused: true };
      return { info: r.status === 'joined' ? '已加入' : '申请成功' };
    },
  },
];
