// The push messages of a group's events (payloads: contracts/push.ts), and who loses the group's
// channel with them. Pure: an event in, its drafts out. Recipients that are not the whole group
// (the reviewers of an application, the members of a dismissed group) are named in the event,
// so this needs no lookup.
import { channel, type PushDraft, type PushMessageType, type PushPayload } from '../../contracts/push.js';
import type { GroupEvent } from '../../domain/group.js';
import type { AnyDomainEvent } from '../../domain/index.js';

/** A draft before its channel, still typed by its message type. */
type Unaddressed = { [T in PushMessageType]: { type: T; data: PushPayload<T> } }[PushMessageType];

const onGroup = (groupId: string, draft: Unaddressed): PushDraft => ({ ...draft, channel: channel.group(groupId) });
const toUsers = (userIds: readonly string[], draft: Unaddressed): PushDraft[] => userIds.map((u) => ({ ...draft, channel: channel.user(u) }));

const membership = (e: Extract<GroupEvent, { type: 'GroupCreated' | 'GroupMembersAdded' | 'GroupMemberRemoved' | 'GroupDismissed' }>): PushDraft[] => {
  switch (e.type) {
    case 'GroupCreated': {
      const { groupId, memberIds, ownerId } = e.data;
      return toUsers(memberIds, { type: 'group.member', data: { action: 'joined', groupId, userIds: memberIds, by: ownerId, via: 'created' } });
    }
    case 'GroupMembersAdded': {
      const { groupId, userIds, addedBy } = e.data;
      const m = { type: 'group.member', data: { action: 'joined', groupId, userIds, by: addedBy, via: e.data.via ?? 'invite' } } as const;
      return [onGroup(groupId, m), ...toUsers(userIds, m)];
    }
    case 'GroupMemberRemoved': {
      const { groupId, userId, removedBy } = e.data;
      if (removedBy === userId) return [onGroup(groupId, { type: 'group.member', data: { action: 'left', groupId, userId } })];
      const m = { type: 'group.member', data: { action: 'kicked', groupId, userId, by: removedBy } } as const;
      return [onGroup(groupId, m), ...toUsers([userId], m)];
    }
    case 'GroupDismissed':
      return toUsers(e.data.memberIds, { type: 'group.dismissed', data: { groupId: e.data.groupId, by: e.data.by } });
    default: {
      const never: never = e;
      return never;
    }
  }
};

const applications = (e: Extract<GroupEvent, { type: 'GroupJoinRequested' | 'GroupJoinApproved' | 'GroupJoinRejected' }>): PushDraft[] => {
  switch (e.type) {
    case 'GroupJoinRequested': {
      const { groupId, applicationId, applicantId, message, reviewerIds } = e.data;
      return toUsers(reviewerIds, { type: 'group.application', data: { groupId, applicationId, applicantId, ...(message !== undefined ? { message } : {}) } });
    }
    case 'GroupJoinApproved': {
      const { groupId, applicationId, applicantId, by } = e.data;
      return toUsers([applicantId], { type: 'group.application.answer', data: { groupId, applicationId, status: 'approved', by } });
    }
    case 'GroupJoinRejected': {
      const { groupId, applicationId, applicantId, by, reason } = e.data;
      return toUsers([applicantId], { type: 'group.application.answer', data: { groupId, applicationId, status: 'rejected', by, ...(reason !== undefined ? { reason } : {}) } });
    }
    default: {
      const never: never = e;
      return never;
    }
  }
};

/** Every group event type announces something (the record keeps the list complete). */
const announced: Record<GroupEvent['type'], true> = {
  GroupCreated: true,
  GroupMembersAdded: true,
  GroupMemberRemoved: true,
  GroupDismissed: true,
  GroupProfileUpdated: true,
  GroupPermissionsSet: true,
  GroupMemberRoleChanged: true,
  GroupOwnershipOffered: true,
  GroupOwnershipOfferCancelled: true,
  GroupOwnershipTransferred: true,
  GroupJoinRequested: true,
  GroupJoinApproved: true,
  GroupJoinRejected: true,
  GroupMemberMuted: true,
  GroupMemberUnmuted: true,
  GroupMuteAllSet: true,
  GroupMemberNicknameSet: true,
  GroupNoticePosted: true,
  GroupNoticeEdited: true,
  GroupNoticeDeleted: true,
  GroupLevelSet: true,
  GroupLevelExpired: true,
  GroupPaidSeatHeld: true,
  GroupPaidSeatReleased: true,
  GroupMemberExtSet: true,
  GroupMemberJoinMethodRecorded: true,
};
export const groupEventTypes = Object.keys(announced) as GroupEvent['type'][];

