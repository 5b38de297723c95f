// The relation decider, transition by transition: follows, blocks both ways, friend requests
// and their answers, friendship. Also through the real command bus on the in-memory store:
// concurrent opposite requests make one friendship, concurrent duplicates one request.
import t from 'tap';
import {
  isBlockedEitherWay,
  isFollowing,
  relationDecider,
  relationStream,
  type RelationCommand,
  type RelationEvent,
} from '../../domain/relation.js';
import { createCommandBus } from '../../services/shared/commands/bus.js';
import { createMemoryEventStore } from '../../services/shared/event-store/memory.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const relation = spec(relationDecider);

const follow = (by: string, targetId: string): RelationCommand => ({ type: 'Follow', data: { targetId }, metadata: meta(at, by) });
const unfollow = (by: string, targetId: string): RelationCommand => ({ type: 'Unfollow', data: { targetId }, metadata: meta(at, by) });
const block = (by: string, targetId: string): RelationCommand => ({ type: 'Block', data: { targetId }, metadata: meta(at, by) });
const unblock = (by: string, targetId: string): RelationCommand => ({ type: 'Unblock', data: { targetId }, metadata: meta(at, by) });
const request = (by: string, targetId: string, autoAccept = false, reason?: string): RelationCommand => ({
  type: 'RequestFriend',
  data: { targetId, autoAccept, ...(reason !== undefined ? { reason } : {}) },
  metadata: meta(at, by),
});
const answer = (by: string, requesterId: string, accept: boolean): RelationCommand => ({ type: 'AnswerFriendRequest', data: { requesterId, accept }, metadata: meta(at, by) });
const remove = (by: string, friendId: string): RelationCommand => ({ type: 'RemoveFriend', data: { friendId }, metadata: meta(at, by) });

const followed = (followerId: string, followeeId: string): RelationEvent => ({ type: 'UserFollowed', data: { followerId, followeeId } });
const unfollowed = (followerId: string, followeeId: string): RelationEvent => ({ type: 'UserUnfollowed', data: { followerId, followeeId } });
const blocked = (blockerId: string, blockedId: string): RelationEvent => ({ type: 'UserBlocked', data: { blockerId, blockedId } });
const requested = (requesterId: string, targetId: string): RelationEvent => ({ type: 'FriendRequested', data: { requesterId, targetId } });
const accepted = (requesterId: string, targetId: string): RelationEvent => ({ type: 'FriendRequestAccepted', data: { requesterId, targetId } });
const friendsVia = (requesterId: string, targetId: string, via: 'auto_accept' | 'mutual_request'): RelationEvent => ({ type: 'FriendAdded', data: { requesterId, targetId, via } });

t.test('the stream is the same whichever of the two asks, ids in order', async (t) => {
  t.equal(relationStream('ann', 'bob'), 'relation-ann-bob');
  t.equal(relationStream('bob', 'ann'), 'relation-ann-bob');
  t.equal(relationStream('10', '9'), relationStream('9', '10'));
});

t.test('follow and unfollow, each way on its own', async (t) => {
  relation.given([]).when(follow('ann', 'bob')).then([followed('ann', 'bob')]);
  relation.given([followed('ann', 'bob')]).when(follow('ann', 'bob')).then([]);
  relation.given([followed('ann', 'bob')]).when(follow('bob', 'ann')).then([followed('bob', 'ann')]);
  relation.given([followed('ann', 'bob')]).when(unfollow('ann', 'bob')).then([unfollowed('ann', 'bob')]);
  relation.given([]).when(unfollow('ann', 'bob')).then([]);
  const s = relation.given([followed('ann', 'bob'), followed('bob', 'ann'), unfollowed('ann', 'bob')]).state();
  t.notOk(isFollowing(s, 'ann'));
  t.ok(isFollowing(s, 'bob'));
});

t.test('nothing with yourself', async () => {
  for (const c of [follow('ann', 'ann'), unfollow('ann', 'ann'), block('ann', 'ann'), unblock('ann', 'ann'), request('ann', 'ann'), answer('ann', 'ann', true), remove('ann', 'ann')]) {
    relation.given([]).when(c).thenThrows('SELF_RELATION');
  }
});

t.test('a command needs an acting user', async () => {
  relation.given([]).when({ type: 'Follow', data: { targetId: 'bob' }, metadata: meta(at) }).thenThrows('UNAUTHENTICATED');
});

