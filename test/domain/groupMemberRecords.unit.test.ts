// A group member's extension field and join method (003 updateGroupMember types 3 and 4): who may
// set them, what the group records by itself (invited, or asked to join), and what it refuses to
// have overwritten.
import t from 'tap';
import { groupDecider, type GroupCommand, type GroupEvent } from '../../domain/group.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const G = 'g1';
const group = spec(groupDecider);

type Data<T extends GroupCommand['type']> = Omit<Extract<GroupCommand, { type: T }>['data'], 'groupId'>;
const cmd = <T extends GroupCommand['type']>(type: T, by: string | undefined, data: Data<T>): GroupCommand => ({ type, data: { groupId: G, ...data }, metadata: meta(at, by) }) as GroupCommand;
const setExt = (by: string | undefined, userId: string, ext: string) => cmd('SetMemberExt', by, { userId, ext });
const record = (by: string | undefined, userId: string, method: 'invitation' | 'search' | 'qr_code') => cmd('RecordJoinMethod', by, { userId, method });

/** ann owns (created with bob); cat an admin who joined freely; dan asked and was approved; eve was invited by bob. */
const base: GroupEvent[] = [
  { type: 'GroupCreated', data: { groupId: G, name: 'family', ownerId: 'ann', memberIds: ['ann', 'bob'] } },
  { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['cat'], addedBy: 'cat', via: 'join' } },
  { type: 'GroupMemberRoleChanged', data: { groupId: G, userId: 'cat', role: 'admin', by: 'ann' } },
  { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['dan'], addedBy: 'ann', via: 'application' } },
  { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['eve'], addedBy: 'bob' } },
];
const memberOf = (events: GroupEvent[], userId: string) => {
  const s = group.given(events).state();
  return s.status === 'active' ? s.members.get(userId) : undefined;
};

t.test('given a group, the join method is what the group saw: none for the creator, invitation for those brought in, request for those who asked', async (t) => {
  t.equal(memberOf(base, 'ann')?.joinMethod, undefined);
  t.equal(memberOf(base, 'bob')?.joinMethod, 'invitation', 'listed at creation');
  t.equal(memberOf(base, 'cat')?.joinMethod, 'request', 'joined a free group');
  t.equal(memberOf(base, 'dan')?.joinMethod, 'request', 'approved application');
  t.equal(memberOf(base, 'eve')?.joinMethod, 'invitation', 'an old event without via was an invitation');
});

t.test('when the owner or an admin sets a member ext, it is recorded; the same again is a no-op; empty clears it', async (t) => {
  const [set] = group.given(base).when(setExt('ann', 'dan', 'vip')).then([{ type: 'GroupMemberExtSet', data: { groupId: G, userId: 'dan', ext: 'vip', by: 'ann' } }]);
  t.ok(set);
  const withExt = [...base, ...(set ? [set] : [])];
  t.equal(memberOf(withExt, 'dan')?.ext, 'vip');
  group.given(withExt).when(setExt('cat', 'dan', 'vip')).then([]);
  const [cleared] = group.given(withExt).when(setExt('cat', 'dan', '')).then([{ type: 'GroupMemberExtSet', data: { groupId: G, userId: 'dan', ext: '', by: 'cat' } }]);
  t.equal(memberOf([...withExt, ...(cleared ? [cleared] : [])], 'dan')?.ext, undefined);
  group.given(base).when(setExt('ann', 'dan', '')).then([]);
});

t.test('then others may not set ext: a member FORBIDDEN (also their own), an outsider FORBIDDEN, a non-member target NOT_FOUND, bad text VALIDATION_FAILED', async () => {
  group.given(base).when(setExt('dan', 'dan', 'me')).thenThrows('FORBIDDEN');
  group.given(base).when(setExt('bob', 'dan', 'x')).thenThrows('FORBIDDEN');
  group.given(base).when(setExt('zed', 'dan', 'x')).thenThrows('FORBIDDEN');
  group.given(base).when(setExt('ann', 'zed', 'x')).thenThrows('NOT_FOUND');
  group.given(base).when(setExt('ann', 'dan', 'x'.repeat(501))).thenThrows('VALIDATION_FAILED', { field: 'ext' });
  group.given(base).when(setExt('ann', 'dan', 'a\u0000b')).thenThrows('VALIDATION_FAILED', { field: 'ext' });
  group.given(base).when(setExt(undefined, 'dan', 'x')).thenThrows('UNAUTHENTICATED');
  group.given([]).when(setExt('ann', 'dan', 'x')).thenThrows('NOT_FOUND');
});

t.test('when a manager records the channel of a member who asked, it is kept; the same again is a no-op; another channel replaces it', async (t) => {
  const [qr] = group.given(base).when(record('cat', 'dan', 'qr_code')).then([{ type: 'GroupMemberJoinMethodRecorded', data: { groupId: G, userId: 'dan', method: 'qr_code', by: 'cat' } }]);
  const after = [...base, ...(qr ? [qr] : [])];
  t.equal(memberOf(after, 'dan')?.joinMethod, 'qr_code');
  group.given(after).when(record('ann', 'dan', 'qr_code')).then([]);
  group.given(after).when(record('ann', 'dan', 'search')).then([{ type: 'GroupMemberJoinMethodRecorded', data: { groupId: G, userId: 'dan', method: 'search', by: 'ann' } }]);
});

t.test('then what the group saw stands: an invited member is not recorded as found, one who asked is not recorded as invited (CONFLICT)', async () => {
  group.given(base).when(record('ann', 'eve', 'invitation')).then([]);
  group.given(base).when(record('ann', 'eve', 'search')).thenThrows('CONFLICT', { joinMethod: 'invitation' });
  group.given(base).when(record('ann', 'dan', 'invitation')).thenThrows('CONFLICT', { joinMethod: 'request' });
});

t.test('then only the owner and admins record, for members, and only the three methods', async () => {
  group.given(base).when(record('dan', 'dan', 'search')).thenThrows('FORBIDDEN');
  group.given(base).when(record('zed', 'dan', 'search')).thenThrows('FORBIDDEN');
  group.given(base).when(record('ann', 'zed', 'search')).thenThrows('NOT_FOUND');
  group.given(base).when(cmd('RecordJoinMethod', 'ann', { userId: 'dan', method: 'request' as 'search' })).thenThrows('VALIDATION_FAILED', { field: 'method' });
});

t.test('given a member who left and came back by asking, the old records are gone', async (t) => {
  const events: GroupEvent[] = [
    ...base,
    { type: 'GroupMemberExtSet', data: { groupId: G, userId: 'eve', ext: 'old', by: 'ann' } },
    { type: 'GroupMemberRemoved', data: { groupId: G, userId: 'eve', removedBy: 'eve' } },
    { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['eve'], addedBy: 'eve', via: 'join' } },
  ];
  t.same(memberOf(events, 'eve'), { role: 'member', nickname: '', joinMethod: 'request' });
});
