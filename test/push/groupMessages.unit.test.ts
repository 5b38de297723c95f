// Group events as push messages: who hears what, on which channel, in the payload its contract
// declares; and who loses the group's channel (a member who left or was kicked, everyone in a
// dismissed group).
import t, { type Test } from 'tap';
import { pushPayloads, type PushDraft } from '../../contracts/push.js';
import { revocationsOf, toPushMessages } from '../../projections/push/messages.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';

const ev = (type: string, data: Record<string, unknown>): StoredEvent => ({
  id: '00000000-0000-0000-0000-000000000000',
  streamId: 'group-g1',
  revision: 0,
  position: 1,
  type,
  data: { groupId: 'g1', ...data },
  metadata: { at: '2025-01-01T00:00:00.000Z' },
});

/** Each draft's payload must parse with the schema of its type. */
const mapped = (t: Test, e: StoredEvent): PushDraft[] => {
  const out = toPushMessages(e);
  for (const d of out) t.ok(pushPayloads[d.type].safeParse(d.data).success, `${e.type} → ${d.type} matches its contract`);
  return out;
};
const where = (out: PushDraft[]) => out.map((m) => `${m.channel} ${m.type}`);

t.test('membership: joins reach the group and the people added; a kick reaches the kicked on their own channel; a dismissal every member', async (t) => {
  t.same(where(mapped(t, ev('GroupCreated', { name: 'n', ownerId: 'ann', memberIds: ['ann', 'bob'] }))), ['user:ann group.member', 'user:bob group.member']);
  const joined = mapped(t, ev('GroupMembersAdded', { userIds: ['cat', 'dan'], addedBy: 'bob', via: 'application' }));
  t.same(where(joined), ['group:g1 group.member', 'user:cat group.member', 'user:dan group.member']);
  t.match(joined[0]?.data, { action: 'joined', userIds: ['cat', 'dan'], by: 'bob', via: 'application' });
  t.match(mapped(t, ev('GroupMembersAdded', { userIds: ['cat'], addedBy: 'bob' }))[0]?.data, { via: 'invite' }, 'an old event was an invitation');
  t.same(where(mapped(t, ev('GroupMemberRemoved', { userId: 'cat', removedBy: 'cat' }))), ['group:g1 group.member']);
  const kicked = mapped(t, ev('GroupMemberRemoved', { userId: 'cat', removedBy: 'bob' }));
  t.same(where(kicked), ['group:g1 group.member', 'user:cat group.member']);
  t.match(kicked[1]?.data, { action: 'kicked', userId: 'cat', by: 'bob' });
  t.same(where(mapped(t, ev('GroupDismissed', { by: 'ann', memberIds: ['ann', 'bob'] }))), ['user:ann group.dismissed', 'user:bob group.dismissed']);
});

t.test('applications reach the reviewers named in the event; the answer reaches the applicant', async (t) => {
  const asked = mapped(t, ev('GroupJoinRequested', { applicationId: 'a1', applicantId: 'dan', kind: 'approval', message: 'hi', reviewerIds: ['ann', 'bob'] }));
  t.same(where(asked), ['user:ann group.application', 'user:bob group.application']);
  t.match(asked[0]?.data, { applicationId: 'a1', applicantId: 'dan', message: 'hi' });
  t.same(mapped(t, ev('GroupJoinRequested', { applicationId: 'a1', applicantId: 'dan', kind: 'payment', fee: 5, reviewerIds: [] })), [], 'a paid join tells no reviewer');
  t.match(mapped(t, ev('GroupJoinApproved', { applicationId: 'a1', applicantId: 'dan', by: 'bob' })), [{ channel: 'user:dan', type: 'group.application.answer', data: { status: 'approved', by: 'bob' } }]);
  t.match(mapped(t, ev('GroupJoinRejected', { applicationId: 'a1', applicantId: 'dan', by: 'bob', reason: 'no' })), [{ channel: 'user:dan', data: { status: 'rejected', reason: 'no' } }]);
});

