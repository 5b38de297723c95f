// Posts' push notices: likes, comments and gifts on my post reach me (never for my own acts), a
// reply reaches the comment's writer, reviews reach the author; each payload is its contract's.
import t from 'tap';
import { pushPayloads } from '../../contracts/push.js';
import { pushEventTypes, toPushMessages } from '../../projections/push/messages.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';

const ev = (type: string, data: Record<string, unknown>, streamId = 'post-p1'): StoredEvent => ({
  id: '00000000-0000-0000-0000-000000000000',
  streamId,
  revision: 0,
  position: 1,
  type,
  data,
  metadata: { at: '2025-01-01T00:00:00.000Z' },
});
const sent = (e: StoredEvent) => toPushMessages(e).map((m) => [m.channel, m.type, m.data]);
const ref = { postId: 'p1', authorId: 'ann' };

t.test('given a like on my post, then I hear it; my own like, and unlikes, are no news', async (t) => {
  t.same(sent(ev('PostLiked', { ...ref, userId: 'bob', likeCount: 3 })), [['user:ann', 'post.like', { postId: 'p1', userId: 'bob', likeCount: 3 }]]);
  t.same(sent(ev('PostLiked', { ...ref, userId: 'ann', likeCount: 1 })), []);
  t.same(sent(ev('PostUnliked', { ...ref, userId: 'bob', likeCount: 2 })), []);
});

t.test('given a comment, then the author hears it, and a reply reaches the comment\'s writer too', async (t) => {
  const c = { ...ref, commentId: 'c2', userId: 'cat', text: 'hi', commentCount: 2 };
  t.same(sent(ev('CommentAdded', c)).map(([ch]) => ch), ['user:ann']);
  t.same(sent(ev('CommentAdded', { ...c, replyTo: { commentId: 'c1', userId: 'bob' } })).map(([ch]) => ch), ['user:ann', 'user:bob']);
  t.same(sent(ev('CommentAdded', { ...c, userId: 'ann', replyTo: { commentId: 'c1', userId: 'bob' } })).map(([ch]) => ch), ['user:bob'], 'the author replying is not told of it');
});

t.test('given a review or a gift to a post, then its author hears it', async (t) => {
  t.same(sent(ev('PostApproved', { ...ref, operatorId: 'op' })), [['user:ann', 'post.review', { postId: 'p1', status: 'approved' }]]);
  t.same(sent(ev('PostRejected', { ...ref, operatorId: 'op', reason: 'spam' })), [['user:ann', 'post.review', { postId: 'p1', status: 'rejected', reason: 'spam' }]]);
  const gift = { reason: 'gift_out', refId: 'g1', changes: [{ asset: 'coins', delta: -10, balanceAfter: 90 }], giftSendId: 'g1', fromUserId: 'bob', giftId: 'heart', toUserId: 'ann', count: 1, unitPrice: 10, coinsSpent: 10, incomeAmount: 5 };
  const out = sent(ev('GiftSent', { ...gift, postId: 'p1' }, 'wallet-bob'));
  t.same(out.map(([ch, type]) => [ch, type]), [['user:bob', 'wallet'], ['user:ann', 'post.gift']]);
  t.same(sent(ev('GiftSent', gift, 'wallet-bob')).map(([, type]) => type), ['wallet'], 'a gift without a post is not a post gift');
});

t.test('every message is its contract\'s, and the projector reads the events that make them', async (t) => {
  const all = [
    ev('PostLiked', { ...ref, userId: 'bob', likeCount: 3 }),
    ev('CommentAdded', { ...ref, commentId: 'c2', userId: 'cat', text: 'hi', commentCount: 2, replyTo: { commentId: 'c1', userId: 'bob' } }),
    ev('PostRejected', { ...ref, operatorId: 'op' }),
  ];
  for (const m of all.flatMap((e) => toPushMessages(e))) t.ok(pushPayloads[m.type].safeParse(m.data).success, m.type);
  for (const type of ['PostLiked', 'CommentAdded', 'PostApproved', 'PostRejected', 'GiftSent'] as const) t.ok(pushEventTypes.includes(type), type);
  t.same(sent(ev('PostPublished', { ...ref, kind: 'moment', text: 'x', media: [], mentions: [], visibility: { mode: 'public', userIds: [] }, review: 'none' })), []);
});
