// The house IM dialect of 003/002 as pure functions: client frames become gateway requests, and
// committed messages become 004-style frames with these apps' formats.
import t from 'tap';
import { imPushDialect, messageFrame, parseImFrame } from '../../services/push/imDialect.js';
import type { PushMessage } from '../../projections/push/store.js';

const me = { userId: '200', expiresAt: Infinity };

t.test('given a friend message frame, when parsed, then it is a send into the 1:1 conversation named by both ids in order', async (t) => {
  const r = parseImFrame(JSON.stringify({ eventType: 0, msgId: 'a1', channelType: 3, targetId: '1000', msgType: 1, msg: { content: 'hi' } }), me);
  t.same(r, { op: 'send', id: 'a1', conversationId: 'dm:1000:200', message: { clientMsgId: 'a1', msgType: 'text', body: { content: 'hi' } } });
});

t.test('given a group frame, when parsed, then it is a send to group:<id>; eventType 1 and 2 subscribe and unsubscribe', async (t) => {
  t.match(parseImFrame(JSON.stringify({ eventType: 0, msgId: 'g', channelType: 2, targetId: 77, msgType: 3, msg: { imageUrl: 'x' } }), me), { conversationId: 'group:77', message: { msgType: 'image' } });
  t.same(parseImFrame(JSON.stringify({ eventType: 1, groupId: '77' }), me), { op: 'subscribe', channel: 'group:77' });
  t.same(parseImFrame(JSON.stringify({ eventType: 2, groupId: 77 }), me), { op: 'unsubscribe', channel: 'group:77' });
});

t.test('given frames a client may not send, when parsed, then each is an error and nothing is sent', async (t) => {
  for (const f of [
    'not json',
    JSON.stringify({ eventType: 0, msgId: 'x', channelType: 3, targetId: '1', msgType: 4, msg: { redPacketId: '1' } }),
    JSON.stringify({ eventType: 0, msgId: 'x', channelType: 3, targetId: '1', msgType: 8, msg: {} }),
    JSON.stringify({ eventType: 0, msgId: 'x', channelType: 9, targetId: '1', msgType: 1, msg: {} }),
    JSON.stringify({ eventType: 0, channelType: 3, targetId: '1', msgType: 1, msg: {} }),
    JSON.stringify({ eventType: 0, msgId: 'x', channelType: 3, targetId: 'abc', msgType: 1, msg: {} }),
    JSON.stringify({ eventType: 42 }),
  ]) t.ok('error' in parseImFrame(f, me), f);
});

t.test('given committed messages, when encoded, then money cards, friend and group notices have their eventTypes', async (t) => {
  const d = imPushDialect('im-groups-wallet', { authenticate: async () => null, groupsOf: async () => [] });
  const at = '2026-12-05T00:00:00.000Z';
  const msgs = [
    { channel: 'group:9', seq: 1, at, type: 'message', data: { conversationId: 'group:9', seq: 1, messageId: 'm', clientMsgId: 'c', from: '5', msgType: 'red_packet', body: { redPacketId: '42' }, at } },
    { channel: 'user:6', seq: 1, at, type: 'friend.request', data: { requesterId: '5', targetId: '6', status: 'pending' } },
    { channel: 'user:6', seq: 2, at, type: 'group.member', data: { action: 'joined', groupId: '9', userIds: ['6', '7'], by: '5', via: 'created' } },
    { channel: 'user:6', seq: 3, at, type: 'group.member', data: { action: 'kicked', groupId: '9', userId: '6', by: '5' } },
    { channel: 'user:6', seq: 4, at, type: 'wallet', data: { reason: 'recharge', refId: '1', changes: [] } },
  ] as unknown as PushMessage[];
  const frames = d.encodeGroup(msgs).map((b) => JSON.parse(b.toString()) as Record<string, unknown>);
  t.match(frames[0], { eventType: 0, channelType: 2, targetId: '9', fromId: '5', msgType: 4, msg: { redPacketId: '42' }, datetime: Date.parse(at) });
  t.match(frames[1], { eventType: 31, status: 1, senderInfo: { id: '5' } });
  t.match(frames.slice(2, 4), [{ eventType: 20, userId: '6' }, { eventType: 20, userId: '7' }], 'one join notice per member added');
  t.match(frames[4], { eventType: 21, type: 2 });
  t.equal(frames.length, 5, 'a wallet leg is read over HTTP, not pushed here');
  t.equal(d.topic('user:6'), 'im-groups-wallet|user:6', 'its own topics: encoded once per dialect');
});

t.test('given a 1:1 message, when encoded, then targetId is the other user', async (t) => {
  t.match(messageFrame({ conversationId: 'dm:1:2', from: '2', clientMsgId: 'c', seq: 3, msgType: 'text', body: {} }, '2026-01-01T00:00:00Z'), { channelType: 3, targetId: '1', logId: '3', msgType: 1 });
});
