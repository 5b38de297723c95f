// The group aggregate, rule by rule: creation and limits, invitations, leaving and kicks, roles
// and the admin cap, the ownership hand-over, dismissal, join policies and applications, the
// paid-join seam, profile and permissions, mutes and mute-all, cards, notices, levels and their
// expiry; then a property: no sequence of commands leaves two owners, more admins than the cap,
// or a member added past the cap.
import fc from 'fast-check';
import t from 'tap';
import {
  DEFAULT_GROUP_LIMITS,
  canEditNotice,
  groupDecider,
  groupStream,
  isGroupMember,
  memberCap,
  memberIds,
  postRefusal,
  roleOf,
  type Group,
  type GroupCommand,
  type GroupEvent,
  type GroupLimits,
} from '../../domain/group.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const later = (seconds: number) => new Date(Date.parse(at) + seconds * 1000).toISOString();
const group = spec(groupDecider);
const G = 'g1';
const limits: GroupLimits = { maxAdmins: 2, sizeByLevel: [4, 5, 6, 7, 8] };

type Data<T extends GroupCommand['type']> = Omit<Extract<GroupCommand, { type: T }>['data'], 'groupId'>;
const cmd = <T extends GroupCommand['type']>(type: T, by: string | undefined, data: Data<T>, when = at): GroupCommand =>
  ({ type, data: { groupId: G, ...data }, metadata: meta(when, by) }) as GroupCommand;

const created = (memberIds = ['ann', 'bob', 'cat']): GroupEvent => ({ type: 'GroupCreated', data: { groupId: G, name: 'family', ownerId: 'ann', memberIds, markId: '100000', limits } });
const admin = (userId: string): GroupEvent => ({ type: 'GroupMemberRoleChanged', data: { groupId: G, userId, role: 'admin', by: 'ann' } });
const added = (userIds: string[], addedBy = 'ann', via: 'invite' | 'join' | 'answer' | 'application' | 'payment' = 'invite'): GroupEvent => ({
  type: 'GroupMembersAdded',
  data: { groupId: G, userIds, addedBy, via },
});
const removed = (userId: string, removedBy: string): GroupEvent => ({ type: 'GroupMemberRemoved', data: { groupId: G, userId, removedBy } });
const policy = (join: Extract<GroupEvent, { type: 'GroupPermissionsSet' }>['data']['join'], membersMayAddFriends = true): GroupEvent => ({
  type: 'GroupPermissionsSet',
  data: { groupId: G, by: 'ann', join, membersMayAddFriends },
});
const requested = (applicantId: string, kind: 'approval' | 'payment' = 'approval', extra: { message?: string; fee?: number } = {}, reviewerIds = ['ann']): GroupEvent => ({
  type: 'GroupJoinRequested',
  data: { groupId: G, applicationId: `app-${applicantId}`, applicantId, kind, ...extra, reviewerIds: kind === 'approval' ? reviewerIds : [] },
});
/** ann owns; bob is an admin; cat a member. */
const base: GroupEvent[] = [created(), admin('bob')];

t.test('the stream id comes from the group id', async (t) => t.equal(groupStream('5'), 'group-5'));

t.test('creation: the owner is a member once, the limits and display id are recorded, a group starts within its cap', async (t) => {
  const create = (data: Partial<Data<'CreateGroup'>>) => cmd('CreateGroup', 'ann', { name: 'family', ownerId: 'ann', memberIds: ['bob', 'ann', 'bob', 'cat'], markId: '100000', limits, ...data });
  group.given([]).when(create({})).then([created()]);
  const s = group.given([created()]).state();
  t.same(memberIds(s), ['ann', 'bob', 'cat']);
  t.equal(roleOf(s, 'ann'), 'owner');
  t.equal(roleOf(s, 'bob'), 'member');
  group.given([]).when(cmd('CreateGroup', 'ann', { name: 'x', ownerId: 'ann', memberIds: [] })).then([{ type: 'GroupCreated', data: { groupId: G, name: 'x', ownerId: 'ann', memberIds: ['ann'], limits: DEFAULT_GROUP_LIMITS } }]);
  group.given([]).when(create({ memberIds: ['b', 'c', 'd', 'e'] })).thenThrows('GROUP_FULL', { cap: 4, members: 5 });
  group.given([]).when(create({ limits: { maxAdmins: -1, sizeByLevel: [1, 2, 3, 4, 5] } })).thenThrows('VALIDATION_FAILED', { field: 'limits' });
  group.given([]).when(create({ limits: { maxAdmins: 5, sizeByLevel: [100, 200, 500, 1000, 2001] } })).thenThrows('VALIDATION_FAILED', { field: 'limits' });
  group.given([]).when(create({ limits: { maxAdmins: 5, sizeByLevel: [100, 200] } })).thenThrows('VALIDATION_FAILED', { field: 'limits' });
  group.given([]).when(create({ name: ' ' })).thenThrows('VALIDATION_FAILED', { field: 'name' });
  group.given([created()]).when(create({})).thenThrows('CONFLICT');
  // A group created before limits were recorded has the default ones.
  const old = group.given([{ type: 'GroupCreated', data: { groupId: G, name: 'old', ownerId: 'ann', memberIds: ['ann'] } }]).state();
  t.equal(old.status === 'active' && memberCap(old), 100);
});

