// How a group presents and runs itself: profile, join policy, mutes, cards, notices and level.
import { fail } from '../errors.js';
import { actor, reached, requireId, requirePositive, requireText, requireTime } from '../rules.js';
import type {
  DeleteNotice,
  EditNotice,
  ExpireGroupLevel,
  MuteMember,
  PostNotice,
  SetGroupLevel,
  SetGroupPermissions,
  SetMemberNickname,
  SetMuteAll,
  UpdateGroupProfile,
} from './commands.js';
import type { GroupEvent, JoinMode, JoinPolicy } from './events.js';
import {
  MAX_AVATAR_URL_LENGTH,
  MAX_GROUP_DESCRIPTION_LENGTH,
  MAX_GROUP_LEVEL,
  MAX_GROUP_NAME_LENGTH,
  MAX_MUTE_SECONDS,
  MAX_NICKNAME_LENGTH,
  MAX_NOTICE_LENGTH,
  MAX_NOTICES,
  MAX_QUESTION_LENGTH,
  canEditNotice,
  live,
  memberRole,
  requireManager,
  requireMember,
  requireOwner,
  type Group,
  type GroupRole,
  type LiveGroup,
} from './state.js';

export const updateProfile = (c: UpdateGroupProfile, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'edit the group profile');
  const { name, avatarUrl, description } = c.data;
  if (name === undefined && avatarUrl === undefined && description === undefined) return fail('VALIDATION_FAILED', 'nothing to change', { field: 'name' });
  if (name !== undefined) requireText('name', name, { max: MAX_GROUP_NAME_LENGTH });
  if (avatarUrl !== undefined) requireText('avatarUrl', avatarUrl, { max: MAX_AVATAR_URL_LENGTH, blank: true });
  if (description !== undefined) requireText('description', description, { max: MAX_GROUP_DESCRIPTION_LENGTH, multiline: true, blank: true });
  const changed = {
    ...(name !== undefined && name !== g.name ? { name } : {}),
    ...(avatarUrl !== undefined && avatarUrl !== g.avatarUrl ? { avatarUrl } : {}),
    ...(description !== undefined && description !== g.description ? { description } : {}),
  };
  return Object.keys(changed).length === 0 ? [] : [{ type: 'GroupProfileUpdated', data: { groupId: g.groupId, by, ...changed } }];
};

const joinModes: readonly JoinMode[] = ['free', 'approval', 'answer', 'invite', 'closed', 'paid'];

/** A policy holds exactly what its mode uses: a question (approval, answer), an answer (answer), a fee (paid). */
const requireShape = ({ mode, question, answer, fee }: JoinPolicy): void => {
  if (!joinModes.includes(mode)) fail('VALIDATION_FAILED', `join mode must be one of ${joinModes.join(', ')}`, { field: 'join.mode' });
  const uses = { question: mode === 'approval' || mode === 'answer', answer: mode === 'answer', fee: mode === 'paid' };
  for (const [field, v] of Object.entries({ question, answer, fee })) {
    if (v !== undefined && !uses[field as keyof typeof uses]) fail('VALIDATION_FAILED', `join mode ${mode} takes no ${field}`, { field: `join.${field}` });
  }
  if (mode === 'answer' && (question === undefined || answer === undefined)) fail('VALIDATION_FAILED', 'join mode answer needs a question and its answer', { field: 'join.answer' });
  if (mode === 'paid' && fee === undefined) fail('VALIDATION_FAILED', 'join mode paid needs a fee', { field: 'join.fee' });
};

const requirePolicy = (j: JoinPolicy): JoinPolicy => {
  requireShape(j);
  const { mode, question, answer, fee } = j;
  return {
    mode,
    ...(question !== undefined ? { question: requireText('join.question', question, { max: MAX_QUESTION_LENGTH }) } : {}),
    ...(answer !== undefined ? { answer: requireText('join.answer', answer, { max: MAX_QUESTION_LENGTH }) } : {}),
    ...(fee !== undefined ? { fee: requirePositive('join.fee', fee) } : {}),
  };
};

const samePolicy = (a: JoinPolicy, b: JoinPolicy): boolean => a.mode === b.mode && a.question === b.question && a.answer === b.answer && a.fee === b.fee;

export const setPermissions = (c: SetGroupPermissions, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'change how people join');
  const join = c.data.join === undefined ? g.join : requirePolicy(c.data.join);
  const friends = c.data.membersMayAddFriends ?? g.membersMayAddFriends;
  // A fee is money: only the owner asks for one or changes it.
  if (join.mode === 'paid' && !samePolicy(join, g.join)) requireOwner(g, by, 'make joining paid or change its fee');
  if (samePolicy(join, g.join) && friends === g.membersMayAddFriends) return [];
  return [{ type: 'GroupPermissionsSet', data: { groupId: g.groupId, by, join, membersMayAddFriends: friends } }];
};

/** The owner mutes anyone but themselves, admins mute members only. */
const requireMutable = (g: LiveGroup, byRole: GroupRole, target: GroupRole): void => {
  if (target === 'owner') fail('FORBIDDEN', 'the owner cannot be muted', { groupId: g.groupId });
  if (byRole === 'admin' && target === 'admin') fail('FORBIDDEN', 'only the owner may mute an admin', { groupId: g.groupId });
};

