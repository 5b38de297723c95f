import t from 'tap';
import { groupDecider, groupStream, isGroupMember, type GroupCommand, type GroupEvent } from '../../domain/group.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const group = spec(groupDecider);

const created: GroupEvent = { type: 'GroupCreated', data: { groupId: 'g1', name: 'family', ownerId: 'ann', memberIds: ['ann', 'bob'] } };
const add = (by: string, userIds: string[]): GroupCommand => ({ type: 'AddGroupMembers', data: { groupId: 'g1', userIds }, metadata: meta(at, by) });
const remove = (by: string, userId: string): GroupCommand => ({ type: 'RemoveGroupMember', data: { groupId: 'g1', userId }, metadata: meta(at, by) });
const removed = (userId: string, removedBy: string): GroupEvent => ({ type: 'GroupMemberRemoved', data: { groupId: 'g1', userId, removedBy } });

t.test('the stream id comes from the group id', async (t) => t.equal(groupStream('5'), 'group-5'));

t.test('the owner is a member, once', async (t) => {
  group.given([]).when({ type: 'CreateGroup', data: { groupId: 'g1', name: 'family', ownerId: 'ann', memberIds: ['bob', 'ann', 'bob'] }, metadata: meta(at, 'ann') }).then([created]);
  t.ok(isGroupMember(group.given([created]).state(), 'ann'));
  group.given([created]).when({ type: 'CreateGroup', data: { groupId: 'g1', name: 'x', ownerId: 'ann', memberIds: [] }, metadata: meta(at, 'ann') }).thenThrows('CONFLICT');
});

t.test('members may add; only new people are recorded', async () => {
  group.given([created]).when(add('bob', ['cat', 'ann', 'cat'])).then([{ type: 'GroupMembersAdded', data: { groupId: 'g1', userIds: ['cat'], addedBy: 'bob' } }]);
  group.given([created]).when(add('bob', ['ann'])).then([]);
  group.given([created]).when(add('eve', ['cat'])).thenThrows('FORBIDDEN');
  group.given([]).when(add('bob', ['cat'])).thenThrows('NOT_FOUND');
});

t.test('the owner removes others; members remove only themselves', async (t) => {
  group.given([created]).when(remove('ann', 'bob')).then([removed('bob', 'ann')]);
  group.given([created]).when(remove('bob', 'bob')).then([removed('bob', 'bob')]);
  group.given([created]).when(remove('bob', 'ann')).thenThrows('FORBIDDEN');
  group.given([created]).when(remove('ann', 'ann')).thenThrows('FORBIDDEN');
  group.given([created]).when(remove('eve', 'bob')).thenThrows('FORBIDDEN');
  group.given([created, removed('bob', 'bob')]).when(remove('ann', 'bob')).then([]);
  t.notOk(isGroupMember(group.given([created, removed('bob', 'bob')]).state(), 'bob'));
});
