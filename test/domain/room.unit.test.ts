import t from 'tap';
import { isRoomGuest, isRoomMember, roomDecider, roomMutedUntil, roomStream, type RoomCommand, type RoomEvent } from '../../domain/room.js';
import { meta, spec } from '../support/decider-spec.js';

const at = '2025-01-01T00:00:00.000Z';
const room = spec(roomDecider);

const terms = { roomId: 'r1', title: 'Friday night', kind: 'live', seats: 8, hostId: 'host' } as const;
const created: RoomEvent = { type: 'RoomCreated', data: { ...terms, createdAt: at } };
const joined = (userId: string, onlineCount: number): RoomEvent => ({ type: 'RoomMemberJoined', data: { roomId: 'r1', userId, onlineCount } });
const join = (userId: string): RoomCommand => ({ type: 'JoinRoom', data: { roomId: 'r1', userId }, metadata: meta(at, userId) });
const leave = (userId: string): RoomCommand => ({ type: 'LeaveRoom', data: { roomId: 'r1', userId }, metadata: meta(at, userId) });
const close = (by: string): RoomCommand => ({ type: 'CloseRoom', data: { roomId: 'r1' }, metadata: meta(at, by) });
const ban = (by: string, userId: string): RoomCommand => ({ type: 'BanFromRoom', data: { roomId: 'r1', userId }, metadata: meta(at, by) });
const closed: RoomEvent = { type: 'RoomClosed', data: { roomId: 'r1', closedBy: 'host', closedAt: at } };
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

// Chatrooms: operators, lifecycle, details, guests and mutes.
const later = '2025-01-01T00:10:00.000Z';
const chat = { roomId: 'r1', title: 'Lobby', kind: 'chatroom', hostId: 'op', guests: true } as const;
const chatCreated: RoomEvent = { type: 'RoomCreated', data: chat };
type Managed = { operator?: boolean };
const managedCmd = (type: 'CloseRoom' | 'ReopenRoom' | 'DeleteRoom', by: string, opts: Managed = {}): RoomCommand => ({ type, data: { roomId: 'r1', ...opts }, metadata: meta(at, by) });
const chatClosed = (by = 'op'): RoomEvent => ({ type: 'RoomClosed', data: { roomId: 'r1', closedBy: by, closedAt: at } });
/** After chatCreated (a room from before creation times were recorded: none on it) and chatClosed. */
const reopened = (by = 'op'): RoomEvent => ({ type: 'RoomReopened', data: { roomId: 'r1', reopenedBy: by, title: 'Lobby', closedAt: at } });
const deleted = (by = 'op'): RoomEvent => ({ type: 'RoomDeleted', data: { roomId: 'r1', deletedBy: by } });
const enter = (deviceId: string): RoomCommand => ({ type: 'EnterRoomAsGuest', data: { roomId: 'r1', deviceId }, metadata: meta(at) });
const exit = (deviceId: string): RoomCommand => ({ type: 'LeaveRoomAsGuest', data: { roomId: 'r1', deviceId }, metadata: meta(at) });
const entered = (deviceId: string, guestCount: number): RoomEvent => ({ type: 'RoomGuestEntered', data: { roomId: 'r1', deviceId, guestCount } });
const mute = (by: string, userId: string, until: string | null, opts: Managed = {}): RoomCommand => ({
  type: 'MuteInRoom',
  data: { roomId: 'r1', userId, until, ...opts },
  metadata: meta(at, by),
});
const muted = (userId: string, until: string): RoomEvent => ({ type: 'RoomMemberMuted', data: { roomId: 'r1', userId, until } });
const rename = (by: string, data: { title?: string; avatarUrl?: string }, opts: Managed = {}): RoomCommand => ({
  type: 'ChangeRoomDetails',
  data: { roomId: 'r1', ...data, ...opts },
  metadata: meta(at, by),
});