const parseAt = (at: string): number => {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? fail('VALIDATION_FAILED', 'metadata.at must be an ISO-8601 time', { field: 'metadata.at' }) : ms;
};

export const mute = (c: MuteMember, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  const byRole = requireManager(g, by, 'mute members');
  const { userId, seconds } = c.data;
  const target = requireMember(g, requireId('userId', userId));
  requireMutable(g, byRole, target.role);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_MUTE_SECONDS) {
    return fail('VALIDATION_FAILED', `seconds must be 0-${MAX_MUTE_SECONDS} (at most 7 days; 0 lifts the mute)`, { field: 'seconds', max: MAX_MUTE_SECONDS });
  }
  const now = parseAt(c.metadata.at);
  if (seconds === 0) {
    const muted = target.mutedUntil !== undefined && Date.parse(target.mutedUntil) > now;
    return muted ? [{ type: 'GroupMemberUnmuted', data: { groupId: g.groupId, userId, by } }] : [];
  }
  return [{ type: 'GroupMemberMuted', data: { groupId: g.groupId, userId, until: new Date(now + seconds * 1000).toISOString(), by } }];
};

export const muteAll = (c: SetMuteAll, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'mute everyone');
  return c.data.on === g.muteAll ? [] : [{ type: 'GroupMuteAllSet', data: { groupId: g.groupId, on: c.data.on, by } }];
};

export const setNickname = (c: SetMemberNickname, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  memberRole(g, by, 'set cards');
  const { userId, nickname } = c.data;
  if (userId !== by) requireOwner(g, by, "set another member's card");
  const target = requireMember(g, requireId('userId', userId));
  requireText('nickname', nickname, { max: MAX_NICKNAME_LENGTH, blank: true });
  return target.nickname === nickname ? [] : [{ type: 'GroupMemberNicknameSet', data: { groupId: g.groupId, userId, nickname, by } }];
};

const mayEditNotice = (g: LiveGroup, userId: string, authorId: string): boolean => canEditNotice(g.members.get(userId)?.role, authorId, g.ownerId);

export const postNotice = (c: PostNotice, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  requireManager(g, by, 'post notices');
  const { noticeId, text } = c.data;
  requireId('noticeId', noticeId);
  requireText('text', text, { max: MAX_NOTICE_LENGTH, multiline: true });
  if (g.notices.has(noticeId)) return fail('CONFLICT', 'this notice exists already', { groupId: g.groupId, noticeId });
  if (g.notices.size >= MAX_NOTICES) return fail('CONFLICT', `a group keeps at most ${MAX_NOTICES} notices; delete one first`, { groupId: g.groupId, max: MAX_NOTICES });
  return [{ type: 'GroupNoticePosted', data: { groupId: g.groupId, noticeId, text, by } }];
};

const editableNotice = (g: LiveGroup, by: string, noticeId: string): void => {
  requireManager(g, by, 'edit notices');
  const authorId = g.notices.get(noticeId) ?? fail('NOT_FOUND', 'no such notice', { groupId: g.groupId, noticeId });
  if (!mayEditNotice(g, by, authorId)) fail('FORBIDDEN', "only the owner may edit the owner's notices", { groupId: g.groupId, noticeId });
};

export const editNotice = (c: EditNotice, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  const { noticeId, text } = c.data;
  editableNotice(g, by, noticeId);
  requireText('text', text, { max: MAX_NOTICE_LENGTH, multiline: true });
  return [{ type: 'GroupNoticeEdited', data: { groupId: g.groupId, noticeId, text, by } }];
};

export const deleteNotice = (c: DeleteNotice, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const by = actor(c.metadata);
  editableNotice(g, by, c.data.noticeId);
  return [{ type: 'GroupNoticeDeleted', data: { groupId: g.groupId, noticeId: c.data.noticeId, by } }];
};

export const setLevel = (c: SetGroupLevel, s: Group): GroupEvent[] => {
  const g = live(s, c.data.groupId);
  const { level, expiresAt } = c.data;
  if (!Number.isSafeInteger(level) || level < 0 || level > MAX_GROUP_LEVEL) return fail('VALIDATION_FAILED', `level must be 0-${MAX_GROUP_LEVEL}`, { field: 'level' });
  if (expiresAt !== undefined) {
    if (level === 0) return fail('VALIDATION_FAILED', 'level 0 does not expire', { field: 'expiresAt' });
    requireTime('expiresAt', expiresAt);
    if (reached(c.metadata, expiresAt)) return fail('VALIDATION_FAILED', 'expiresAt must be in the future', { field: 'expiresAt' });
  }
  if (level === g.level && expiresAt === g.levelExpiresAt) return [];
  return [{ type: 'GroupLevelSet', data: { groupId: g.groupId, level, ...(expiresAt !== undefined ? { expiresAt } : {}), term: g.levelTerm + 1 } }];
};

/** Idempotent: a stale term (renewed since), a level without an end, or an early timer does nothing. */
export const expireLevel = (c: ExpireGroupLevel, s: Group): GroupEvent[] => {
  if (s.status !== 'active') return [];
  const due = s.levelExpiresAt;
  if (c.data.term !== s.levelTerm || s.level === 0 || due === undefined || !reached(c.metadata, due)) return [];
  return [{ type: 'GroupLevelExpired', data: { groupId: s.groupId, level: s.level, term: s.levelTerm } }];
};
