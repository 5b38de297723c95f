// Rooms: live and voice rooms a host opens, chatrooms an operator runs. Viewers join and leave,
// guests (devices without an account) enter rooms that admit them, and the host or an operator
// closes, reopens, deletes, renames, bans and mutes. The operator role is checked here and
// passed to the room's decider as `operator`.
import { CodedError } from '../../domain/errors.js';
import { roomDecider, roomStream, type Room, type RoomCommand, type RoomKind } from '../../domain/room.js';
import { getRoom as readRoom, listRoomMutes, listRooms as readRooms, type RoomDetails, type RoomListRequest } from '../../projections/queries.js';
import { notFound } from './access.js';
import { hasRole, requireRole, requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

const counts = (s: Room) => (s.status === 'open' || s.status === 'closed' ? { onlineCount: s.onlineCount, guestCount: s.guestCount } : { onlineCount: 0, guestCount: 0 });

/** A chatroom only by an operator. Guests: as asked, else the app's policy for chatrooms and no for the rest. */
export const createRoom = (
  core: Core,
  caller: Caller,
  input: { title: string; kind: RoomKind; seats?: number; avatarUrl?: string; guests?: boolean },
  opts: CommandOptions = {},
) =>
  runCommand(core, caller, 'createRoom', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    if (input.kind === 'chatroom') requireRole(caller, 'operator');
    const roomId = newId();
    const { title, kind, seats, avatarUrl } = input;
    const guests = input.guests ?? (kind === 'chatroom' && core.policies[user.app].guests);
    const r = await core.bus.handle(roomDecider, roomStream(roomId), {
      type: 'CreateRoom',
      data: { roomId, title, kind, hostId: user.userId, guests, ...(seats !== undefined ? { seats } : {}), ...(avatarUrl !== undefined ? { avatarUrl } : {}) },
      metadata: meta,
    }, { fresh: true });
    await settled(core, r);
    return { roomId };
  });

/** A signed-in user joins as a member; a guest enters as a guest (counted apart, never a member). */
export const moveInRoom = (core: Core, caller: Caller, input: { roomId: string; move: 'join' | 'leave' }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'moveInRoom', input, opts, async ({ meta }) => {
    const { roomId } = input;
    const command: RoomCommand =
      caller.kind === 'guest'
        ? { type: input.move === 'join' ? 'EnterRoomAsGuest' : 'LeaveRoomAsGuest', data: { roomId, deviceId: caller.deviceId }, metadata: meta }
        : { type: input.move === 'join' ? 'JoinRoom' : 'LeaveRoom', data: { roomId, userId: requireUser(caller).userId }, metadata: meta };
    const r = await core.bus.handle(roomDecider, roomStream(roomId), command);
    if (r.state.status === 'absent' || r.state.status === 'deleted') throw notFound('room', { roomId });
    await settled(core, r);
    const { onlineCount, guestCount } = counts(r.state);
    return caller.kind === 'guest' ? { onlineCount, guestCount } : { onlineCount };
  });

/** Runs a command of the host or an operator; the decider refuses anyone else. */
const manage = async (core: Core, caller: Caller, command: RoomCommand) => {
  requireUser(caller);
  const r = await core.bus.handle(roomDecider, roomStream(command.data.roomId), command);
  await settled(core, r);
  return r;
};

const isOperator = (caller: Caller) => hasRole(caller, 'operator');

export const closeRoom = (core: Core, caller: Caller, input: { roomId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'closeRoom', input, opts, async ({ meta }) => {
    await manage(core, caller, { type: 'CloseRoom', data: { roomId: input.roomId, operator: isOperator(caller) }, metadata: meta });
    return { status: 'closed' as const };
  });

export const reopenRoom = (core: Core, caller: Caller, input: { roomId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'reopenRoom', input, opts, async ({ meta }) => {
    await manage(core, caller, { type: 'ReopenRoom', data: { roomId: input.roomId, operator: isOperator(caller) }, metadata: meta });
    return { status: 'open' as const };
  });

export const deleteRoom = (core: Core, caller: Caller, input: { roomId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'deleteRoom', input, opts, async ({ meta }) => {
    await manage(core, caller, { type: 'DeleteRoom', data: { roomId: input.roomId, operator: isOperator(caller) }, metadata: meta });
    return { status: 'deleted' as const };
  });

/** Rename, a new avatar, or both; answers the room as its manager sees it. */
export const changeRoomDetails = (core: Core, caller: Caller, input: { roomId: string; title?: string; avatarUrl?: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'changeRoomDetails', input, opts, async ({ meta }) => {
    await manage(core, caller, { type: 'ChangeRoomDetails', data: { ...input, operator: isOperator(caller) }, metadata: meta });
    return getRoom(core, caller, { roomId: input.roomId });
  });

export const banFromRoom = (core: Core, caller: Caller, input: { roomId: string; userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'banFromRoom', input, opts, async ({ meta }) => {
    const r = await manage(core, caller, { type: 'BanFromRoom', data: { ...input, operator: isOperator(caller) }, metadata: meta });
    return { onlineCount: counts(r.state).onlineCount };
  });

/** Mutes a user until a time (any ISO-8601 offset; stored in UTC), or lifts the mute with null. */
export const muteInRoom = (core: Core, caller: Caller, input: { roomId: string; userId: string; until: string | null }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'muteInRoom', input, opts, async ({ meta }) => {
    const until = input.until === null ? null : utc(input.until);
    await manage(core, caller, { type: 'MuteInRoom', data: { roomId: input.roomId, userId: input.userId, until, operator: isOperator(caller) }, metadata: meta });
    return { userId: input.userId, until };
  });

const utc = (time: string): string => {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new CodedError('VALIDATION_FAILED', 'until must be an ISO-8601 time', { field: 'until' });
  return new Date(ms).toISOString();
};

export const listRooms = (core: Core, caller: Caller, req: RoomListRequest) => {
  requireUser(caller);
  return readRooms(core.pool, req);
};

/**
 * Members are listed to people in the room, the host and operators; mutes to the host and
 * operators only. A guest sees a room that admits guests, without either.
 */
export const getRoom = async (core: Core, caller: Caller, input: { roomId: string }): Promise<RoomDetails> => {
  if (caller.kind === 'guest') return guestView(core, input.roomId);
  const user = requireUser(caller);
  const room = await readRoom(core.pool, input.roomId, { withMembers: true });
  if (!room) throw notFound('room');
  const manager = room.hostId === user.userId || hasRole(caller, 'operator');
  if (manager) return { ...room, mutes: await listRoomMutes(core.pool, input.roomId, core.clock()) };
  const { members, ...rest } = room;
  return (members ?? []).includes(user.userId) ? room : rest;
};

const guestView = async (core: Core, roomId: string): Promise<RoomDetails> => {
  const room = await readRoom(core.pool, roomId);
  if (!room) throw notFound('room');
  if (!room.guests) throw new CodedError('FORBIDDEN', 'this room does not admit guests: sign in to see it', { roomId });
  return room;
};