t.test('given a chatroom, when created, then its avatar and guest flag are terms; a bad avatar is refused', async () => {
  const create = (data: Partial<typeof chat> & { avatarUrl?: string }): RoomCommand => ({ type: 'CreateRoom', data: { ...chat, ...data }, metadata: meta(at, 'op') });
  room.given([]).when(create({ avatarUrl: 'https://img.example/lobby.png' })).then([{ type: 'RoomCreated', data: { ...chat, avatarUrl: 'https://img.example/lobby.png', createdAt: at } }]);
  room.given([]).when(create({ avatarUrl: 'javascript:alert(1)' })).thenThrows('VALIDATION_FAILED', { field: 'avatarUrl' });
  room.given([]).when(create({ avatarUrl: 'https://img.example/\u0000' })).thenThrows('VALIDATION_FAILED', { field: 'avatarUrl' });
});

t.test('given an open room, when someone neither host nor operator closes, reopens, deletes, renames, bans or mutes, then FORBIDDEN', async () => {
  for (const type of ['CloseRoom', 'ReopenRoom', 'DeleteRoom'] as const) {
    room.given([chatCreated]).when(managedCmd(type, 'ann')).thenThrows('FORBIDDEN');
    room.given([chatCreated]).when(managedCmd(type, 'ann', { operator: false })).thenThrows('FORBIDDEN');
  }
  room.given([chatCreated]).when(rename('ann', { title: 'Mine' })).thenThrows('FORBIDDEN');
  room.given([chatCreated]).when({ type: 'BanFromRoom', data: { roomId: 'r1', userId: 'bob' }, metadata: meta(at, 'ann') }).thenThrows('FORBIDDEN');
  room.given([chatCreated]).when(mute('ann', 'bob', later)).thenThrows('FORBIDDEN');
});

t.test('given a live room, when an operator closes it or bans someone, then it is done as by the host', async () => {
  room.given([created, joined('ann', 1)]).when(managedCmd('CloseRoom', 'ops', { operator: true })).then([chatClosed('ops')]);
  room.given([created, joined('ann', 1)]).when({ type: 'BanFromRoom', data: { roomId: 'r1', userId: 'ann', operator: true }, metadata: meta(at, 'ops') }).then([banned('ann', 0)]);
});

t.test('given a chatroom, when closed, reopened and deleted, then it goes open → closed → open → deleted, and deleted is gone', async (t) => {
  room.given([chatCreated, joined('ann', 1), entered('dev-1', 1)]).when(managedCmd('CloseRoom', 'op')).then([chatClosed()]);
  const shut = room.given([chatCreated, joined('ann', 1), entered('dev-1', 1), chatClosed()]).state();
  t.match(shut, { status: 'closed', onlineCount: 0, guestCount: 0 });
  room.given([chatCreated, chatClosed()]).when(managedCmd('ReopenRoom', 'ops', { operator: true })).then([reopened('ops')]);
  room.given([chatCreated]).when(managedCmd('ReopenRoom', 'op')).then([]);
  room.given([chatCreated, chatClosed(), reopened()]).when(join('ann')).then([joined('ann', 1)]);
  room.given([chatCreated, chatClosed()]).when(managedCmd('DeleteRoom', 'op')).then([deleted()]);
  room.given([chatCreated]).when(managedCmd('DeleteRoom', 'ops', { operator: true })).then([deleted('ops')]);
  t.same(room.given([chatCreated, joined('ann', 1), deleted()]).state(), { status: 'deleted', roomId: 'r1' }, 'a deleted room keeps nothing');

  const gone = [chatCreated, chatClosed(), deleted()];
  room.given(gone).when(managedCmd('ReopenRoom', 'op')).thenThrows('NOT_FOUND');
  room.given(gone).when(managedCmd('ReopenRoom', 'ops', { operator: true })).thenThrows('NOT_FOUND');
  room.given(gone).when(managedCmd('CloseRoom', 'op')).thenThrows('NOT_FOUND');
  room.given(gone).when(managedCmd('DeleteRoom', 'op')).thenThrows('NOT_FOUND');
  room.given(gone).when(join('ann')).thenThrows('NOT_FOUND');
  room.given(gone).when(enter('dev-1')).thenThrows('NOT_FOUND');
  room.given(gone).when(rename('op', { title: 'Back' })).thenThrows('NOT_FOUND');
  room.given(gone).when(mute('op', 'bob', later)).thenThrows('NOT_FOUND');
  room.given(gone).when(leave('ann')).then([]);
  t.notOk(isRoomMember(room.given([chatCreated, joined('ann', 1), deleted()]).state(), 'ann'));
});

