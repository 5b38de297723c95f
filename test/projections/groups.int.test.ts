// The group read models over a log the group aggregate really decided: details (profile, level,
// policy, counts), members (roles, cards, mutes), search by name and display id, "my groups",
// applications and the admins' inbox, notices with their edits, dismissal; and each survives a
// redelivery unchanged.
import t from 'tap';
import { accountDecider, accountStream } from '../../domain/account.js';
import { groupDecider, groupStream, type GroupCommand } from '../../domain/group.js';
import { groupApplicationsProjection } from '../../projections/groupApplications.js';
import { groupNoticesProjection } from '../../projections/groupNotices.js';
import { groupsProjection } from '../../projections/groups.js';
import { usersProjection } from '../../projections/users.js';
import {
  getGroup,
  getGroupMember,
  groupRoleOf,
  listApplicationsOf,
  listGroupApplications,
  listGroupMembers,
  listGroupNotices,
  listMyGroups,
  listReviewInbox,
  searchGroups,
} from '../../projections/queries.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';
import { assertRedeliveryChangesNothing, eventLog, project, startReadStore, type ReadStore } from '../support/read-models.js';

let store: ReadStore;
t.before(async () => {
  store = await startReadStore();
});
t.teardown(async () => store.stop());

const log = eventLog();
const T0 = '2025-03-05T10:00:00.000Z';
const T1 = '2025-03-05T11:00:00.000Z';
const limits = { maxAdmins: 3, sizeByLevel: [10, 20, 30, 40, 50] };
const g = (id: string, c: Omit<GroupCommand, 'metadata'>, by?: string, at = T0) => log.decide(groupDecider, groupStream(id), c, at, by);
const phones: Record<string, string> = { ann: '+8613800000001', bob: '+8613800000002', cat: '+8613800000003' };
const user = (userId: string, nickname: string) => log.decide(accountDecider, accountStream(userId), { type: 'RegisterUser', data: { userId, phone: phones[userId] ?? '', nickname } }, T0, userId);

const events: StoredEvent[] = [
  ...user('ann', 'Ann'),
  ...user('bob', 'Bobby'),
  ...user('cat', 'Cathy'),
  ...g('g1', { type: 'CreateGroup', data: { groupId: 'g1', name: 'Family Chat', ownerId: 'ann', memberIds: ['bob', 'cat'], markId: '100001', limits, description: 'us' } }, 'ann'),
  ...g('g2', { type: 'CreateGroup', data: { groupId: 'g2', name: 'Chess club', ownerId: 'bob', memberIds: [], markId: '100002', limits } }, 'bob'),
  ...g('g1', { type: 'SetMemberRole', data: { groupId: 'g1', userId: 'bob', role: 'admin' } }, 'ann'),
  ...g('g1', { type: 'SetMemberNickname', data: { groupId: 'g1', userId: 'cat', nickname: 'Kitty' } }, 'cat'),
  ...g('g1', { type: 'MuteMember', data: { groupId: 'g1', userId: 'cat', seconds: 600 } }, 'bob'),
  ...g('g1', { type: 'UpdateGroupProfile', data: { groupId: 'g1', avatarUrl: 'https://img.example/g1.png', description: '' } }, 'bob'),
  ...g('g1', { type: 'SetGroupPermissions', data: { groupId: 'g1', join: { mode: 'approval', question: 'Who are you?' }, membersMayAddFriends: false } }, 'ann'),
  ...g('g1', { type: 'JoinGroup', data: { groupId: 'g1', applicationId: 'app-dan', message: 'a cousin' } }, 'dan'),
  ...g('g1', { type: 'JoinGroup', data: { groupId: 'g1', applicationId: 'app-eve', message: 'a friend' } }, 'eve'),
  ...g('g1', { type: 'JoinGroup', data: { groupId: 'g1', applicationId: 'app-fay', message: 'me' } }, 'fay'),
  ...g('g1', { type: 'DecideJoin', data: { groupId: 'g1', applicantId: 'dan', approve: true } }, 'bob', T1),
  ...g('g1', { type: 'DecideJoin', data: { groupId: 'g1', applicantId: 'eve', approve: false, reason: 'unknown' } }, 'ann', T1),
  ...g('g1', { type: 'PostNotice', data: { groupId: 'g1', noticeId: 'n1', text: 'Dinner on Sunday' } }, 'ann'),
  ...g('g1', { type: 'PostNotice', data: { groupId: 'g1', noticeId: 'n2', text: 'Bring cake' } }, 'bob'),
  ...g('g1', { type: 'EditNotice', data: { groupId: 'g1', noticeId: 'n2', text: 'Bring two cakes' } }, 'bob', T1),
  ...g('g1', { type: 'PostNotice', data: { groupId: 'g1', noticeId: 'n3', text: 'oops' } }, 'bob'),
  ...g('g1', { type: 'DeleteNotice', data: { groupId: 'g1', noticeId: 'n3' } }, 'ann'),
  ...g('g1', { type: 'SetGroupLevel', data: { groupId: 'g1', level: 2, expiresAt: '2025-04-01T00:00:00.000Z' } }),
  ...g('g1', { type: 'SetMuteAll', data: { groupId: 'g1', on: true } }, 'ann'),
  ...g('g1', { type: 'OfferOwnership', data: { groupId: 'g1', userId: 'cat' } }, 'ann'),
  ...g('g2', { type: 'SetGroupPermissions', data: { groupId: 'g2', join: { mode: 'approval' } } }, 'bob'),
  ...g('g2', { type: 'JoinGroup', data: { groupId: 'g2', applicationId: 'app-cat-2' } }, 'cat'),
];

