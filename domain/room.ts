// A room: a live or voice room a host opens for viewers, or a chatroom an operator runs for the
// public, guests included. Who is in it, who may not enter or speak, and its lifecycle: open,
// closed, open again, deleted for good. Gift totals are not kept here: a busy room would turn its
// stream into a hot spot for every gift, so they come from projections.
//
// A room is managed by its host or by an operator. Roles live in the account streams, so the
// application layer passes its verdict in (`operator`) and the decider checks
// `actor === hostId || operator`.
import { MAX_AVATAR_URL_LENGTH } from './account.js';
import type { CommandMetadata, Decider } from './aggregate.js';
import { fail } from './errors.js';
import { PersistentMap, PersistentSet } from './persistent.js';
import { actor, reached, requireHttpUrl, requireId, requirePositive, requireText, requireTime } from './rules.js';

export type RoomKind = 'live' | 'voice' | 'chatroom';
/** `guests`: devices without an account may enter. Absent (rooms created before guests) means no. */
export type RoomTerms = { roomId: string; title: string; kind: RoomKind; seats?: number; hostId: string; avatarUrl?: string; guests?: boolean };

type MemberCount = { roomId: string; userId: string; onlineCount: number };
type GuestCount = { roomId: string; deviceId: string; guestCount: number };

/** `createdAt` (the command's time) is absent on rooms created before it was recorded. */
export type RoomCreated = { type: 'RoomCreated'; data: RoomTerms & { createdAt?: string } };
export type RoomMemberJoined = { type: 'RoomMemberJoined'; data: MemberCount };
export type RoomMemberLeft = { type: 'RoomMemberLeft'; data: MemberCount };
/** The host or an operator banned a user; a banned member leaves the room at once. */
export type RoomMemberBanned = { type: 'RoomMemberBanned'; data: MemberCount };
/** Members and guests are out; bans and mutes stay. `closedAt` (the command's time) is absent on older events. */
export type RoomClosed = { type: 'RoomClosed'; data: { roomId: string; closedBy: string; closedAt?: string } };
/**
 * Open again and empty. Title, avatar, when it was created and when it was last closed come along
 * so a notice can show the room whole (its counts are 0); the times are absent when the room's
 * older events did not record them.
 */
export type RoomReopened = { type: 'RoomReopened'; data: { roomId: string; reopenedBy: string; title: string; avatarUrl?: string; createdAt?: string; closedAt?: string } };
/** Terminal: the room is gone for everyone but the audit. */
export type RoomDeleted = { type: 'RoomDeleted'; data: { roomId: string; deletedBy: string } };
/** Only the fields that changed. */
export type RoomDetailsChanged = { type: 'RoomDetailsChanged'; data: { roomId: string; title?: string; avatarUrl?: string } };
/** A device without an account came in; guests are counted apart from members and never are one. */
export type RoomGuestEntered = { type: 'RoomGuestEntered'; data: GuestCount };
export type RoomGuestLeft = { type: 'RoomGuestLeft'; data: GuestCount };
/** The user may not send in this room before `until`; a later mute replaces it. */
export type RoomMemberMuted = { type: 'RoomMemberMuted'; data: { roomId: string; userId: string; until: string } };
export type RoomMemberUnmuted = { type: 'RoomMemberUnmuted'; data: { roomId: string; userId: string } };
export type RoomEvent =
  | RoomCreated
  | RoomMemberJoined
  | RoomMemberLeft
  | RoomMemberBanned
  | RoomClosed
  | RoomReopened
  | RoomDeleted
  | RoomDetailsChanged
  | RoomGuestEntered
  | RoomGuestLeft
  | RoomMemberMuted
  | RoomMemberUnmuted;

