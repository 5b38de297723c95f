import t from 'tap';
import { isRoomMember, roomDecider, roomStream, type RoomCommand, type RoomEvent } from '../../domain/room.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const room = spec(roomDecider);

const terms = { roomId: 'r1', title: 'Friday night', kind: 'live', seats: 8, hostId: 'host' } as const;
const created: RoomEvent = { type: 'RoomCreated', data: terms };
const joined = (userId: string, onlineCount: number): RoomEvent => ({ type: 'RoomMemberJoined', data: { roomId: 'r1', userId, onlineCount } });
const join = (userId: string): RoomCommand => ({ type: 'JoinRoom', data: { roomId: 'r1', userId }, metadata: meta(at, userId) });
const leave = (userId: string): RoomCommand => ({ type: 'LeaveRoom', data: { roomId: 'r1', userId }, metadata: meta(at, userId) });
const close = (by: string): RoomCommand => ({ type: 'CloseRoom', data: { roomId: 'r1' }, metadata: meta(at, by) });
const ban = (by: string, userId: string): RoomCommand => ({ type: 'BanFromRoom', data: { roomId: 'r1', userId }, metadata: meta(at, by) });
const closed: RoomEvent = { type: 'RoomClosed', data: { roomId: 'r1', closedBy: 'host' } };
const banned = (userId: string, onlineCount: number): RoomEvent => ({ type: 'RoomMemberBanned', data: { roomId: 'r1', userId, onlineCount } });

t.test('the stream id comes from the room id', async (t) => t.equal(roomStream('3'), 'room-3'));

t.test('create, and refuse a second creation of the same id', async () => {
  const create: RoomCommand = { type: 'CreateRoom', data: terms, metadata: meta(at, 'host') };
  room.given([]).when(create).then([created]);
  room.given([created]).when(create).thenThrows('CONFLICT');
  room.given([]).when({ ...create, data: { roomId: 'r1', title: ' ', kind: 'voice', hostId: 'host' } }).thenThrows('VALIDATION_FAILED');
});

t.test('joining counts members; joining twice is harmless', async (t) => {
  room.given([created]).when(join('ann')).then([joined('ann', 1)]);
  room.given([created, joined('ann', 1)]).when(join('bob')).then([joined('bob', 2)]);
  room.given([created, joined('ann', 1)]).when(join('ann')).then([]);
  t.ok(isRoomMember(room.given([created, joined('ann', 1)]).state(), 'ann'));
  t.notOk(isRoomMember(room.given([created, joined('ann', 1)]).state(), 'bob'));
});

t.test('leaving: members leave, others change nothing', async () => {
  room.given([created, joined('ann', 1)]).when(leave('ann')).then([{ type: 'RoomMemberLeft', data: { roomId: 'r1', userId: 'ann', onlineCount: 0 } }]);
  room.given([created]).when(leave('ann')).then([]);
});

t.test('a closed room refuses joins and empties', async (t) => {
  room.given([created, joined('ann', 1), closed]).when(join('bob')).thenThrows('ROOM_CLOSED');
  t.equal(room.given([created, joined('ann', 1), closed]).state().status, 'closed');
  t.notOk(isRoomMember(room.given([created, joined('ann', 1), closed]).state(), 'ann'));
  room.given([]).when(join('bob')).thenThrows('NOT_FOUND');
});

t.test('only the host closes; closing twice is harmless', async () => {
  room.given([created]).when(close('ann')).thenThrows('FORBIDDEN');
  room.given([created]).when(close('host')).then([closed]);
  room.given([created, closed]).when(close('host')).then([]);
});

t.test('only the host bans; a banned user is removed and cannot come back', async (t) => {
  room.given([created, joined('ann', 1)]).when(ban('bob', 'ann')).thenThrows('FORBIDDEN');
  room.given([created, joined('ann', 1)]).when(ban('host', 'ann')).then([banned('ann', 0)]);
  room.given([created]).when(ban('host', 'ann')).then([banned('ann', 0)]);
  room.given([created, banned('ann', 0)]).when(join('ann')).thenThrows('BANNED_FROM_ROOM');
  room.given([created, banned('ann', 0)]).when(ban('host', 'ann')).then([]);
  room.given([created]).when(ban('host', 'host')).thenThrows('VALIDATION_FAILED');
  t.notOk(isRoomMember(room.given([created, joined('ann', 1), banned('ann', 0)]).state(), 'ann'));
});
