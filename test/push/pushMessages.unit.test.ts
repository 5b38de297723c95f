import t from 'tap';
import { redPacketTargetOf, revocationsOf, toPushMessages } from '../../projections/push/messages.js';
import type { StoredEvent } from '../../services/shared/event-store/port.js';

const ev = (streamId: string, type: string, data: Record<string, unknown>): StoredEvent => ({
  id: '00000000-0000-0000-0000-000000000000',
  streamId,
  revision: 0,
  position: 1,
  type,
  data,
  metadata: { at: '2025-01-01T00:00:00.000Z' },
});
const channels = (e: StoredEvent, known?: Map<string, string>) => toPushMessages(e, known).map((m) => `${m.channel} ${m.type}`);

t.test('given a gift sent in a room, when mapped, then the owner gets a wallet frame and the room a gift frame', async (t) => {
  const e = ev('wallet-u1', 'GiftSent', { reason: 'gift_out', refId: 'g', changes: [], giftSendId: 'g', giftId: 'rose', fromUserId: 'u1', toUserId: 'u2', count: 2, unitPrice: 5, coinsSpent: 10, roomId: 'r1' });
  t.same(channels(e), ['user:u1 wallet', 'room:r1 gift']);
  t.match(toPushMessages(e)[1]?.data, { value: 10, count: 2, giftId: 'rose' });
  t.same(channels({ ...e, data: { ...e.data, roomId: undefined } }), ['user:u1 wallet'], 'no room, no gift frame');
});

t.test('given every other wallet event, when mapped, then only its owner is told', async (t) => {
  for (const type of ['RechargeCredited', 'TransferReceived', 'RedPacketShareReceived', 'GiftIncomeReceived', 'CoinsExchanged', 'WithdrawalRefunded']) {
    t.same(channels(ev('wallet-u9', type, { reason: 'x', refId: 'y', changes: [] })), ['user:u9 wallet'], type);
  }
  const funded = toPushMessages(ev('wallet-u9', 'RedPacketFunded', { reason: 'red_packet_out', refId: 'p', changes: [], shares: [1, 2] }));
  t.notOk('shares' in (funded[0]?.data ?? {}), 'no pre-split shares');
});

t.test('given room member events, when mapped, then room.member frames with the action', async (t) => {
  t.match(toPushMessages(ev('room-r1', 'RoomMemberJoined', { roomId: 'r1', userId: 'u', onlineCount: 3 })), [{ channel: 'room:r1', type: 'room.member', data: { action: 'joined', onlineCount: 3 } }]);
  t.match(toPushMessages(ev('room-r1', 'RoomMemberLeft', { roomId: 'r1', userId: 'u', onlineCount: 2 })), [{ data: { action: 'left' } }]);
  t.match(toPushMessages(ev('room-r1', 'RoomMemberBanned', { roomId: 'r1', userId: 'u', onlineCount: 1 })), [{ data: { action: 'banned' } }]);
  t.same(toPushMessages(ev('room-r1', 'RoomCreated', { roomId: 'r1' })), []);
});

t.test('given room lifecycle, detail and mute events, when mapped, then the room hears each and a muted member hears it too', async (t) => {
  const room = (type: string, data: Record<string, unknown>) => toPushMessages(ev('room-r1', type, { roomId: 'r1', ...data }));
  t.same(room('RoomClosed', { closedBy: 'op' }), [{ channel: 'room:r1', type: 'room.closed', data: { roomId: 'r1', by: 'op' } }]);
  t.same(room('RoomReopened', { reopenedBy: 'op', title: 'Lobby', avatarUrl: 'https://img.example/l.png' }), [
    { channel: 'room:r1', type: 'room.reopened', data: { roomId: 'r1', by: 'op', title: 'Lobby', avatarUrl: 'https://img.example/l.png' } },
  ]);
  const times = { createdAt: '2025-01-01T00:00:00.000Z', closedAt: '2025-01-02T00:00:00.000Z' };
  t.same(room('RoomReopened', { reopenedBy: 'op', title: 'Lobby', ...times }), [{ channel: 'room:r1', type: 'room.reopened', data: { roomId: 'r1', by: 'op', title: 'Lobby', ...times } }], 'the times come along when recorded');
  t.same(room('RoomDeleted', { deletedBy: 'ops' }), [{ channel: 'room:r1', type: 'room.deleted', data: { roomId: 'r1', by: 'ops' } }]);
  t.same(room('RoomDetailsChanged', { title: 'Lounge' }), [{ channel: 'room:r1', type: 'room.updated', data: { roomId: 'r1', title: 'Lounge' } }]);
  const until = '2025-01-01T00:10:00.000Z';
  t.same(room('RoomMemberMuted', { userId: 'bob', until }), [
    { channel: 'room:r1', type: 'room.muted', data: { roomId: 'r1', userId: 'bob', until } },
    { channel: 'user:bob', type: 'room.muted', data: { roomId: 'r1', userId: 'bob', until } },
  ]);
  t.same(channels(ev('room-r1', 'RoomMemberUnmuted', { roomId: 'r1', userId: 'bob' })), ['room:r1 room.muted', 'user:bob room.muted']);
  t.match(room('RoomMemberUnmuted', { userId: 'bob' }), [{ data: { until: null } }]);
  t.same(room('RoomGuestEntered', { deviceId: 'd', guestCount: 1 }), [], 'guests come and go without a frame');
});

t.test('given transfer events, when mapped, then both parties get a transfer frame with the status', async (t) => {
  const data = { transferId: 't', fromUserId: 'a', toUserId: 'b', amount: 5 };
  for (const [type, status] of [['TransferCreated', 'pending'], ['TransferAccepted', 'accepted'], ['TransferReturned', 'returned'], ['TransferExpired', 'expired']] as const) {
    const out = toPushMessages(ev('transfer-t', type, data));
    t.same(out.map((m) => m.channel), ['user:b', 'user:a'], type);
    t.match(out[0], { type: 'transfer', data: { status, amount: 5 } });
  }
});

t.test('given red packet events, when mapped, then the target channel hears of creation and grabs', async (t) => {
  const created = ev('red-packet-p', 'RedPacketCreated', { redPacketId: 'p', senderId: 'a', total: 3, count: 3, shares: [1, 1, 1], target: { type: 'room', id: 'r1' } });
  const target = redPacketTargetOf(created);
  t.same(target, { redPacketId: 'p', channel: 'room:r1' });
  const known = new Map([['p', 'room:r1']]);
  t.same(channels(created, known), ['room:r1 red_packet']);
  const grabbed = ev('red-packet-p', 'RedPacketGrabbed', { redPacketId: 'p', userId: 'b', amount: 1, shareIndex: 0, remainingCount: 2, remainingAmount: 2 });
  t.match(toPushMessages(grabbed, known), [{ channel: 'room:r1', data: { action: 'grabbed', userId: 'b', amount: 1, remainingCount: 2 } }]);
  t.same(toPushMessages(grabbed), [], 'an unknown packet has no channel');
});

t.test('given a member removed from a group, when mapped, then that member loses the group channel', async (t) => {
  t.same(revocationsOf(ev('group-g1', 'GroupMemberRemoved', { groupId: 'g1', userId: 'bob', removedBy: 'ann' })), [{ channel: 'group:g1', userId: 'bob' }]);
  t.same(revocationsOf(ev('group-g1', 'GroupMembersAdded', { groupId: 'g1', userIds: ['bob'], addedBy: 'ann' })), [], 'adding revokes nothing');
});