/** The messages a group event announces. */
export const groupMessages = (e: GroupEvent): PushDraft[] => {
  switch (e.type) {
    case 'GroupCreated':
    case 'GroupMembersAdded':
    case 'GroupMemberRemoved':
    case 'GroupDismissed':
      return membership(e);
    case 'GroupJoinRequested':
    case 'GroupJoinApproved':
    case 'GroupJoinRejected':
      return applications(e);
    case 'GroupProfileUpdated':
      return [onGroup(e.data.groupId, { type: 'group.updated', data: { what: 'profile', ...e.data } })];
    case 'GroupPermissionsSet': {
      const { groupId, by, join, membersMayAddFriends } = e.data;
      const policy = { joinMode: join.mode, ...(join.question !== undefined ? { question: join.question } : {}), ...(join.fee !== undefined ? { fee: join.fee } : {}) };
      return [onGroup(groupId, { type: 'group.updated', data: { what: 'permissions', groupId, by, ...policy, membersMayAddFriends } })];
    }
    case 'GroupMuteAllSet':
      return [onGroup(e.data.groupId, { type: 'group.updated', data: { what: 'mute_all', ...e.data } })];
    case 'GroupLevelSet':
      return [onGroup(e.data.groupId, { type: 'group.updated', data: { what: 'level', groupId: e.data.groupId, level: e.data.level, expiresAt: e.data.expiresAt ?? null } })];
    case 'GroupLevelExpired':
      return [onGroup(e.data.groupId, { type: 'group.updated', data: { what: 'level', groupId: e.data.groupId, level: 0, expiresAt: null } })];
    case 'GroupMemberRoleChanged':
      return [onGroup(e.data.groupId, { type: 'group.role', data: e.data })];
    case 'GroupOwnershipTransferred': {
      const { groupId, from, to, formerOwnerRole } = e.data;
      return [onGroup(groupId, { type: 'group.role', data: { groupId, userId: to, role: 'owner', by: to } }), onGroup(groupId, { type: 'group.role', data: { groupId, userId: from, role: formerOwnerRole, by: to } })];
    }
    case 'GroupOwnershipOffered':
      return toUsers([e.data.to], { type: 'group.ownership', data: { action: 'offered', groupId: e.data.groupId, to: e.data.to, by: e.data.from } });
    case 'GroupOwnershipOfferCancelled':
      return toUsers([e.data.to], { type: 'group.ownership', data: { action: 'cancelled', ...e.data } });
    case 'GroupMemberMuted':
      return [onGroup(e.data.groupId, { type: 'group.mute', data: e.data })];
    case 'GroupMemberUnmuted':
      return [onGroup(e.data.groupId, { type: 'group.mute', data: { ...e.data, until: null } })];
    case 'GroupMemberNicknameSet':
      return [onGroup(e.data.groupId, { type: 'group.card', data: e.data })];
    case 'GroupNoticePosted':
      return [onGroup(e.data.groupId, { type: 'group.notice', data: { action: 'posted', ...e.data } })];
    case 'GroupNoticeEdited':
      return [onGroup(e.data.groupId, { type: 'group.notice', data: { action: 'edited', ...e.data } })];
    case 'GroupNoticeDeleted':
      return [onGroup(e.data.groupId, { type: 'group.notice', data: { action: 'deleted', ...e.data } })];
    // A seat held while a paid join's fee is debited is internal: the admission (or nothing) is told.
    case 'GroupPaidSeatHeld':
    case 'GroupPaidSeatReleased':
      return [];
    // Seen only by the owner, admins and the member (README, Groups): the group channel would tell every member.
    case 'GroupMemberExtSet':
    case 'GroupMemberJoinMethodRecorded':
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
};

/**
 * Who loses the group's channel with this event: a member who left or was kicked, every member
 * of a dismissed group. The gateway ends their subscriptions before the event's messages go out.
 */
export const groupRevocations = (e: AnyDomainEvent): { channel: string; userId: string }[] => {
  if (e.type === 'GroupMemberRemoved') return [{ channel: channel.group(e.data.groupId), userId: e.data.userId }];
  if (e.type === 'GroupDismissed') return e.data.memberIds.map((userId) => ({ channel: channel.group(e.data.groupId), userId }));
  return [];
};