t.test('a block ends the follows both ways and a pending request, and keeps a friendship', async (t) => {
  relation
    .given([followed('ann', 'bob'), followed('bob', 'ann'), requested('bob', 'ann')])
    .when(block('ann', 'bob'))
    .then([unfollowed('ann', 'bob'), unfollowed('bob', 'ann'), { type: 'FriendRequestCancelled', data: { requesterId: 'bob', targetId: 'ann', cancelledBy: 'ann' } }, blocked('ann', 'bob')]);
  relation.given([]).when(block('ann', 'bob')).then([blocked('ann', 'bob')]);
  relation.given([blocked('ann', 'bob')]).when(block('ann', 'bob')).then([]);
  relation.given([blocked('ann', 'bob')]).when(block('bob', 'ann')).then([blocked('bob', 'ann')]);
  const s = relation.given([accepted('bob', 'ann')]).when(block('ann', 'bob')).thenState();
  t.ok(s.friends, 'a blacklisted friend stays a friend (WeChat): only reaching them stops');
  t.ok(isBlockedEitherWay(s));
});

t.test('a blocked user cannot follow or request the blocker, nor the blocker them', async () => {
  relation.given([blocked('ann', 'bob')]).when(follow('bob', 'ann')).thenThrows('BLOCKED', { blockedBy: 'them' });
  relation.given([blocked('ann', 'bob')]).when(request('bob', 'ann')).thenThrows('BLOCKED', { blockedBy: 'them' });
  relation.given([blocked('ann', 'bob')]).when(request('bob', 'ann', true)).thenThrows('BLOCKED');
  relation.given([blocked('ann', 'bob')]).when(follow('ann', 'bob')).thenThrows('BLOCKED', { blockedBy: 'you' });
  relation.given([blocked('ann', 'bob')]).when(request('ann', 'bob')).thenThrows('BLOCKED', { blockedBy: 'you' });
  relation.given([blocked('ann', 'bob')]).when(unfollow('bob', 'ann')).then([]);
});

t.test('unblocking lifts only your own block', async (t) => {
  relation.given([blocked('ann', 'bob')]).when(unblock('ann', 'bob')).then([{ type: 'UserUnblocked', data: { blockerId: 'ann', blockedId: 'bob' } }]);
  relation.given([blocked('ann', 'bob')]).when(unblock('bob', 'ann')).then([]);
  relation.given([]).when(unblock('ann', 'bob')).then([]);
  const s = relation.given([blocked('ann', 'bob'), blocked('bob', 'ann')]).when(unblock('ann', 'bob')).thenState();
  t.ok(isBlockedEitherWay(s), "bob's block still stands");
  relation.given([blocked('ann', 'bob'), { type: 'UserUnblocked', data: { blockerId: 'ann', blockedId: 'bob' } }]).when(follow('bob', 'ann')).then([followed('bob', 'ann')]);
});

t.test('a friend request waits for an answer; a second one is a no-op', async () => {
  relation.given([]).when(request('ann', 'bob', false, '  from the gym ')).then([{ type: 'FriendRequested', data: { requesterId: 'ann', targetId: 'bob', reason: 'from the gym' } }]);
  relation.given([]).when(request('ann', 'bob', false, '   ')).then([requested('ann', 'bob')]);
  relation.given([requested('ann', 'bob')]).when(request('ann', 'bob')).then([]);
  relation.given([requested('ann', 'bob')]).when(request('ann', 'bob', true)).then([]);
  relation.given([]).when(request('ann', 'bob', false, 'x'.repeat(101))).thenThrows('VALIDATION_FAILED', { field: 'reason' });
  relation.given([]).when(request('ann', 'bob', false, 'a\u0000b')).thenThrows('VALIDATION_FAILED');
});

t.test('without verification the target accepts at once', async () => {
  relation.given([]).when(request('ann', 'bob', true)).then([friendsVia('ann', 'bob', 'auto_accept')]);
});

t.test('opposite requests make friends once: the second request answers the first', async (t) => {
  relation.given([requested('ann', 'bob')]).when(request('bob', 'ann')).then([friendsVia('bob', 'ann', 'mutual_request')]);
  relation.given([requested('ann', 'bob'), friendsVia('bob', 'ann', 'mutual_request')]).when(request('ann', 'bob')).thenThrows('ALREADY_FRIENDS');
  const s = relation.given([requested('ann', 'bob'), friendsVia('bob', 'ann', 'mutual_request')]).state();
  t.same({ friends: s.friends, request: s.request }, { friends: true, request: null });
});