t.test('given a chatroom created and closed at recorded times, when reopened, then the reopen carries both times; one from older events carries none', async () => {
  const create: RoomCommand = { type: 'CreateRoom', data: chat, metadata: meta(at, 'op') };
  const opened: RoomEvent = { type: 'RoomCreated', data: { ...chat, createdAt: at } };
  room.given([]).when(create).then([opened]);
  room.given([opened]).when({ ...managedCmd('CloseRoom', 'op'), metadata: meta(later, 'op') }).then([{ type: 'RoomClosed', data: { roomId: 'r1', closedBy: 'op', closedAt: later } }]);
  const shut: RoomEvent = { type: 'RoomClosed', data: { roomId: 'r1', closedBy: 'op', closedAt: later } };
  room.given([opened, shut]).when(managedCmd('ReopenRoom', 'op')).then([{ type: 'RoomReopened', data: { roomId: 'r1', reopenedBy: 'op', title: 'Lobby', createdAt: at, closedAt: later } }]);
  const oldClose: RoomEvent = { type: 'RoomClosed', data: { roomId: 'r1', closedBy: 'op' } };
  room.given([chatCreated, oldClose]).when(managedCmd('ReopenRoom', 'op')).then([{ type: 'RoomReopened', data: { roomId: 'r1', reopenedBy: 'op', title: 'Lobby' } }]);
});

t.test('given a room, when renamed or given a new avatar, then only what changed is recorded', async (t) => {
  const changed = (data: { title?: string; avatarUrl?: string }): RoomEvent => ({ type: 'RoomDetailsChanged', data: { roomId: 'r1', ...data } });
  room.given([chatCreated]).when(rename('op', { title: 'Lounge' })).then([changed({ title: 'Lounge' })]);
  room.given([chatCreated]).when(rename('ops', { avatarUrl: 'https://img.example/l.png' }, { operator: true })).then([changed({ avatarUrl: 'https://img.example/l.png' })]);
  room.given([chatCreated]).when(rename('op', { title: 'Lobby', avatarUrl: 'https://img.example/l.png' })).then([changed({ avatarUrl: 'https://img.example/l.png' })]);
  room.given([chatCreated]).when(rename('op', { title: 'Lobby' })).then([]);
  room.given([chatCreated, chatClosed()]).when(rename('op', { title: 'Closed for now' })).then([changed({ title: 'Closed for now' })]);
  room.given([chatCreated]).when(rename('op', {})).thenThrows('VALIDATION_FAILED');
  room.given([chatCreated]).when(rename('op', { title: ' ' })).thenThrows('VALIDATION_FAILED', { field: 'title' });
  room.given([chatCreated]).when(rename('op', { avatarUrl: 'data:image/png;base64,AAAA' })).thenThrows('VALIDATION_FAILED', { field: 'avatarUrl' });
  const renamed = room.given([chatCreated, changed({ title: 'Lounge', avatarUrl: 'https://img.example/l.png' })]).state();
  t.match(renamed, { title: 'Lounge', avatarUrl: 'https://img.example/l.png' });
  room.given([chatCreated, changed({ avatarUrl: 'https://img.example/l.png' }), chatClosed()])
    .when(managedCmd('ReopenRoom', 'op'))
    .then([{ type: 'RoomReopened', data: { roomId: 'r1', reopenedBy: 'op', title: 'Lobby', avatarUrl: 'https://img.example/l.png', closedAt: at } }]);
});

