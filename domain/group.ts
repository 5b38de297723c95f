// A chat group: who belongs to it. Group red packets ask it who is eligible.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { PersistentSet } from './persistent.js';
import { actor, requireId, requireText } from './rules.js';

export const MAX_GROUP_NAME_LENGTH = 100;

/** memberIds includes the owner, without duplicates. */
export type GroupCreated = { type: 'GroupCreated'; data: { groupId: string; name: string; ownerId: string; memberIds: string[] } };
/** userIds lists only those who were not members yet. */
export type GroupMembersAdded = { type: 'GroupMembersAdded'; data: { groupId: string; userIds: string[]; addedBy: string } };
export type GroupMemberRemoved = { type: 'GroupMemberRemoved'; data: { groupId: string; userId: string; removedBy: string } };
export type GroupEvent = GroupCreated | GroupMembersAdded | GroupMemberRemoved;

export type CreateGroup = { type: 'CreateGroup'; data: { groupId: string; name: string; ownerId: string; memberIds: string[] }; metadata: CommandMetadata };
/** Any member (metadata.userId) may add people. */
export type AddGroupMembers = { type: 'AddGroupMembers'; data: { groupId: string; userIds: string[] }; metadata: CommandMetadata };
/** The owner removes anyone else; a member removes only themselves. */
export type RemoveGroupMember = { type: 'RemoveGroupMember'; data: { groupId: string; userId: string }; metadata: CommandMetadata };
export type GroupCommand = CreateGroup | AddGroupMembers | RemoveGroupMember;

export type Group = { status: 'absent' } | { status: 'active'; groupId: string; name: string; ownerId: string; members: PersistentSet };

export const initialState = (): Group => ({ status: 'absent' });

/** For red packet eligibility and group channel subscriptions. */
export const isGroupMember = (s: Group, userId: string): boolean => s.status === 'active' && s.members.has(userId);

export const evolve = (s: Group, e: GroupEvent): Group => {
  switch (e.type) {
    case 'GroupCreated':
      if (s.status !== 'absent') return s;
      return { status: 'active', groupId: e.data.groupId, name: e.data.name, ownerId: e.data.ownerId, members: PersistentSet.from(e.data.memberIds) };
    case 'GroupMembersAdded': {
      if (s.status !== 'active') return s;
      let members = s.members;
      for (const id of e.data.userIds) members = members.add(id);
      return { ...s, members };
    }
    case 'GroupMemberRemoved': {
      if (s.status !== 'active') return s;
      return { ...s, members: s.members.delete(e.data.userId) };
    }
    default:
      return s;
  }
};

const active = (s: Group, groupId: string): Extract<Group, { status: 'active' }> =>
  s.status === 'active' ? s : fail('NOT_FOUND', 'no such group', { groupId });

const create = (c: CreateGroup, s: Group): GroupEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this group already exists', { groupId: c.data.groupId });
  const { groupId, name, ownerId, memberIds } = c.data;
  requireId('groupId', groupId);
  requireId('ownerId', ownerId);
  requireText('name', name, { max: MAX_GROUP_NAME_LENGTH });
  const members = [...new Set([ownerId, ...memberIds.map((id) => requireId('memberIds[]', id))])];
  return [{ type: 'GroupCreated', data: { groupId, name, ownerId, memberIds: members } }];
};

export const decide = (c: GroupCommand, s: Group): GroupEvent[] => {
  switch (c.type) {
    case 'CreateGroup':
      return create(c, s);
    case 'AddGroupMembers': {
      const group = active(s, c.data.groupId);
      const by = actor(c.metadata);
      if (!group.members.has(by)) return fail('FORBIDDEN', 'only members may add members');
      const fresh = [...new Set(c.data.userIds.map((id) => requireId('userIds[]', id)))].filter((id) => !group.members.has(id));
      return fresh.length === 0 ? [] : [{ type: 'GroupMembersAdded', data: { groupId: group.groupId, userIds: fresh, addedBy: by } }];
    }
    case 'RemoveGroupMember': {
      const group = active(s, c.data.groupId);
      const by = actor(c.metadata);
      const { userId } = c.data;
      if (userId === group.ownerId) return fail('FORBIDDEN', 'the owner cannot be removed');
      if (by !== group.ownerId && by !== userId) return fail('FORBIDDEN', 'only the owner may remove other members');
      if (!group.members.has(userId)) return [];
      return [{ type: 'GroupMemberRemoved', data: { groupId: group.groupId, userId, removedBy: by } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const groupStream = (groupId: string): string => `group-${groupId}`;

export const groupDecider: Decider<Group, GroupCommand, GroupEvent> = { initialState, evolve, decide };