type Cmd<T extends string, D> = { type: T; data: D; metadata: CommandMetadata };
/** Commands of the host or an operator: `operator` is the application layer's role check (absent: no). */
type Managed = { roomId: string; operator?: boolean };
export type CreateRoom = Cmd<'CreateRoom', RoomTerms>;
export type JoinRoom = Cmd<'JoinRoom', { roomId: string; userId: string }>;
export type LeaveRoom = Cmd<'LeaveRoom', { roomId: string; userId: string }>;
export type CloseRoom = Cmd<'CloseRoom', Managed>;
export type ReopenRoom = Cmd<'ReopenRoom', Managed>;
export type DeleteRoom = Cmd<'DeleteRoom', Managed>;
export type ChangeRoomDetails = Cmd<'ChangeRoomDetails', Managed & { title?: string; avatarUrl?: string }>;
export type BanFromRoom = Cmd<'BanFromRoom', Managed & { userId: string }>;
/** `until` must be after metadata.at; null lifts the mute. */
export type MuteInRoom = Cmd<'MuteInRoom', Managed & { userId: string; until: string | null }>;
export type EnterRoomAsGuest = Cmd<'EnterRoomAsGuest', { roomId: string; deviceId: string }>;
export type LeaveRoomAsGuest = Cmd<'LeaveRoomAsGuest', { roomId: string; deviceId: string }>;
export type RoomCommand =
  | CreateRoom
  | JoinRoom
  | LeaveRoom
  | CloseRoom
  | ReopenRoom
  | DeleteRoom
  | ChangeRoomDetails
  | BanFromRoom
  | MuteInRoom
  | EnterRoomAsGuest
  | LeaveRoomAsGuest;

export const MAX_TITLE_LENGTH = 100;

type Held = RoomTerms & {
  members: PersistentSet;
  banned: PersistentSet;
  onlineCount: number;
  /** Device ids of the guests inside. */
  guestDevices: PersistentSet;
  guestCount: number;
  /** Muted user → until. A mute past its end stays here (not in force) until lifted or replaced. */
  mutes: PersistentMap<string>;
  /** When it was created and last closed (absent when its events predate them). */
  createdAt?: string;
  closedAt?: string;
};
/** The host is not a member until they join. A closed room has no members and no guests. */
export type Room = { status: 'absent' } | ({ status: 'open' } & Held) | ({ status: 'closed' } & Held) | { status: 'deleted'; roomId: string };
type Present = Extract<Room, { status: 'open' | 'closed' }>;
type Open = Extract<Room, { status: 'open' }>;

export const initialState = (): Room => ({ status: 'absent' });

/** For the gift service's NOT_IN_ROOM check. */
export const isRoomMember = (s: Room, userId: string): boolean => s.status === 'open' && s.members.has(userId);

/** Is this device inside as a guest (it may read, never send)? */
export const isRoomGuest = (s: Room, deviceId: string): boolean => s.status === 'open' && s.guestDevices.has(deviceId);

/** The end of the user's mute when one is in force at that instant, else null (the send check). */
export const roomMutedUntil = (s: Room, userId: string, atIso: string): string | null => {
  if (s.status !== 'open' && s.status !== 'closed') return null;
  const until = s.mutes.get(userId);
  return until !== undefined && Date.parse(until) > Date.parse(atIso) ? until : null;
};

const nobodyInside = { members: PersistentSet.empty(), onlineCount: 0, guestDevices: PersistentSet.empty(), guestCount: 0 };

type PresenceEvent = Extract<RoomEvent, { type: 'RoomMemberJoined' | 'RoomMemberLeft' | 'RoomMemberBanned' | 'RoomGuestEntered' | 'RoomGuestLeft' | 'RoomClosed' }>;

const evolveOpen = (s: Open, e: PresenceEvent): Room => {
  switch (e.type) {
    case 'RoomMemberJoined':
      return { ...s, members: s.members.add(e.data.userId), onlineCount: e.data.onlineCount };
    case 'RoomMemberLeft':
      return { ...s, members: s.members.delete(e.data.userId), onlineCount: e.data.onlineCount };
    case 'RoomMemberBanned':
      return { ...s, members: s.members.delete(e.data.userId), banned: s.banned.add(e.data.userId), onlineCount: e.data.onlineCount };
    case 'RoomGuestEntered':
      return { ...s, guestDevices: s.guestDevices.add(e.data.deviceId), guestCount: e.data.guestCount };
    case 'RoomGuestLeft':
      return { ...s, guestDevices: s.guestDevices.delete(e.data.deviceId), guestCount: e.data.guestCount };
    case 'RoomClosed':
      return { ...s, ...nobodyInside, status: 'closed', ...(e.data.closedAt !== undefined ? { closedAt: e.data.closedAt } : {}) };
    default:
      return s;
  }
};

