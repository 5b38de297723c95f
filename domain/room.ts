// A live or voice room: who is in it and who may not enter. Gift totals are not kept here: a
// busy room would turn its stream into a hot spot for every gift, so they come from projections.
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { PersistentSet } from './persistent.js';
import { actor, requireId, requirePositive, requireText } from './rules.js';

export type RoomKind = 'live' | 'voice';
export type RoomTerms = { roomId: string; title: string; kind: RoomKind; seats?: number; hostId: string };

export type RoomCreated = { type: 'RoomCreated'; data: RoomTerms };
export type RoomMemberJoined = { type: 'RoomMemberJoined'; data: { roomId: string; userId: string; onlineCount: number } };
export type RoomMemberLeft = { type: 'RoomMemberLeft'; data: { roomId: string; userId: string; onlineCount: number } };
/** The host banned a user; a banned member leaves the room at once. */
export type RoomMemberBanned = { type: 'RoomMemberBanned'; data: { roomId: string; userId: string; onlineCount: number } };
export type RoomClosed = { type: 'RoomClosed'; data: { roomId: string; closedBy: string } };
export type RoomEvent = RoomCreated | RoomMemberJoined | RoomMemberLeft | RoomMemberBanned | RoomClosed;

export type CreateRoom = { type: 'CreateRoom'; data: RoomTerms; metadata: CommandMetadata };
export type JoinRoom = { type: 'JoinRoom'; data: { roomId: string; userId: string }; metadata: CommandMetadata };
export type LeaveRoom = { type: 'LeaveRoom'; data: { roomId: string; userId: string }; metadata: CommandMetadata };
/** Host only (metadata.userId). */
export type CloseRoom = { type: 'CloseRoom'; data: { roomId: string }; metadata: CommandMetadata };
/** Host only (metadata.userId). */
export type BanFromRoom = { type: 'BanFromRoom'; data: { roomId: string; userId: string }; metadata: CommandMetadata };
export type RoomCommand = CreateRoom | JoinRoom | LeaveRoom | CloseRoom | BanFromRoom;

export const MAX_TITLE_LENGTH = 100;

type Held = RoomTerms & { members: PersistentSet; banned: PersistentSet; onlineCount: number };
/** The host is not a member until they join. A closed room has no members. */
export type Room = { status: 'absent' } | ({ status: 'open' } & Held) | ({ status: 'closed' } & Held);

export const initialState = (): Room => ({ status: 'absent' });

/** For the gift service's NOT_IN_ROOM check. */
export const isRoomMember = (s: Room, userId: string): boolean => s.status === 'open' && s.members.has(userId);

export const evolve = (s: Room, e: RoomEvent): Room => {
  if (e.type === 'RoomCreated') return s.status === 'absent' ? { status: 'open', ...e.data, members: PersistentSet.empty(), banned: PersistentSet.empty(), onlineCount: 0 } : s;
  if (s.status !== 'open') return s;
  switch (e.type) {
    case 'RoomMemberJoined':
      return { ...s, members: s.members.add(e.data.userId), onlineCount: e.data.onlineCount };
    case 'RoomMemberLeft':
      return { ...s, members: s.members.delete(e.data.userId), onlineCount: e.data.onlineCount };
    case 'RoomMemberBanned':
      return { ...s, members: s.members.delete(e.data.userId), banned: s.banned.add(e.data.userId), onlineCount: e.data.onlineCount };
    case 'RoomClosed':
      return { ...s, status: 'closed', members: PersistentSet.empty(), onlineCount: 0 };
    default:
      return s;
  }
};

const create = (c: CreateRoom, s: Room): RoomEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this room already exists', { roomId: c.data.roomId });
  const { roomId, title, kind, seats, hostId } = c.data;
  requireId('roomId', roomId);
  requireId('hostId', hostId);
  requireText('title', title, { max: MAX_TITLE_LENGTH });
  const data: RoomTerms = { roomId, title, kind, hostId };
  if (seats !== undefined) data.seats = requirePositive('seats', seats);
  return [{ type: 'RoomCreated', data }];
};

const openRoom = (s: Room, roomId: string): Extract<Room, { status: 'open' }> => {
  if (s.status === 'absent') return fail('NOT_FOUND', 'no such room', { roomId });
  if (s.status === 'closed') return fail('ROOM_CLOSED', 'this room is closed', { roomId });
  return s;
};

const requireHost = (c: CloseRoom | BanFromRoom, s: Room): void => {
  if (s.status === 'absent') fail('NOT_FOUND', 'no such room', { roomId: c.data.roomId });
  else if (actor(c.metadata) !== s.hostId) fail('FORBIDDEN', 'only the host may do this');
};

export const decide = (c: RoomCommand, s: Room): RoomEvent[] => {
  switch (c.type) {
    case 'CreateRoom':
      return create(c, s);
    case 'JoinRoom': {
      const room = openRoom(s, c.data.roomId);
      const { roomId, userId } = c.data;
      if (room.banned.has(userId)) return fail('BANNED_FROM_ROOM', 'you are banned from this room', { roomId });
      if (room.members.has(userId)) return [];
      return [{ type: 'RoomMemberJoined', data: { roomId, userId: requireId('userId', userId), onlineCount: room.onlineCount + 1 } }];
    }
    case 'LeaveRoom': {
      // Leaving is always harmless: not a member, or the room is gone or closed, means no events.
      if (s.status !== 'open' || !s.members.has(c.data.userId)) return [];
      return [{ type: 'RoomMemberLeft', data: { roomId: c.data.roomId, userId: c.data.userId, onlineCount: s.onlineCount - 1 } }];
    }
    case 'CloseRoom':
      requireHost(c, s);
      if (s.status !== 'open') return [];
      return [{ type: 'RoomClosed', data: { roomId: c.data.roomId, closedBy: s.hostId } }];
    case 'BanFromRoom': {
      requireHost(c, s);
      const room = openRoom(s, c.data.roomId);
      const { roomId, userId } = c.data;
      if (userId === room.hostId) return fail('VALIDATION_FAILED', 'the host cannot ban themselves', { field: 'userId' });
      if (room.banned.has(userId)) return [];
      const onlineCount = room.members.has(userId) ? room.onlineCount - 1 : room.onlineCount;
      return [{ type: 'RoomMemberBanned', data: { roomId, userId: requireId('userId', userId), onlineCount } }];
    }
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const roomStream = (roomId: string): string => `room-${roomId}`;

export const roomDecider: Decider<Room, RoomCommand, RoomEvent> = { initialState, evolve, decide };
