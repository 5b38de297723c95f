import t from 'tap';
import { redPacketDecider, type RedPacket, type RedPacketEvent } from '../../../domain/redPacket.js';
import { isRoomMember, roomDecider, type Room, type RoomEvent } from '../../../domain/room.js';
import { decodeSnapshot, encodeSnapshot } from '../../../services/shared/commands/snapshots.js';

const at = '2026-01-01T00:00:00.000Z';
const roundTrip = <S>(state: S): S => decodeSnapshot(encodeSnapshot({ revision: 7, state, recent: [] })).state as S;

t.test('given a red packet with grabs, when its snapshot is written and read back, then the grabs are still known', async (t) => {
  const created: RedPacketEvent = {
    type: 'RedPacketCreated',
    data: { redPacketId: 'p1', senderId: 's', kind: 'fixed', total: 30, count: 3, shares: [10, 10, 10], target: { type: 'group', id: 'g1' }, expiresAt: '2026-01-02T00:00:00.000Z' },
  };
  const grabbed: RedPacketEvent = { type: 'RedPacketGrabbed', data: { redPacketId: 'p1', userId: 'ann', amount: 10, shareIndex: 0, remainingCount: 2, remainingAmount: 20 } };
  const state = [created, grabbed].reduce<RedPacket>(redPacketDecider.evolve, redPacketDecider.initialState());
  const restored = roundTrip(state);
  t.same(restored.status === 'open' && restored.grabs.get('ann'), 10);
  t.throws(
    () => redPacketDecider.decide({ type: 'GrabRedPacket', data: { redPacketId: 'p1', userId: 'ann', eligible: true }, metadata: { commandId: 'c', at } }, restored),
    { code: 'ALREADY_GRABBED' },
    'a user who grabbed before the snapshot cannot grab again after it',
  );
});

t.test('given a room with members, when its snapshot is written and read back, then membership is the same', async (t) => {
  const events: RoomEvent[] = [
    { type: 'RoomCreated', data: { roomId: 'r1', hostId: 'h', title: 'x', kind: 'live' } },
    { type: 'RoomMemberJoined', data: { roomId: 'r1', userId: 'ann', onlineCount: 1 } },
    { type: 'RoomMemberJoined', data: { roomId: 'r1', userId: 'bob', onlineCount: 2 } },
    { type: 'RoomMemberLeft', data: { roomId: 'r1', userId: 'ann', onlineCount: 1 } },
  ];
  const restored = roundTrip(events.reduce<Room>(roomDecider.evolve, roomDecider.initialState()));
  t.ok(isRoomMember(restored, 'bob'));
  t.notOk(isRoomMember(restored, 'ann'));
  t.equal(restored.status === 'open' ? restored.members.size : -1, 1);
});