export const evolve = (s: Room, e: RoomEvent): Room => {
  if (e.type === 'RoomCreated') return s.status === 'absent' ? { status: 'open', ...e.data, banned: PersistentSet.empty(), mutes: PersistentMap.empty(), ...nobodyInside } : s;
  if (s.status === 'absent' || s.status === 'deleted') return s;
  switch (e.type) {
    case 'RoomDeleted':
      return { status: 'deleted', roomId: s.roomId };
    case 'RoomReopened':
      return s.status === 'closed' ? { ...s, status: 'open' } : s;
    case 'RoomDetailsChanged': {
      const { title, avatarUrl } = e.data;
      return { ...s, ...(title !== undefined ? { title } : {}), ...(avatarUrl !== undefined ? { avatarUrl } : {}) };
    }
    case 'RoomMemberMuted':
      return { ...s, mutes: s.mutes.set(e.data.userId, e.data.until) };
    case 'RoomMemberUnmuted':
      return { ...s, mutes: s.mutes.delete(e.data.userId) };
    case 'RoomMemberJoined':
    case 'RoomMemberLeft':
    case 'RoomMemberBanned':
    case 'RoomGuestEntered':
    case 'RoomGuestLeft':
    case 'RoomClosed':
      return s.status === 'open' ? evolveOpen(s, e) : s;
    default:
      return s;
  }
};

const create = (c: CreateRoom, s: Room): RoomEvent[] => {
  if (s.status !== 'absent') return fail('CONFLICT', 'this room already exists', { roomId: c.data.roomId });
  const { roomId, title, kind, seats, hostId, avatarUrl, guests } = c.data;
  requireId('roomId', roomId);
  requireId('hostId', hostId);
  requireText('title', title, { max: MAX_TITLE_LENGTH });
  const data: RoomCreated['data'] = { roomId, title, kind, hostId };
  if (seats !== undefined) data.seats = requirePositive('seats', seats);
  if (avatarUrl !== undefined) data.avatarUrl = requireHttpUrl('avatarUrl', avatarUrl, MAX_AVATAR_URL_LENGTH);
  if (guests !== undefined) data.guests = guests;
  data.createdAt = c.metadata.at;
  return [{ type: 'RoomCreated', data }];
};

const reopenedData = (room: Present, reopenedBy: string): RoomReopened['data'] => {
  const { roomId, title, avatarUrl, createdAt, closedAt } = room;
  const times = { ...(createdAt !== undefined ? { createdAt } : {}), ...(closedAt !== undefined ? { closedAt } : {}) };
  return { roomId, reopenedBy, title, ...(avatarUrl !== undefined ? { avatarUrl } : {}), ...times };
};

/** A deleted room is no room at all. */
const present = (s: Room, roomId: string): Present => (s.status === 'open' || s.status === 'closed' ? s : fail('NOT_FOUND', 'no such room', { roomId }));

const openRoom = (s: Room, roomId: string): Open => {
  const room = present(s, roomId);
  return room.status === 'open' ? room : fail('ROOM_CLOSED', 'this room is closed', { roomId });
};

const managed = (c: { data: Managed; metadata: CommandMetadata }, s: Room): Present => {
  const room = present(s, c.data.roomId);
  return actor(c.metadata) === room.hostId || c.data.operator === true ? room : fail('FORBIDDEN', 'only the host or an operator may do this');
};

const join = (c: JoinRoom, s: Room): RoomEvent[] => {
  const room = openRoom(s, c.data.roomId);
  const { roomId, userId } = c.data;
  if (room.banned.has(userId)) return fail('BANNED_FROM_ROOM', 'you are banned from this room', { roomId });
  if (room.members.has(userId)) return [];
  return [{ type: 'RoomMemberJoined', data: { roomId, userId: requireId('userId', userId), onlineCount: room.onlineCount + 1 } }];
};

const ban = (c: BanFromRoom, s: Room): RoomEvent[] => {
  managed(c, s);
  const room = openRoom(s, c.data.roomId);
  const { roomId, userId } = c.data;
  if (userId === room.hostId) return fail('VALIDATION_FAILED', 'the host cannot ban themselves', { field: 'userId' });
  if (room.banned.has(userId)) return [];
  const onlineCount = room.members.has(userId) ? room.onlineCount - 1 : room.onlineCount;
  return [{ type: 'RoomMemberBanned', data: { roomId, userId: requireId('userId', userId), onlineCount } }];
};