t.test('the target answers: accept makes friends, reject ends the request', async (t) => {
  relation.given([requested('ann', 'bob')]).when(answer('bob', 'ann', true)).then([accepted('ann', 'bob')]);
  relation.given([requested('ann', 'bob')]).when(answer('bob', 'ann', false)).then([{ type: 'FriendRequestRejected', data: { requesterId: 'ann', targetId: 'bob' } }]);
  relation.given([requested('ann', 'bob')]).when(answer('ann', 'bob', true)).thenThrows('NOT_FOUND', { requesterId: 'bob' });
  relation.given([]).when(answer('bob', 'ann', false)).thenThrows('NOT_FOUND');
  relation.given([requested('ann', 'bob'), accepted('ann', 'bob')]).when(answer('bob', 'ann', true)).then([]);
  relation.given([requested('ann', 'bob'), accepted('ann', 'bob')]).when(answer('bob', 'ann', false)).thenThrows('NOT_FOUND');
  const rejected = relation.given([requested('ann', 'bob'), { type: 'FriendRequestRejected', data: { requesterId: 'ann', targetId: 'bob' } }]);
  rejected.when(request('ann', 'bob')).then([requested('ann', 'bob')]);
  t.notOk(rejected.state().friends);
});

t.test('friends already: no request; removing ends it for both', async (t) => {
  relation.given([accepted('ann', 'bob')]).when(request('bob', 'ann')).thenThrows('ALREADY_FRIENDS');
  relation.given([accepted('ann', 'bob')]).when(remove('bob', 'ann')).then([{ type: 'FriendRemoved', data: { userId: 'bob', friendId: 'ann' } }]);
  relation.given([]).when(remove('bob', 'ann')).thenThrows('NOT_FRIENDS');
  const s = relation.given([accepted('ann', 'bob'), { type: 'FriendRemoved', data: { userId: 'bob', friendId: 'ann' } }]).state();
  t.notOk(s.friends);
  relation.given([accepted('ann', 'bob'), { type: 'FriendRemoved', data: { userId: 'bob', friendId: 'ann' } }]).when(request('ann', 'bob')).then([requested('ann', 'bob')]);
});

t.test('evolve ignores an event it has no use for', async (t) => {
  const s = relationDecider.initialState();
  t.equal(relationDecider.evolve(s, { type: 'Nope', data: {} } as unknown as RelationEvent), s);
});

t.test('through the command bus: concurrent opposite requests become friends once', async (t) => {
  for (let round = 0; round < 20; round++) {
    const store = createMemoryEventStore();
    const bus = createCommandBus({ store });
    const stream = relationStream('ann', 'bob');
    const both = await Promise.allSettled([
      bus.handle(relationDecider, stream, { type: 'RequestFriend', data: { targetId: 'bob', autoAccept: false }, metadata: meta(at, 'ann', `a${round}`) }),
      bus.handle(relationDecider, stream, { type: 'RequestFriend', data: { targetId: 'ann', autoAccept: false }, metadata: meta(at, 'bob', `b${round}`) }),
      bus.handle(relationDecider, stream, { type: 'RequestFriend', data: { targetId: 'bob', autoAccept: false }, metadata: meta(at, 'ann', `a2${round}`) }),
    ]);
    t.ok(both.every((r) => r.status === 'fulfilled' || (r.reason as { code?: string }).code === 'ALREADY_FRIENDS'), 'each request is answered or found friends already');
    const events = (await store.readStream(stream)).map((e) => e.type);
    t.equal(events.filter((x) => x === 'FriendAdded' || x === 'FriendRequestAccepted').length, 1, `one friendship (${events.join(', ')})`);
    t.equal(events.filter((x) => x === 'FriendRequested').length, 1, 'one request');
  }
});

t.test('through the command bus: a block and a request racing never leave a request behind the block', async (t) => {
  for (let round = 0; round < 20; round++) {
    const store = createMemoryEventStore();
    const bus = createCommandBus({ store });
    const stream = relationStream('ann', 'bob');
    await Promise.allSettled([
      bus.handle(relationDecider, stream, { type: 'Block', data: { targetId: 'bob' }, metadata: meta(at, 'ann', `blk${round}`) }),
      bus.handle(relationDecider, stream, { type: 'RequestFriend', data: { targetId: 'ann', autoAccept: false }, metadata: meta(at, 'bob', `req${round}`) }),
      bus.handle(relationDecider, stream, { type: 'Follow', data: { targetId: 'ann' }, metadata: meta(at, 'bob', `fol${round}`) }),
    ]);
    const { state } = await bus.load(relationDecider, stream);
    t.same({ request: state.request, following: state.following, blocking: state.blocking }, { request: null, following: [], blocking: ['ann'] });
  }
});
