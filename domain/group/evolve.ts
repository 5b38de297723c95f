// Folds a group's events into its state. Never throws; copies, never mutates (the command
// pipeline may drop a state it decided against); events of a group not (or no longer) active
// leave it as it was.
import { PersistentMap } from '../persistent.js';
import type { GroupCreated, GroupEvent, JoinVia } from './events.js';
import { DEFAULT_GROUP_LIMITS, type Group, type GroupFacts, type GroupMember, type GroupRole, type LiveGroup } from './state.js';

const created = (d: GroupCreated['data']): LiveGroup => {
  let members = PersistentMap.empty<GroupMember>();
  // Those listed at creation were brought in by the creator: an invitation.
  for (const id of d.memberIds) members = members.set(id, id === d.ownerId ? { role: 'owner', nickname: '' } : { role: 'member', nickname: '', joinMethod: 'invitation' });
  return {
    status: 'active',
    groupId: d.groupId,
    name: d.name,
    avatarUrl: d.avatarUrl ?? '',
    description: d.description ?? '',
    ...(d.markId !== undefined ? { markId: d.markId } : {}),
    ownerId: d.ownerId,
    members,
    adminCount: 0,
    limits: d.limits ?? DEFAULT_GROUP_LIMITS,
    level: 0,
    levelTerm: 0,
    join: { mode: 'free' },
    membersMayAddFriends: true,
    muteAll: false,
    applications: PersistentMap.empty(),
    notices: PersistentMap.empty(),
  };
};

const withMember = (s: LiveGroup, userId: string, change: (m: GroupMember) => GroupMember): LiveGroup => {
  const m = s.members.get(userId);
  return m ? { ...s, members: s.members.set(userId, change(m)) } : s;
};

const withRole = (s: LiveGroup, userId: string, role: GroupRole): LiveGroup => {
  const before = s.members.get(userId)?.role;
  if (before === undefined) return s;
  const adminCount = s.adminCount - (before === 'admin' ? 1 : 0) + (role === 'admin' ? 1 : 0);
  return { ...withMember(s, userId, (m) => ({ ...m, role })), adminCount };
};

const added = (s: LiveGroup, userIds: readonly string[], via: JoinVia | undefined): LiveGroup => {
  let { members, applications } = s;
  // Added without `via`: an invitation (events older than the field).
  const joinMethod = via === undefined || via === 'invite' ? 'invitation' : 'request';
  for (const id of userIds) {
    if (!members.has(id)) members = members.set(id, { role: 'member', nickname: '', joinMethod });
    applications = applications.delete(id);
  }
  return { ...s, members, applications };
};

const removed = (s: LiveGroup, userId: string): LiveGroup => {
  const m = s.members.get(userId);
  if (!m) return s;
  const { offeredTo, ...rest } = s;
  const keepOffer = offeredTo !== undefined && offeredTo !== userId ? { offeredTo } : {};
  return { ...rest, ...keepOffer, members: s.members.delete(userId), adminCount: s.adminCount - (m.role === 'admin' ? 1 : 0) };
};

const withoutOffer = (s: LiveGroup): LiveGroup => {
  const { offeredTo: _gone, ...rest } = s;
  return rest;
};

const dismissed = (s: LiveGroup): Group => {
  const facts: GroupFacts = { ...withoutOffer(s), members: PersistentMap.empty(), adminCount: 0, applications: PersistentMap.empty() };
  return { ...facts, status: 'dismissed' };
};

const transferred = (s: LiveGroup, from: string, to: string, formerOwnerRole: 'admin' | 'member'): LiveGroup => {
  const next = withRole(withRole(s, to, 'owner'), from, formerOwnerRole);
  return { ...withoutOffer(next), ownerId: to };
};

/** Every event but GroupCreated, applied to an active group. */
const apply = (s: LiveGroup, e: Exclude<GroupEvent, GroupCreated>): Group => {
  switch (e.type) {
    case 'GroupMembersAdded':
      return added(s, e.data.userIds, e.data.via);
    case 'GroupMemberRemoved':
      return removed(s, e.data.userId);
    case 'GroupDismissed':
      return dismissed(s);
    case 'GroupProfileUpdated': {
      const { name, avatarUrl, description } = e.data;
      return { ...s, ...(name !== undefined ? { name } : {}), ...(avatarUrl !== undefined ? { avatarUrl } : {}), ...(description !== undefined ? { description } : {}) };
    }
    case 'GroupPermissionsSet':
      return { ...s, join: e.data.join, membersMayAddFriends: e.data.membersMayAddFriends };
    case 'GroupMemberRoleChanged':
      return withRole(s, e.data.userId, e.data.role);
    case 'GroupOwnershipOffered':
      return { ...s, offeredTo: e.data.to };
    case 'GroupOwnershipOfferCancelled':
      return withoutOffer(s);
    case 'GroupOwnershipTransferred':
      return transferred(s, e.data.from, e.data.to, e.data.formerOwnerRole);
    case 'GroupJoinRequested':
      return { ...s, applications: s.applications.set(e.data.applicantId, { applicationId: e.data.applicationId, kind: e.data.kind }) };
    case 'GroupJoinApproved':
    case 'GroupJoinRejected':
      return { ...s, applications: s.applications.delete(e.data.applicantId) };
    case 'GroupPaidSeatHeld':
    case 'GroupPaidSeatReleased': {
      const app = s.applications.get(e.data.applicantId);
      if (!app) return s;
      const { heldFor: _was, ...rest } = app;
      return { ...s, applications: s.applications.set(e.data.applicantId, e.type === 'GroupPaidSeatHeld' ? { ...rest, heldFor: e.data.paymentRef } : rest) };
    }
    case 'GroupMemberMuted':
      return withMember(s, e.data.userId, (m) => ({ ...m, mutedUntil: e.data.until }));
    case 'GroupMemberUnmuted':
      return withMember(s, e.data.userId, ({ mutedUntil: _lifted, ...m }) => m);
    case 'GroupMuteAllSet':
      return { ...s, muteAll: e.data.on };
    case 'GroupMemberNicknameSet':
      return withMember(s, e.data.userId, (m) => ({ ...m, nickname: e.data.nickname }));
    case 'GroupMemberExtSet':
      return withMember(s, e.data.userId, ({ ext: _was, ...m }) => (e.data.ext === '' ? m : { ...m, ext: e.data.ext }));
    case 'GroupMemberJoinMethodRecorded':
      return withMember(s, e.data.userId, (m) => ({ ...m, joinMethod: e.data.method }));
    case 'GroupNoticePosted':
      return { ...s, notices: s.notices.set(e.data.noticeId, e.data.by) };
    case 'GroupNoticeEdited':
      return s;
    case 'GroupNoticeDeleted':
      return { ...s, notices: s.notices.delete(e.data.noticeId) };
    case 'GroupLevelSet': {
      const { levelExpiresAt: _old, ...rest } = s;
      return { ...rest, level: e.data.level, levelTerm: e.data.term, ...(e.data.expiresAt !== undefined ? { levelExpiresAt: e.data.expiresAt } : {}) };
    }
    case 'GroupLevelExpired': {
      if (e.data.term !== s.levelTerm) return s;
      const { levelExpiresAt: _gone, ...rest } = s;
      return { ...rest, level: 0 };
    }
    default: {
      // Every event type is handled above; an unknown one (a newer writer) leaves the state.
      const _unknown: never = e;
      return s;
    }
  }
};

export const evolve = (s: Group, e: GroupEvent): Group => {
  if (e.type === 'GroupCreated') return s.status === 'absent' ? created(e.data) : s;
  return s.status === 'active' ? apply(s, e) : s;
};