const all = [usersProjection, groupsProjection, groupApplicationsProjection, groupNoticesProjection];

t.test('given a group run for a while, when projected, then its details, members, applications and notices read back', async (t) => {
  for (const p of all) await project(store.pool, p, events);
  const d = await getGroup(store.pool, 'g1');
  t.match(d, {
    groupId: 'g1',
    markId: '100001',
    name: 'Family Chat',
    avatarUrl: 'https://img.example/g1.png',
    description: null,
    ownerId: 'ann',
    status: 'active',
    memberIds: ['ann', 'bob', 'cat', 'dan'],
    memberCount: 4,
    adminCount: 1,
    level: 2,
    levelExpiresAt: '2025-04-01T00:00:00.000Z',
    memberCap: 30,
    maxAdmins: 3,
    join: { mode: 'approval', question: 'Who are you?', answer: null, fee: null },
    membersMayAddFriends: false,
    muteAll: true,
    ownershipOfferedTo: 'cat',
    createdAt: T0,
  });
  t.equal(await groupRoleOf(store.pool, 'g1', 'bob'), 'admin');
  t.equal(await groupRoleOf(store.pool, 'g1', 'eve'), null);

  const members = await listGroupMembers(store.pool, 'g1', { limit: 10 });
  t.same(members.items.map((m) => [m.userId, m.role, m.via]), [['ann', 'owner', 'created'], ['bob', 'admin', 'created'], ['cat', 'member', 'created'], ['dan', 'member', 'application']]);
  t.match(members.items[2], { nickname: 'Kitty', displayName: 'Cathy', mutedUntil: '2025-03-05T10:10:00.000Z', joinedAt: T0 });
  t.match(await getGroupMember(store.pool, 'g1', 'dan'), { role: 'member', joinedAt: T1, displayName: null });
  const firstTwo = await listGroupMembers(store.pool, 'g1', { limit: 2 });
  t.same(firstTwo.items.map((m) => m.userId), ['ann', 'bob']);
  t.same((await listGroupMembers(store.pool, 'g1', { limit: 2, cursor: firstTwo.nextCursor ?? '' })).items.map((m) => m.userId), ['cat', 'dan'], 'the next page goes on');
  t.same((await listGroupMembers(store.pool, 'g1', { limit: 10, q: 'kit' })).items.map((m) => m.userId), ['cat'], 'found by card');
  t.same((await listGroupMembers(store.pool, 'g1', { limit: 10, q: 'BOBB' })).items.map((m) => m.userId), ['bob'], 'found by account nickname');
  t.same((await listGroupMembers(store.pool, 'g1', { limit: 10, q: '%' })).items, [], 'wildcards match themselves');

  const apps = await listGroupApplications(store.pool, 'g1', undefined, { limit: 10 });
  t.same(apps.items.map((a) => [a.applicantId, a.status]), [['fay', 'pending'], ['eve', 'rejected'], ['dan', 'approved']]);
  t.match(apps.items[1], { reason: 'unknown', decidedBy: 'ann', decidedAt: T1, message: 'a friend' });
  t.same((await listGroupApplications(store.pool, 'g1', 'pending', { limit: 10 })).items.map((a) => a.applicantId), ['fay']);
  t.same((await listReviewInbox(store.pool, 'bob', { limit: 10 })).items.map((a) => [a.groupId, a.applicantId]), [['g2', 'cat'], ['g1', 'fay']], 'an admin of g1 and owner of g2');
  t.same((await listReviewInbox(store.pool, 'cat', { limit: 10 })).items, [], 'a plain member reviews nothing');
  t.same((await listApplicationsOf(store.pool, 'cat', { limit: 10 })).items.map((a) => a.groupId), ['g2']);

  const notices = await listGroupNotices(store.pool, 'g1', { limit: 10 });
  t.same(notices.items.map((n) => [n.noticeId, n.text, n.authorId, n.editedBy]), [['n2', 'Bring two cakes', 'bob', 'bob'], ['n1', 'Dinner on Sunday', 'ann', null]]);

  t.same((await searchGroups(store.pool, 'chat', { limit: 10 })).items.map((s) => s.groupId), ['g1']);
  t.same((await searchGroups(store.pool, 'C', { limit: 10 })).items.map((s) => s.groupId), ['g2', 'g1'], 'newest first');
  t.match((await searchGroups(store.pool, '100002', { limit: 10 })).items, [{ groupId: 'g2', markId: '100002', memberCount: 1, joinMode: 'approval' }]);
  const page1 = await searchGroups(store.pool, 'c', { limit: 1 });
  t.same([...page1.items, ...(await searchGroups(store.pool, 'c', { limit: 1, cursor: page1.nextCursor ?? '' })).items].map((s) => s.groupId), ['g2', 'g1']);
  t.same((await listMyGroups(store.pool, 'bob', { limit: 10 })).items.map((s) => [s.groupId, s.role]), [['g2', 'owner'], ['g1', 'admin']]);
});