t.test('given a room that admits guests, when devices enter and leave, then they are counted apart from members and are never members', async (t) => {
  room.given([chatCreated]).when(enter('dev-1')).then([entered('dev-1', 1)]);
  room.given([chatCreated, joined('ann', 1), entered('dev-1', 1)]).when(enter('dev-2')).then([entered('dev-2', 2)]);
  room.given([chatCreated, entered('dev-1', 1)]).when(enter('dev-1')).then([]);
  room.given([chatCreated, entered('dev-1', 1)]).when(exit('dev-1')).then([{ type: 'RoomGuestLeft', data: { roomId: 'r1', deviceId: 'dev-1', guestCount: 0 } }]);
  room.given([chatCreated]).when(exit('dev-1')).then([]);
  const inside = room.given([chatCreated, joined('ann', 1), entered('dev-1', 1)]).state();
  t.match(inside, { onlineCount: 1, guestCount: 1 });
  t.ok(isRoomGuest(inside, 'dev-1'));
  t.notOk(isRoomMember(inside, 'dev-1'), 'a guest is not a member');
  t.notOk(isRoomGuest(inside, 'ann'), 'a member is not a guest');
  room.given([chatCreated, chatClosed()]).when(enter('dev-1')).thenThrows('ROOM_CLOSED');
  room.given([]).when(enter('dev-1')).thenThrows('NOT_FOUND');
});

t.test('given a room that does not admit guests, when a device enters, then FORBIDDEN says so', async () => {
  room.given([created]).when(enter('dev-1')).thenThrows('FORBIDDEN', { roomId: 'r1' });
  room.given([{ type: 'RoomCreated', data: { ...chat, guests: false } }]).when(enter('dev-1')).thenThrows('FORBIDDEN');
});

t.test('given a room, when a member is muted until a time, then the mute is in force until then and can be lifted', async (t) => {
  room.given([chatCreated]).when(mute('op', 'bob', later)).then([muted('bob', later)]);
  room.given([chatCreated]).when(mute('ops', 'bob', later, { operator: true })).then([muted('bob', later)]);
  room.given([chatCreated, muted('bob', later)]).when(mute('op', 'bob', later)).then([]);
  room.given([chatCreated, muted('bob', later)]).when(mute('op', 'bob', '2025-01-01T00:20:00.000Z')).then([muted('bob', '2025-01-01T00:20:00.000Z')]);
  room.given([chatCreated, muted('bob', later)]).when(mute('op', 'bob', null)).then([{ type: 'RoomMemberUnmuted', data: { roomId: 'r1', userId: 'bob' } }]);
  room.given([chatCreated]).when(mute('op', 'bob', null)).then([]);

  const s = room.given([chatCreated, muted('bob', later)]).state();
  t.equal(roomMutedUntil(s, 'bob', at), later, 'in force before the end');
  t.equal(roomMutedUntil(s, 'bob', '2025-01-01T00:09:59.999Z'), later);
  t.equal(roomMutedUntil(s, 'bob', later), null, 'over at the end');
  t.equal(roomMutedUntil(s, 'ann', at), null, 'others are not muted');
  t.equal(roomMutedUntil(room.given([chatCreated, muted('bob', later), { type: 'RoomMemberUnmuted', data: { roomId: 'r1', userId: 'bob' } }]).state(), 'bob', at), null, 'lifted');
  t.equal(roomMutedUntil(room.given([chatCreated, muted('bob', later), chatClosed(), reopened()]).state(), 'bob', at), later, 'a mute outlives a close');
  t.equal(roomMutedUntil(room.given([chatCreated, muted('bob', later), deleted()]).state(), 'bob', at), null, 'a deleted room mutes no one');
});

t.test('given a room, when a mute ends now or earlier, is not a time, or targets the host, then it is refused', async () => {
  room.given([chatCreated]).when(mute('op', 'bob', at)).thenThrows('VALIDATION_FAILED', { field: 'until' });
  room.given([chatCreated]).when(mute('op', 'bob', '2024-12-31T23:59:59.000Z')).thenThrows('VALIDATION_FAILED', { field: 'until' });
  room.given([chatCreated]).when(mute('op', 'bob', 'tomorrow')).thenThrows('VALIDATION_FAILED', { field: 'until' });
  room.given([chatCreated]).when(mute('op', 'op', later)).thenThrows('VALIDATION_FAILED', { field: 'userId' });
});