t.test('invitations: managers always, members while the group is free or invite-only, never past the cap', async () => {
  group.given(base).when(cmd('AddGroupMembers', 'cat', { userIds: ['dan', 'ann', 'dan'] })).then([added(['dan'], 'cat')]);
  group.given(base).when(cmd('AddGroupMembers', 'cat', { userIds: ['ann'] })).then([]);
  group.given([...base, policy({ mode: 'invite' })]).when(cmd('AddGroupMembers', 'cat', { userIds: ['dan'] })).then([added(['dan'], 'cat')]);
  for (const join of [{ mode: 'approval' as const }, { mode: 'closed' as const }, { mode: 'paid' as const, fee: 100 }, { mode: 'answer' as const, question: 'q', answer: 'a' }]) {
    group.given([...base, policy(join)]).when(cmd('AddGroupMembers', 'cat', { userIds: ['dan'] })).thenThrows('FORBIDDEN');
    group.given([...base, policy(join)]).when(cmd('AddGroupMembers', 'bob', { userIds: ['dan'] })).then([added(['dan'], 'bob')]);
  }
  group.given(base).when(cmd('AddGroupMembers', 'eve', { userIds: ['dan'] })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('AddGroupMembers', 'ann', { userIds: ['dan', 'eve'] })).thenThrows('GROUP_FULL', { cap: 4, members: 3 });
  group.given([]).when(cmd('AddGroupMembers', 'ann', { userIds: ['dan'] })).thenThrows('NOT_FOUND');
  group.given(base).when(cmd('AddGroupMembers', undefined, { userIds: ['dan'] })).thenThrows('UNAUTHENTICATED');
});