const later: StoredEvent[] = [
  ...g('g1', { type: 'AcceptOwnership', data: { groupId: 'g1' } }, 'cat'),
  ...g('g1', { type: 'AddGroupMembers', data: { groupId: 'g1', userIds: ['fay'] } }, 'cat'),
  ...g('g1', { type: 'KickGroupMembers', data: { groupId: 'g1', userIds: ['dan'] } }, 'cat'),
  ...g('g1', { type: 'MuteMember', data: { groupId: 'g1', userId: 'ann', seconds: 0 } }, 'cat'),
  ...g('g1', { type: 'ExpireGroupLevel', data: { groupId: 'g1', term: 1 } }, undefined, '2025-04-01T00:00:00.000Z'),
  ...g('g2', { type: 'DismissGroup', data: { groupId: 'g2' } }, 'bob'),
];

t.test('given an ownership hand-over, an invitation over a pending application, a kick, the level ending and a dismissal, when projected, then the rows follow', async (t) => {
  for (const p of all) await project(store.pool, p, later);
  t.match(await getGroup(store.pool, 'g1'), { ownerId: 'cat', ownershipOfferedTo: null, level: 0, levelExpiresAt: null, memberCap: 10, memberIds: ['ann', 'bob', 'cat', 'fay'] });
  t.same((await listGroupMembers(store.pool, 'g1', { limit: 10 })).items.map((m) => [m.userId, m.role]), [['ann', 'admin'], ['bob', 'admin'], ['cat', 'owner'], ['fay', 'member']]);
  t.same((await listGroupApplications(store.pool, 'g1', undefined, { limit: 10 })).items.map((a) => [a.applicantId, a.status]), [['fay', 'superseded'], ['eve', 'rejected'], ['dan', 'approved']]);
  t.match(await getGroup(store.pool, 'g2'), { status: 'dismissed', memberIds: [], memberCount: 0, name: 'Chess club' });
  t.same((await listGroupApplications(store.pool, 'g2', undefined, { limit: 10 })).items.map((a) => a.status), ['cancelled']);
  t.same((await searchGroups(store.pool, 'chess', { limit: 10 })).items, [], 'a dismissed group is not found');
  t.same((await listMyGroups(store.pool, 'bob', { limit: 10 })).items.map((s) => s.groupId), ['g1']);
});

t.test('given all of it, when the batches are delivered again, then nothing changes', async (t) => {
  for (const p of [groupsProjection, groupApplicationsProjection, groupNoticesProjection]) await assertRedeliveryChangesNothing(t, store.pool, p, [...events, ...later], { setBased: true });
});
