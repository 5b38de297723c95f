// Live and voice rooms: created by a host, joined and left by viewers, closed by the host.
import { roomDecider, roomStream, type Room, type RoomKind } from '../../domain/room.js';
import { getRoom as readRoom, listRooms as readRooms, type PageRequest } from '../../projections/queries.js';
import { notFound } from './access.js';
import { requireUser, type Caller } from './caller.js';
import { runCommand, type CommandOptions } from './command.js';
import type { Core } from './core.js';
import { settled } from './results.js';

const online = (s: Room) => (s.status === 'open' || s.status === 'closed' ? s.onlineCount : 0);

export const createRoom = (core: Core, caller: Caller, input: { title: string; kind: RoomKind; seats?: number }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'createRoom', input, opts, async ({ meta, newId }) => {
    const user = requireUser(caller);
    const roomId = newId();
    const { title, kind, seats } = input;
    const r = await core.bus.handle(roomDecider, roomStream(roomId), {
      type: 'CreateRoom',
      data: { roomId, title, kind, hostId: user.userId, ...(seats !== undefined ? { seats } : {}) },
      metadata: meta,
    });
    await settled(core, r);
    return { roomId };
  });

export const moveInRoom = (core: Core, caller: Caller, input: { roomId: string; move: 'join' | 'leave' }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'moveInRoom', input, opts, async ({ meta }) => {
    const user = requireUser(caller);
    const { roomId } = input;
    const type = input.move === 'join' ? 'JoinRoom' : 'LeaveRoom';
    const r = await core.bus.handle(roomDecider, roomStream(roomId), { type, data: { roomId, userId: user.userId }, metadata: meta });
    if (r.state.status === 'absent' || r.state.status === 'deleted') throw notFound('room', { roomId });
    await settled(core, r);
    return { onlineCount: online(r.state) };
  });

export const closeRoom = (core: Core, caller: Caller, input: { roomId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'closeRoom', input, opts, async ({ meta }) => {
    requireUser(caller);
    const r = await core.bus.handle(roomDecider, roomStream(input.roomId), { type: 'CloseRoom', data: { roomId: input.roomId }, metadata: meta });
    await settled(core, r);
    return { status: 'closed' as const };
  });

export const banFromRoom = (core: Core, caller: Caller, input: { roomId: string; userId: string }, opts: CommandOptions = {}) =>
  runCommand(core, caller, 'banFromRoom', input, opts, async ({ meta }) => {
    requireUser(caller);
    const r = await core.bus.handle(roomDecider, roomStream(input.roomId), { type: 'BanFromRoom', data: { roomId: input.roomId, userId: input.userId }, metadata: meta });
    await settled(core, r);
    return { onlineCount: online(r.state) };
  });

export const listRooms = (core: Core, caller: Caller, page: PageRequest) => {
  requireUser(caller);
  return readRooms(core.pool, page);
};

/** Members are listed to people in the room and to the host. */
export const getRoom = async (core: Core, caller: Caller, input: { roomId: string }) => {
  const user = requireUser(caller);
  const room = await readRoom(core.pool, input.roomId, { withMembers: true });
  if (!room) throw notFound('room');
  const inside = room.hostId === user.userId || (room.members ?? []).includes(user.userId);
  if (inside) return room;
  const { members: _hidden, ...rest } = room;
  return rest;
};