t.test('leaving and kicks: never the owner, never yourself by a kick, admins never other admins, a batch all or nothing', async (t) => {
  group.given(base).when(cmd('RemoveGroupMember', 'cat', { userId: 'cat' })).then([removed('cat', 'cat')]);
  group.given(base).when(cmd('RemoveGroupMember', 'ann', { userId: 'ann' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('RemoveGroupMember', 'bob', { userId: 'cat' })).then([removed('cat', 'bob')]);
  group.given(base).when(cmd('RemoveGroupMember', 'cat', { userId: 'bob' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('RemoveGroupMember', 'bob', { userId: 'ann' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('RemoveGroupMember', 'eve', { userId: 'cat' })).thenThrows('FORBIDDEN');
  group.given([...base, admin('cat')]).when(cmd('RemoveGroupMember', 'bob', { userId: 'cat' })).thenThrows('FORBIDDEN');
  group.given([...base, admin('cat')]).when(cmd('RemoveGroupMember', 'ann', { userId: 'cat' })).then([removed('cat', 'ann')]);
  group.given([...base, removed('cat', 'cat')]).when(cmd('RemoveGroupMember', 'ann', { userId: 'cat' })).then([]);
  t.notOk(isGroupMember(group.given([...base, removed('cat', 'cat')]).state(), 'cat'));

  const four = [created(['ann', 'bob', 'cat', 'dan']), admin('bob')];
  group.given(four).when(cmd('KickGroupMembers', 'bob', { userIds: ['cat', 'dan', 'zed'] })).then([removed('cat', 'bob'), removed('dan', 'bob')]);
  group.given(four).when(cmd('KickGroupMembers', 'bob', { userIds: ['cat', 'ann'] })).thenThrows('FORBIDDEN');
  group.given(four).when(cmd('KickGroupMembers', 'ann', { userIds: ['cat', 'ann'] })).thenThrows('FORBIDDEN');
  group.given(four).when(cmd('KickGroupMembers', 'bob', { userIds: ['bob'] })).thenThrows('FORBIDDEN');
  group.given(four).when(cmd('KickGroupMembers', 'cat', { userIds: ['dan'] })).thenThrows('FORBIDDEN');
  group.given([...four, admin('cat')]).when(cmd('KickGroupMembers', 'bob', { userIds: ['dan', 'cat'] })).thenThrows('FORBIDDEN');
  // A kicked admin's seat is free again.
  const s = group.given([...four, admin('cat'), removed('cat', 'ann')]).state();
  t.equal(s.status === 'active' && s.adminCount, 1);
});

t.test('roles: the owner appoints admins up to the cap and dismisses them; nobody else changes roles', async (t) => {
  group.given(base).when(cmd('SetMemberRole', 'ann', { userId: 'cat', role: 'admin' })).then([admin('cat')]);
  group.given([created(['ann', 'bob', 'cat', 'dan']), admin('bob'), admin('cat')]).when(cmd('SetMemberRole', 'ann', { userId: 'dan', role: 'admin' })).thenThrows('TOO_MANY_ADMINS', { max: 2 });
  group.given(base).when(cmd('SetMemberRole', 'ann', { userId: 'bob', role: 'member' })).then([{ type: 'GroupMemberRoleChanged', data: { groupId: G, userId: 'bob', role: 'member', by: 'ann' } }]);
  group.given(base).when(cmd('SetMemberRole', 'ann', { userId: 'bob', role: 'admin' })).then([]);
  group.given(base).when(cmd('SetMemberRole', 'bob', { userId: 'cat', role: 'admin' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('SetMemberRole', 'ann', { userId: 'ann', role: 'member' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('SetMemberRole', 'ann', { userId: 'zed', role: 'admin' })).thenThrows('NOT_FOUND');
  const s = group.given([...base, admin('cat')]).state();
  t.equal(s.status === 'active' && s.adminCount, 2);
});

t.test('ownership: offered to a member, accepted by them only; one owner always; the former owner keeps an admin seat when one is free', async (t) => {
  const offered: GroupEvent = { type: 'GroupOwnershipOffered', data: { groupId: G, from: 'ann', to: 'cat' } };
  group.given(base).when(cmd('OfferOwnership', 'ann', { userId: 'cat' })).then([offered]);
  group.given([...base, offered]).when(cmd('OfferOwnership', 'ann', { userId: 'cat' })).then([]);
  group.given(base).when(cmd('OfferOwnership', 'bob', { userId: 'cat' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('OfferOwnership', 'ann', { userId: 'zed' })).thenThrows('NOT_FOUND');
  group.given(base).when(cmd('OfferOwnership', 'ann', { userId: 'ann' })).thenThrows('CONFLICT');
  group.given([...base, offered]).when(cmd('AcceptOwnership', 'bob', {})).thenThrows('NOT_FOUND');
  const transferred = group.given([...base, offered]).when(cmd('AcceptOwnership', 'cat', {}));
  transferred.then([{ type: 'GroupOwnershipTransferred', data: { groupId: G, from: 'ann', to: 'cat', formerOwnerRole: 'admin' } }]);
  const s = transferred.thenState();
  t.equal(s.status === 'active' && s.ownerId, 'cat');
  t.same([roleOf(s, 'ann'), roleOf(s, 'bob'), roleOf(s, 'cat')], ['admin', 'admin', 'owner']);
  t.equal(s.status === 'active' && s.adminCount, 2);
  // No seat free: the former owner becomes a member.
  const full = [...base, admin('cat'), { type: 'GroupOwnershipOffered', data: { groupId: G, from: 'ann', to: 'cat' } } as GroupEvent, { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['dan'], addedBy: 'ann' } } as GroupEvent];
  const toDan = [...base, admin('cat'), { type: 'GroupMembersAdded', data: { groupId: G, userIds: ['dan'], addedBy: 'ann' } } as GroupEvent, { type: 'GroupOwnershipOffered', data: { groupId: G, from: 'ann', to: 'dan' } } as GroupEvent];
  group.given(toDan).when(cmd('AcceptOwnership', 'dan', {})).then([{ type: 'GroupOwnershipTransferred', data: { groupId: G, from: 'ann', to: 'dan', formerOwnerRole: 'member' } }]);
  group.given(full).when(cmd('AcceptOwnership', 'cat', {})).then([{ type: 'GroupOwnershipTransferred', data: { groupId: G, from: 'ann', to: 'cat', formerOwnerRole: 'admin' } }]);
  // The former owner no longer acts as owner; the offer is gone.
  const after = [...base, offered, { type: 'GroupOwnershipTransferred', data: { groupId: G, from: 'ann', to: 'cat', formerOwnerRole: 'admin' } } as GroupEvent];
  group.given(after).when(cmd('DismissGroup', 'ann', {})).thenThrows('FORBIDDEN');
  group.given(after).when(cmd('AcceptOwnership', 'cat', {})).thenThrows('NOT_FOUND');
  group.given(after).when(cmd('RemoveGroupMember', 'ann', { userId: 'ann' })).then([removed('ann', 'ann')]);
  // Withdrawn by the owner, declined by the member offered; nobody else.
  const cancelled = (by: string): GroupEvent => ({ type: 'GroupOwnershipOfferCancelled', data: { groupId: G, to: 'cat', by } });
  group.given([...base, offered]).when(cmd('CancelOwnershipOffer', 'ann', {})).then([cancelled('ann')]);
  group.given([...base, offered]).when(cmd('CancelOwnershipOffer', 'cat', {})).then([cancelled('cat')]);
  group.given([...base, offered]).when(cmd('CancelOwnershipOffer', 'bob', {})).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('CancelOwnershipOffer', 'ann', {})).then([]);
  // The member offered leaves: the offer goes with them.
  group.given([...base, offered, removed('cat', 'cat')]).when(cmd('AcceptOwnership', 'cat', {})).thenThrows('NOT_FOUND');
  const gone = group.given([...base, offered, removed('cat', 'bob')]).state();
  t.equal(gone.status === 'active' ? gone.offeredTo : 'dismissed', undefined);
});

t.test('dismissal: by the owner; everyone leaves; afterwards the group refuses every command and stays on record', async (t) => {
  const dismissed: GroupEvent = { type: 'GroupDismissed', data: { groupId: G, by: 'ann', memberIds: ['ann', 'bob', 'cat'] } };
  group.given(base).when(cmd('DismissGroup', 'ann', {})).then([dismissed]);
  group.given(base).when(cmd('DismissGroup', 'bob', {})).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('DismissGroup', 'eve', {})).thenThrows('FORBIDDEN');
  const s = group.given([...base, dismissed]).state();
  t.equal(s.status, 'dismissed');
  t.notOk(isGroupMember(s, 'ann'));
  t.same(postRefusal(s, 'ann', at), { reason: 'not_member' });
  t.equal(s.status === 'dismissed' && s.name, 'family', 'the profile stays on record');
  group.given([...base, dismissed]).when(cmd('DismissGroup', 'ann', {})).thenThrows('GROUP_DISMISSED');
  group.given([...base, dismissed]).when(cmd('JoinGroup', 'dan', { applicationId: 'a1' })).thenThrows('GROUP_DISMISSED');
  group.given([...base, dismissed]).when(cmd('AddGroupMembers', 'ann', { userIds: ['dan'] })).thenThrows('GROUP_DISMISSED');
  group.given([...base, dismissed]).when(cmd('SetGroupLevel', undefined, { level: 1 })).thenThrows('GROUP_DISMISSED');
  group.given([...base, dismissed]).when(cmd('ExpireGroupLevel', undefined, { term: 1 })).then([]);
  t.same(group.given([...base, dismissed, added(['dan'])]).state(), s, 'later events leave a dismissed group as it is');
});

t.test('join policies: free joins, invite-only and closed refuse, a correct answer joins, approval and paid apply', async (t) => {
  const join = (by: string, message?: string) => cmd('JoinGroup', by, { applicationId: `app-${by}`, ...(message !== undefined ? { message } : {}) });
  group.given(base).when(join('dan')).then([added(['dan'], 'dan', 'join')]);
  group.given(base).when(join('cat')).then([]);
  group.given([...base, policy({ mode: 'invite' })]).when(join('dan')).thenThrows('JOIN_CLOSED', { mode: 'invite' });
  group.given([...base, policy({ mode: 'closed' })]).when(join('dan')).thenThrows('JOIN_CLOSED', { mode: 'closed' });

  const quiz = [...base, policy({ mode: 'answer', question: 'Our dog?', answer: 'Rex' })];
  group.given(quiz).when(join('dan', '  rex ')).then([added(['dan'], 'dan', 'answer')]);
  group.given(quiz).when(join('dan', 'ＲＥＸ')).then([added(['dan'], 'dan', 'answer')]);
  group.given(quiz).when(join('dan', 'Max')).thenThrows('WRONG_ANSWER');
  group.given(quiz).when(join('dan')).thenThrows('VALIDATION_FAILED', { field: 'message' });

  const review = [...base, policy({ mode: 'approval' })];
  group.given(review).when(join('dan', 'hi')).then([requested('dan', 'approval', { message: 'hi' }, ['ann', 'bob'])]);
  group.given(review).when(join('dan')).then([requested('dan', 'approval', {}, ['ann', 'bob'])]);
  group.given([...review, requested('dan')]).when(join('dan', 'again')).then([]);
  const asked = [...base, policy({ mode: 'approval', question: 'Who are you?' })];
  group.given(asked).when(join('dan')).thenThrows('VALIDATION_FAILED', { field: 'message' });
  group.given(asked).when(join('dan', 'a cousin')).then([requested('dan', 'approval', { message: 'a cousin' }, ['ann', 'bob'])]);

  group.given([...base, policy({ mode: 'paid', fee: 500 })]).when(join('dan')).then([requested('dan', 'payment', { fee: 500 })]);
  // The cap holds at the door too.
  const full = [created(['ann', 'bob', 'cat', 'dan'])];
  group.given(full).when(join('eve')).thenThrows('GROUP_FULL');
  group.given([...full, policy({ mode: 'approval' })]).when(join('eve')).thenThrows('GROUP_FULL');
  t.pass();
});

t.test('applications: managers approve within the cap or reject; an invitation supersedes; a paid join waits for its payment', async (t) => {
  const review = [...base, policy({ mode: 'approval' }), requested('dan')];
  const approved: GroupEvent = { type: 'GroupJoinApproved', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', by: 'bob' } };
  group.given(review).when(cmd('DecideJoin', 'bob', { applicantId: 'dan', approve: true })).then([approved, added(['dan'], 'bob', 'application')]);
  group.given(review).when(cmd('DecideJoin', 'ann', { applicantId: 'dan', approve: false, reason: 'no room' })).then([
    { type: 'GroupJoinRejected', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', by: 'ann', reason: 'no room' } },
  ]);
  group.given(review).when(cmd('DecideJoin', 'cat', { applicantId: 'dan', approve: true })).thenThrows('FORBIDDEN');
  group.given(review).when(cmd('DecideJoin', 'ann', { applicantId: 'eve', approve: true })).thenThrows('NOT_FOUND');
  group.given([...review, approved, added(['dan'], 'bob', 'application')]).when(cmd('DecideJoin', 'ann', { applicantId: 'dan', approve: true })).thenThrows('NOT_FOUND');
  // At the cap, approval waits: the application stays pending.
  const full = [...review, requested('eve'), added(['zed'])];
  const atCap = group.given(full).when(cmd('DecideJoin', 'ann', { applicantId: 'eve', approve: true }));
  atCap.thenThrows('GROUP_FULL');
  const s = group.given(full).state();
  t.ok(s.status === 'active' && s.applications.has('eve'));
  // Invited in: the application is settled.
  t.notOk(((s2: Group) => s2.status === 'active' && s2.applications.has('dan'))(group.given([...review, added(['dan'])]).state()));

  const paid = [...base, policy({ mode: 'paid', fee: 500 }), requested('dan', 'payment', { fee: 500 })];
  group.given(paid).when(cmd('DecideJoin', 'ann', { applicantId: 'dan', approve: true })).thenThrows('CONFLICT');
  group.given(paid).when(cmd('DecideJoin', 'ann', { applicantId: 'dan', approve: false })).then([{ type: 'GroupJoinRejected', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', by: 'ann' } }]);
  const admitted = [
    { type: 'GroupJoinApproved', data: { groupId: G, applicationId: 'app-dan', applicantId: 'dan', by: 'dan', paymentRef: 'pay-1' } } as GroupEvent,
    added(['dan'], 'dan', 'payment'),
  ];
  group.given(paid).when(cmd('AdmitPaidJoin', undefined, { applicantId: 'dan', paymentRef: 'pay-1' })).then(admitted);
  group.given([...paid, ...admitted]).when(cmd('AdmitPaidJoin', undefined, { applicantId: 'dan', paymentRef: 'pay-1' })).then([]);
  group.given(paid).when(cmd('AdmitPaidJoin', undefined, { applicantId: 'eve', paymentRef: 'pay-2' })).thenThrows('NOT_FOUND');
  group.given([...review]).when(cmd('AdmitPaidJoin', undefined, { applicantId: 'dan', paymentRef: 'pay-2' })).thenThrows('NOT_FOUND');
  group.given([...paid, added(['zed'])]).when(cmd('AdmitPaidJoin', undefined, { applicantId: 'dan', paymentRef: 'pay-1' })).thenThrows('GROUP_FULL');
});

t.test('permissions: managers set the join policy, its shape is checked, a fee is the owner’s alone', async () => {
  const set = (by: string, data: Data<'SetGroupPermissions'>) => cmd('SetGroupPermissions', by, data);
  group.given(base).when(set('bob', { join: { mode: 'approval', question: 'Why?' } })).then([
    { type: 'GroupPermissionsSet', data: { groupId: G, by: 'bob', join: { mode: 'approval', question: 'Why?' }, membersMayAddFriends: true } },
  ]);
  group.given(base).when(set('ann', { membersMayAddFriends: false })).then([{ type: 'GroupPermissionsSet', data: { groupId: G, by: 'ann', join: { mode: 'free' }, membersMayAddFriends: false } }]);
  group.given(base).when(set('ann', { join: { mode: 'free' } })).then([]);
  group.given(base).when(set('cat', { join: { mode: 'closed' } })).thenThrows('FORBIDDEN');
  group.given(base).when(set('bob', { join: { mode: 'paid', fee: 100 } })).thenThrows('FORBIDDEN');
  group.given(base).when(set('ann', { join: { mode: 'paid', fee: 100 } })).then([{ type: 'GroupPermissionsSet', data: { groupId: G, by: 'ann', join: { mode: 'paid', fee: 100 }, membersMayAddFriends: true } }]);
  group.given([...base, policy({ mode: 'paid', fee: 100 })]).when(set('bob', { join: { mode: 'paid', fee: 1 } })).thenThrows('FORBIDDEN');
  group.given([...base, policy({ mode: 'paid', fee: 100 })]).when(set('bob', { join: { mode: 'closed' } })).then([
    { type: 'GroupPermissionsSet', data: { groupId: G, by: 'bob', join: { mode: 'closed' }, membersMayAddFriends: true } },
  ]);
  group.given(base).when(set('ann', { join: { mode: 'answer', question: 'q' } })).thenThrows('VALIDATION_FAILED', { field: 'join.answer' });
  group.given(base).when(set('ann', { join: { mode: 'paid' } })).thenThrows('VALIDATION_FAILED', { field: 'join.fee' });
  group.given(base).when(set('ann', { join: { mode: 'paid', fee: 0 } })).thenThrows('VALIDATION_FAILED', { field: 'join.fee' });
  group.given(base).when(set('ann', { join: { mode: 'free', question: 'q' } })).thenThrows('VALIDATION_FAILED', { field: 'join.question' });
  group.given(base).when(set('ann', { join: { mode: 'approval', answer: 'a' } })).thenThrows('VALIDATION_FAILED', { field: 'join.answer' });
  group.given(base).when(set('ann', { join: { mode: 'weird' as 'free' } })).thenThrows('VALIDATION_FAILED', { field: 'join.mode' });
  group.given(base).when(set('ann', { join: { mode: 'answer', question: 'q\u0000', answer: 'a' } })).thenThrows('VALIDATION_FAILED', { field: 'join.question' });
});

t.test('profile: managers change name, avatar and description; only what changed is recorded', async () => {
  const upd = (by: string, data: Data<'UpdateGroupProfile'>) => cmd('UpdateGroupProfile', by, data);
  group.given(base).when(upd('bob', { name: 'clan', description: 'all of us' })).then([{ type: 'GroupProfileUpdated', data: { groupId: G, by: 'bob', name: 'clan', description: 'all of us' } }]);
  group.given(base).when(upd('ann', { name: 'family', avatarUrl: 'https://x/a.png' })).then([{ type: 'GroupProfileUpdated', data: { groupId: G, by: 'ann', avatarUrl: 'https://x/a.png' } }]);
  group.given(base).when(upd('ann', { name: 'family' })).then([]);
  group.given(base).when(upd('ann', {})).thenThrows('VALIDATION_FAILED');
  group.given(base).when(upd('cat', { name: 'mine' })).thenThrows('FORBIDDEN');
  group.given(base).when(upd('ann', { name: 'x'.repeat(101) })).thenThrows('VALIDATION_FAILED', { field: 'name' });
  group.given(base).when(upd('ann', { description: 'bad\u0007' })).thenThrows('VALIDATION_FAILED', { field: 'description' });
});

t.test('mutes: up to 7 days, never the owner, admins only over members; mute-all leaves managers their voice', async (t) => {
  const mute = (by: string, userId: string, seconds: number) => cmd('MuteMember', by, { userId, seconds });
  const muted: GroupEvent = { type: 'GroupMemberMuted', data: { groupId: G, userId: 'cat', until: later(600), by: 'bob' } };
  group.given(base).when(mute('bob', 'cat', 600)).then([muted]);
  group.given(base).when(mute('bob', 'cat', 7 * 86400)).then([{ type: 'GroupMemberMuted', data: { groupId: G, userId: 'cat', until: later(7 * 86400), by: 'bob' } }]);
  group.given(base).when(mute('bob', 'cat', 7 * 86400 + 1)).thenThrows('VALIDATION_FAILED', { field: 'seconds', max: 604800 });
  group.given(base).when(mute('bob', 'cat', -1)).thenThrows('VALIDATION_FAILED', { field: 'seconds' });
  group.given(base).when(mute('bob', 'cat', 1.5)).thenThrows('VALIDATION_FAILED', { field: 'seconds' });
  group.given(base).when(mute('bob', 'ann', 60)).thenThrows('FORBIDDEN');
  group.given(base).when(mute('ann', 'ann', 60)).thenThrows('FORBIDDEN');
  group.given([...base, admin('cat')]).when(mute('bob', 'cat', 60)).thenThrows('FORBIDDEN');
  group.given(base).when(mute('ann', 'bob', 60)).then([{ type: 'GroupMemberMuted', data: { groupId: G, userId: 'bob', until: later(60), by: 'ann' } }]);
  group.given(base).when(mute('cat', 'bob', 60)).thenThrows('FORBIDDEN');
  group.given(base).when(mute('bob', 'zed', 60)).thenThrows('NOT_FOUND');
  group.given([...base, muted]).when(mute('bob', 'cat', 0)).then([{ type: 'GroupMemberUnmuted', data: { groupId: G, userId: 'cat', by: 'bob' } }]);
  group.given(base).when(mute('bob', 'cat', 0)).then([]);
  group.given([...base, muted]).when(cmd('MuteMember', 'bob', { userId: 'cat', seconds: 0 }, later(601))).then([]);

  const s = group.given([...base, muted]).state();
  t.same(postRefusal(s, 'cat', at), { reason: 'muted', until: later(600) });
  t.equal(postRefusal(s, 'cat', later(600)), null, 'the mute ends at its time');
  t.equal(postRefusal(s, 'bob', at), null);
  t.same(postRefusal(s, 'zed', at), { reason: 'not_member' });

  const allOn: GroupEvent = { type: 'GroupMuteAllSet', data: { groupId: G, on: true, by: 'bob' } };
  group.given(base).when(cmd('SetMuteAll', 'bob', { on: true })).then([allOn]);
  group.given([...base, allOn]).when(cmd('SetMuteAll', 'bob', { on: true })).then([]);
  group.given(base).when(cmd('SetMuteAll', 'cat', { on: true })).thenThrows('FORBIDDEN');
  const all = group.given([...base, allOn]).state();
  t.same(postRefusal(all, 'cat', at), { reason: 'mute_all' });
  t.equal(postRefusal(all, 'bob', at), null, 'admins still post');
  t.equal(postRefusal(all, 'ann', at), null, 'the owner still posts');
});

t.test('cards: your own, or anyone’s by the owner; empty clears', async (t) => {
  const card = (by: string, userId: string, nickname: string) => cmd('SetMemberNickname', by, { userId, nickname });
  const set: GroupEvent = { type: 'GroupMemberNicknameSet', data: { groupId: G, userId: 'cat', nickname: 'Kitty', by: 'cat' } };
  group.given(base).when(card('cat', 'cat', 'Kitty')).then([set]);
  group.given(base).when(card('ann', 'cat', 'Kitty')).then([{ ...set, data: { ...set.data, by: 'ann' } } as GroupEvent]);
  group.given(base).when(card('bob', 'cat', 'Kitty')).thenThrows('FORBIDDEN');
  group.given(base).when(card('eve', 'eve', 'Eve')).thenThrows('FORBIDDEN');
  group.given([...base, set]).when(card('cat', 'cat', 'Kitty')).then([]);
  group.given([...base, set]).when(card('cat', 'cat', '')).then([{ type: 'GroupMemberNicknameSet', data: { groupId: G, userId: 'cat', nickname: '', by: 'cat' } }]);
  group.given(base).when(card('cat', 'cat', 'x'.repeat(41))).thenThrows('VALIDATION_FAILED', { field: 'nickname' });
  group.given(base).when(card('ann', 'zed', 'Z')).thenThrows('NOT_FOUND');
  const s = group.given([...base, set]).state();
  t.equal(s.status === 'active' && s.members.get('cat')?.nickname, 'Kitty');
});

t.test('notices: managers post; the owner edits all, an admin all but the owner’s; at most 100', async (t) => {
  const posted = (noticeId: string, by: string): GroupEvent => ({ type: 'GroupNoticePosted', data: { groupId: G, noticeId, text: 'hello\nall', by } });
  group.given(base).when(cmd('PostNotice', 'bob', { noticeId: 'n1', text: 'hello\nall' })).then([posted('n1', 'bob')]);
  group.given(base).when(cmd('PostNotice', 'cat', { noticeId: 'n1', text: 'hi' })).thenThrows('FORBIDDEN');
  group.given(base).when(cmd('PostNotice', 'ann', { noticeId: 'n1', text: ' ' })).thenThrows('VALIDATION_FAILED', { field: 'text' });
  group.given([...base, posted('n1', 'bob')]).when(cmd('PostNotice', 'ann', { noticeId: 'n1', text: 'x' })).thenThrows('CONFLICT');
  const many = [...base, ...Array.from({ length: 100 }, (_, i) => posted(`n${i}`, 'ann'))];
  group.given(many).when(cmd('PostNotice', 'ann', { noticeId: 'n100', text: 'x' })).thenThrows('CONFLICT', { max: 100 });
  group.given([...many, { type: 'GroupNoticeDeleted', data: { groupId: G, noticeId: 'n0', by: 'ann' } }]).when(cmd('PostNotice', 'ann', { noticeId: 'n100', text: 'x' })).then([
    { type: 'GroupNoticePosted', data: { groupId: G, noticeId: 'n100', text: 'x', by: 'ann' } },
  ]);

  const two = [...base, posted('byAnn', 'ann'), posted('byBob', 'bob')];
  group.given(two).when(cmd('EditNotice', 'bob', { noticeId: 'byBob', text: 'new' })).then([{ type: 'GroupNoticeEdited', data: { groupId: G, noticeId: 'byBob', text: 'new', by: 'bob' } }]);
  group.given(two).when(cmd('EditNotice', 'bob', { noticeId: 'byAnn', text: 'new' })).thenThrows('FORBIDDEN');
  group.given(two).when(cmd('EditNotice', 'ann', { noticeId: 'byBob', text: 'new' })).then([{ type: 'GroupNoticeEdited', data: { groupId: G, noticeId: 'byBob', text: 'new', by: 'ann' } }]);
  group.given(two).when(cmd('EditNotice', 'cat', { noticeId: 'byBob', text: 'new' })).thenThrows('FORBIDDEN');
  group.given(two).when(cmd('EditNotice', 'ann', { noticeId: 'nope', text: 'new' })).thenThrows('NOT_FOUND');
  group.given(two).when(cmd('DeleteNotice', 'bob', { noticeId: 'byBob' })).then([{ type: 'GroupNoticeDeleted', data: { groupId: G, noticeId: 'byBob', by: 'bob' } }]);
  group.given(two).when(cmd('DeleteNotice', 'bob', { noticeId: 'byAnn' })).thenThrows('FORBIDDEN');
  group.given([...two, { type: 'GroupNoticeDeleted', data: { groupId: G, noticeId: 'byBob', by: 'bob' } }]).when(cmd('DeleteNotice', 'ann', { noticeId: 'byBob' })).thenThrows('NOT_FOUND');
  t.same([canEditNotice('owner', 'x', 'x'), canEditNotice('admin', 'y', 'x'), canEditNotice('admin', 'x', 'x'), canEditNotice('member', 'y', 'x'), canEditNotice(undefined, 'y', 'x')], [true, true, false, false, false]);
});

t.test('levels: a level raises the cap until it ends; its timer lowers it once, and a renewal outlives the old timer', async (t) => {
  const set = (level: number, expiresAt?: string): GroupCommand => cmd('SetGroupLevel', undefined, { level, ...(expiresAt !== undefined ? { expiresAt } : {}) });
  const levelSet = (level: number, term: number, expiresAt?: string): GroupEvent => ({ type: 'GroupLevelSet', data: { groupId: G, level, term, ...(expiresAt !== undefined ? { expiresAt } : {}) } });
  const full = [created(['ann', 'bob', 'cat', 'dan'])];
  group.given(full).when(set(2, later(3600))).then([levelSet(2, 1, later(3600))]);
  group.given([...full, levelSet(2, 1, later(3600))]).when(set(2, later(3600))).then([]);
  group.given(full).when(set(5)).thenThrows('VALIDATION_FAILED', { field: 'level' });
  group.given(full).when(set(-1)).thenThrows('VALIDATION_FAILED', { field: 'level' });
  group.given(full).when(set(0, later(60))).thenThrows('VALIDATION_FAILED', { field: 'expiresAt' });
  group.given(full).when(set(1, at)).thenThrows('VALIDATION_FAILED', { field: 'expiresAt' });
  group.given(full).when(set(1, 'soon')).thenThrows('VALIDATION_FAILED', { field: 'expiresAt' });

  const raised = [...full, levelSet(2, 1, later(3600))];
  const s = group.given(raised).state();
  t.equal(s.status === 'active' && memberCap(s), 6);
  group.given(raised).when(cmd('JoinGroup', 'eve', { applicationId: 'a' })).then([added(['eve'], 'eve', 'join')]);

  const expire = (term: number, when: string) => cmd('ExpireGroupLevel', undefined, { term }, when);
  group.given(raised).when(expire(1, later(3599))).then([]);
  const expired: GroupEvent = { type: 'GroupLevelExpired', data: { groupId: G, level: 2, term: 1 } };
  group.given(raised).when(expire(1, later(3600))).then([expired]);
  group.given([...raised, expired]).when(expire(1, later(3700))).then([]);
  // Renewed before the end: the first timer finds its term stale.
  const renewed = [...raised, levelSet(2, 2, later(7200))];
  group.given(renewed).when(expire(1, later(3600))).then([]);
  group.given(renewed).when(expire(2, later(7200))).then([{ type: 'GroupLevelExpired', data: { groupId: G, level: 2, term: 2 } }]);
  // Without an end a level never expires.
  group.given([...full, levelSet(3, 1)]).when(expire(1, later(10 ** 6))).then([]);
  // Back at level 0, the members over the cap stay; nobody new gets in.
  const back = [...raised, added(['eve', 'fay']), expired];
  const b = group.given(back).state();
  t.same([b.status === 'active' && b.level, b.status === 'active' && memberCap(b), memberIds(b).length], [0, 4, 6]);
  group.given(back).when(cmd('JoinGroup', 'gus', { applicationId: 'a' })).thenThrows('GROUP_FULL');
  group.given(back).when(cmd('RemoveGroupMember', 'eve', { userId: 'eve' })).then([removed('eve', 'eve')]);
});

t.test('property: no sequence of commands leaves two owners, admins past the cap, or a member added past the cap', async (t) => {
  const users = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal'];
  const user = fc.constantFrom(...users);
  const command = fc.oneof(
    fc.tuple(user, fc.subarray(users, { minLength: 1 })).map(([by, userIds]) => cmd('AddGroupMembers', by, { userIds })),
    fc.tuple(user, user).map(([by, userId]) => cmd('RemoveGroupMember', by, { userId })),
    fc.tuple(user, fc.subarray(users, { minLength: 1 })).map(([by, userIds]) => cmd('KickGroupMembers', by, { userIds })),
    fc.tuple(user, user, fc.constantFrom('admin' as const, 'member' as const)).map(([by, userId, role]) => cmd('SetMemberRole', by, { userId, role })),
    fc.tuple(user, user).map(([by, userId]) => cmd('OfferOwnership', by, { userId })),
    user.map((by) => cmd('AcceptOwnership', by, {})),
    fc.tuple(user, fc.constantFrom('free' as const, 'approval' as const, 'invite' as const)).map(([by, mode]) => cmd('SetGroupPermissions', by, { join: { mode } })),
    user.map((by) => cmd('JoinGroup', by, { applicationId: `a-${by}` })),
    fc.tuple(user, user, fc.boolean()).map(([by, applicantId, approve]) => cmd('DecideJoin', by, { applicantId, approve })),
    fc.integer({ min: 0, max: 4 }).map((level) => cmd('SetGroupLevel', undefined, { level })),
  );
  fc.assert(
    fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
      let s = groupDecider.evolve(groupDecider.initialState(), created(['ann', 'bob']));
      for (const c of commands) {
        let events: GroupEvent[] = [];
        try {
          events = groupDecider.decide(c, s);
        } catch {
          continue;
        }
        const before = memberIds(s).length;
        s = events.reduce(groupDecider.evolve, s);
        if (s.status !== 'active') return false;
        const roles = [...s.members.entries()].map(([, m]) => m.role);
        if (roles.filter((r) => r === 'owner').length !== 1 || s.members.get(s.ownerId)?.role !== 'owner') return false;
        if (roles.filter((r) => r === 'admin').length !== s.adminCount || s.adminCount > s.limits.maxAdmins) return false;
        if (memberIds(s).length > before && memberIds(s).length > memberCap(s)) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