const changeDetails = (c: ChangeRoomDetails, s: Room): RoomEvent[] => {
  const room = managed(c, s);
  const { title, avatarUrl } = c.data;
  if (title === undefined && avatarUrl === undefined) return fail('VALIDATION_FAILED', 'give a title or an avatarUrl to change', { field: 'title' });
  const data: RoomDetailsChanged['data'] = { roomId: room.roomId };
  if (title !== undefined && requireText('title', title, { max: MAX_TITLE_LENGTH }) !== room.title) data.title = title;
  if (avatarUrl !== undefined && requireHttpUrl('avatarUrl', avatarUrl, MAX_AVATAR_URL_LENGTH) !== room.avatarUrl) data.avatarUrl = avatarUrl;
  return data.title === undefined && data.avatarUrl === undefined ? [] : [{ type: 'RoomDetailsChanged', data }];
};

const mute = (c: MuteInRoom, s: Room): RoomEvent[] => {
  const room = managed(c, s);
  const { userId, until } = c.data;
  const roomId = room.roomId;
  requireId('userId', userId);
  if (userId === room.hostId) return fail('VALIDATION_FAILED', 'the host cannot be muted', { field: 'userId' });
  if (until === null) return room.mutes.has(userId) ? [{ type: 'RoomMemberUnmuted', data: { roomId, userId } }] : [];
  if (reached(c.metadata, requireTime('until', until))) return fail('VALIDATION_FAILED', 'until must be later than now', { field: 'until' });
  return room.mutes.get(userId) === until ? [] : [{ type: 'RoomMemberMuted', data: { roomId, userId, until } }];
};

const enterAsGuest = (c: EnterRoomAsGuest, s: Room): RoomEvent[] => {
  const { roomId, deviceId } = c.data;
  if (present(s, roomId).guests !== true) return fail('FORBIDDEN', 'this room does not admit guests: sign in to enter', { roomId });
  const room = openRoom(s, roomId);
  if (room.guestDevices.has(deviceId)) return [];
  return [{ type: 'RoomGuestEntered', data: { roomId, deviceId: requireId('deviceId', deviceId), guestCount: room.guestCount + 1 } }];
};

export const decide = (c: RoomCommand, s: Room): RoomEvent[] => {
  switch (c.type) {
    case 'CreateRoom':
      return create(c, s);
    case 'JoinRoom':
      return join(c, s);
    case 'LeaveRoom':
      // Leaving is always harmless: not a member, or the room is gone or closed, means no events.
      if (s.status !== 'open' || !s.members.has(c.data.userId)) return [];
      return [{ type: 'RoomMemberLeft', data: { roomId: c.data.roomId, userId: c.data.userId, onlineCount: s.onlineCount - 1 } }];
    case 'CloseRoom': {
      const room = managed(c, s);
      return room.status === 'open' ? [{ type: 'RoomClosed', data: { roomId: room.roomId, closedBy: actor(c.metadata), closedAt: c.metadata.at } }] : [];
    }
    case 'ReopenRoom': {
      const room = managed(c, s);
      if (room.status === 'open') return [];
      return [{ type: 'RoomReopened', data: reopenedData(room, actor(c.metadata)) }];
    }
    case 'DeleteRoom':
      return [{ type: 'RoomDeleted', data: { roomId: managed(c, s).roomId, deletedBy: actor(c.metadata) } }];
    case 'ChangeRoomDetails':
      return changeDetails(c, s);
    case 'BanFromRoom':
      return ban(c, s);
    case 'MuteInRoom':
      return mute(c, s);
    case 'EnterRoomAsGuest':
      return enterAsGuest(c, s);
    case 'LeaveRoomAsGuest':
      if (s.status !== 'open' || !s.guestDevices.has(c.data.deviceId)) return [];
      return [{ type: 'RoomGuestLeft', data: { roomId: c.data.roomId, deviceId: c.data.deviceId, guestCount: s.guestCount - 1 } }];
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
};

export const roomStream = (roomId: string): string => `room-${roomId}`;

export const roomDecider: Decider<Room, RoomCommand, RoomEvent> = { initialState, evolve, decide };
