// The social graph's push notices: requests to the target, answers to the requester (both when
// friends were made without an answer), new followers to the one followed; nothing else.
import t from 'tap';
import { pushPayloads } from '../../contracts/push.js';
import { pushEventTypes, toPushMessages } from '../../projections/push/messages.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';

const ev = (type: string, data: Record<string, unknown>, streamId = 'relation-a-b'): StoredEvent => ({
  id: '00000000-0000-0000-0000-000000000000',
  streamId,
  revision: 0,
  position: 1,
  type,
  data,
  metadata: { at: '2025-01-01T00:00:00.000Z' },
});
const sent = (e: StoredEvent) => toPushMessages(e).map((m) => [m.channel, m.type, m.data]);

t.test('a friend request reaches its target', async (t) => {
  t.same(sent(ev('FriendRequested', { requesterId: 'a', targetId: 'b', reason: 'hi' })), [['user:b', 'friend.request', { requesterId: 'a', targetId: 'b', status: 'pending', reason: 'hi' }]]);
  t.same(sent(ev('FriendRequested', { requesterId: 'a', targetId: 'b' })), [['user:b', 'friend.request', { requesterId: 'a', targetId: 'b', status: 'pending' }]]);
});

t.test('an answer reaches the requester; friends made without one, both', async (t) => {
  t.same(sent(ev('FriendRequestAccepted', { requesterId: 'a', targetId: 'b' })), [['user:a', 'friend.answer', { requesterId: 'a', targetId: 'b', status: 'accepted', via: 'answer' }]]);
  t.same(sent(ev('FriendRequestRejected', { requesterId: 'a', targetId: 'b' })), [['user:a', 'friend.answer', { requesterId: 'a', targetId: 'b', status: 'rejected', via: 'answer' }]]);
  t.same(
    sent(ev('FriendAdded', { requesterId: 'b', targetId: 'a', via: 'mutual_request' })).map(([ch]) => ch),
    ['user:b', 'user:a'],
  );
});

t.test('a new follower reaches the one followed; the rest is silent', async (t) => {
  t.same(sent(ev('UserFollowed', { followerId: 'a', followeeId: 'b' })), [['user:b', 'follower', { followerId: 'a', followeeId: 'b' }]]);
  for (const type of ['UserUnfollowed', 'UserBlocked', 'UserUnblocked', 'FriendRemoved', 'FriendRequestCancelled']) t.same(sent(ev(type, { followerId: 'a', followeeId: 'b', blockerId: 'a', blockedId: 'b', userId: 'a', friendId: 'b', requesterId: 'a', targetId: 'b', cancelledBy: 'b' })), [], type);
  t.same(sent(ev('RemarkSet', { ownerId: 'a', userId: 'b', remark: 'x' }, 'contacts-a')), []);
});

t.test('every social notice fits its declared payload, and the projector reads its events', async (t) => {
  const events = [
    ev('FriendRequested', { requesterId: 'a', targetId: 'b', reason: 'hi' }),
    ev('FriendRequestAccepted', { requesterId: 'a', targetId: 'b' }),
    ev('FriendAdded', { requesterId: 'a', targetId: 'b', via: 'auto_accept' }),
    ev('UserFollowed', { followerId: 'a', followeeId: 'b' }),
  ];
  for (const e of events) {
    for (const m of toPushMessages(e)) t.ok(pushPayloads[m.type].safeParse(m.data).success, `${e.type} → ${m.type}`);
    t.ok(pushEventTypes.includes(e.type as never), `${e.type} is read by the push projector`);
  }
});