t.test('roles, ownership, profile, policy, mutes, cards, notices and levels', async (t) => {
  t.match(mapped(t, ev('GroupMemberRoleChanged', { userId: 'bob', role: 'admin', by: 'ann' })), [{ channel: 'group:g1', type: 'group.role', data: { userId: 'bob', role: 'admin' } }]);
  t.match(mapped(t, ev('GroupOwnershipTransferred', { from: 'ann', to: 'bob', formerOwnerRole: 'admin' })), [
    { channel: 'group:g1', data: { userId: 'bob', role: 'owner' } },
    { channel: 'group:g1', data: { userId: 'ann', role: 'admin' } },
  ]);
  t.match(mapped(t, ev('GroupOwnershipOffered', { from: 'ann', to: 'bob' })), [{ channel: 'user:bob', type: 'group.ownership', data: { action: 'offered', by: 'ann' } }]);
  t.match(mapped(t, ev('GroupOwnershipOfferCancelled', { to: 'bob', by: 'bob' })), [{ channel: 'user:bob', data: { action: 'cancelled' } }]);
  t.match(mapped(t, ev('GroupProfileUpdated', { by: 'ann', name: 'new' })), [{ channel: 'group:g1', type: 'group.updated', data: { what: 'profile', name: 'new' } }]);
  const policy = mapped(t, ev('GroupPermissionsSet', { by: 'ann', join: { mode: 'answer', question: 'q', answer: 'secret' }, membersMayAddFriends: false }));
  t.match(policy, [{ data: { what: 'permissions', joinMode: 'answer', question: 'q', membersMayAddFriends: false } }]);
  t.notMatch(JSON.stringify(policy), /secret/, 'the answer is never pushed');
  t.match(mapped(t, ev('GroupMuteAllSet', { on: true, by: 'ann' })), [{ data: { what: 'mute_all', on: true } }]);
  t.match(mapped(t, ev('GroupLevelSet', { level: 2, term: 1, expiresAt: '2025-02-01T00:00:00.000Z' })), [{ data: { what: 'level', level: 2, expiresAt: '2025-02-01T00:00:00.000Z' } }]);
  t.match(mapped(t, ev('GroupLevelExpired', { level: 2, term: 1 })), [{ data: { what: 'level', level: 0, expiresAt: null } }]);
  t.match(mapped(t, ev('GroupMemberMuted', { userId: 'cat', until: '2025-01-01T00:10:00.000Z', by: 'bob' })), [{ type: 'group.mute', data: { until: '2025-01-01T00:10:00.000Z' } }]);
  t.match(mapped(t, ev('GroupMemberUnmuted', { userId: 'cat', by: 'bob' })), [{ type: 'group.mute', data: { until: null } }]);
  t.match(mapped(t, ev('GroupMemberNicknameSet', { userId: 'cat', nickname: 'Kitty', by: 'cat' })), [{ type: 'group.card', data: { nickname: 'Kitty' } }]);
  for (const [type, action] of [['GroupNoticePosted', 'posted'], ['GroupNoticeEdited', 'edited'], ['GroupNoticeDeleted', 'deleted']] as const) {
    t.match(mapped(t, ev(type, { noticeId: 'n1', text: 'x', by: 'ann' })), [{ channel: 'group:g1', type: 'group.notice', data: { action, noticeId: 'n1' } }]);
  }
  t.same(toPushMessages({ ...ev('GroupMarkIdAllocated', { markId: '100000' }), streamId: 'groupmarks-all' }), []);
});

t.test('revocations: who left or was kicked, and every member of a dismissed group, lose the group channel', async (t) => {
  t.same(revocationsOf(ev('GroupMemberRemoved', { userId: 'cat', removedBy: 'bob' })), [{ channel: 'group:g1', userId: 'cat' }]);
  t.same(revocationsOf(ev('GroupMemberRemoved', { userId: 'cat', removedBy: 'cat' })), [{ channel: 'group:g1', userId: 'cat' }]);
  t.same(revocationsOf(ev('GroupDismissed', { by: 'ann', memberIds: ['ann', 'bob'] })), [
    { channel: 'group:g1', userId: 'ann' },
    { channel: 'group:g1', userId: 'bob' },
  ]);
  t.same(revocationsOf(ev('GroupMemberRoleChanged', { userId: 'bob', role: 'member', by: 'ann' })), []);
});
