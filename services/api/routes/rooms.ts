import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { banFromRoom, closeRoom, createRoom, getRoom, joinRoom, leaveRoom, listRooms } from '../../../contracts/http/rooms.js';
import { roomDecider, roomStream, type Room } from '../../../domain/room.js';
import { getRoom as readRoom, listRooms as readRooms } from '../../../projections/queries.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { command } from './support.js';
import { notFound, settled } from './support-results.js';

const online = (s: Room) => (s.status === 'absent' ? 0 : s.onlineCount);

export const roomRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post('/v1/rooms', { schema: createRoom }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const roomId = deps.ids.next();
      const { title, kind, seats } = req.body;
      const r = await deps.bus.handle(roomDecider, roomStream(roomId), {
        type: 'CreateRoom',
        data: { roomId, title, kind, hostId: user.userId, ...(seats !== undefined ? { seats } : {}) },
        metadata: meta,
      });
      await settled(deps, r);
      return { status: 201, body: { roomId } };
    }),
  );

  for (const [action, type, schema] of [
    ['join', 'JoinRoom', joinRoom],
    ['leave', 'LeaveRoom', leaveRoom],
  ] as const) {
    app.post(`/v1/rooms/:id/${action}`, { schema }, async (req, res) =>
      command(deps, req, res, async ({ user, meta }) => {
        const roomId = req.params.id;
        const r = await deps.bus.handle(roomDecider, roomStream(roomId), { type, data: { roomId, userId: user.userId }, metadata: meta });
        if (r.state.status === 'absent') throw notFound('room', { roomId });
        await settled(deps, r);
        return { status: 200, body: { onlineCount: online(r.state) } };
      }),
    );
  }

  app.post('/v1/rooms/:id/close', { schema: closeRoom }, async (req, res) =>
    command(deps, req, res, async ({ meta }) => {
      const r = await deps.bus.handle(roomDecider, roomStream(req.params.id), { type: 'CloseRoom', data: { roomId: req.params.id }, metadata: meta });
      await settled(deps, r);
      return { status: 200, body: { status: 'closed' } };
    }),
  );

  app.post('/v1/rooms/:id/bans', { schema: banFromRoom }, async (req, res) =>
    command(deps, req, res, async ({ meta }) => {
      const roomId = req.params.id;
      const r = await deps.bus.handle(roomDecider, roomStream(roomId), { type: 'BanFromRoom', data: { roomId, userId: req.body.userId }, metadata: meta });
      await settled(deps, r);
      return { status: 200, body: { onlineCount: online(r.state) } };
    }),
  );

  app.get('/v1/rooms', { schema: listRooms }, async (req) => {
    userOf(req);
    return readRooms(deps.pool, req.query);
  });

  app.get('/v1/rooms/:id', { schema: getRoom }, async (req) => {
    const user = userOf(req);
    const room = await readRoom(deps.pool, req.params.id, { withMembers: true });
    if (!room) throw notFound('room');
    // Members are listed to people in the room and to the host.
    const inside = room.hostId === user.userId || (room.members ?? []).includes(user.userId);
    if (!inside) {
      const { members: _hidden, ...rest } = room;
      return rest;
    }
    return room;
  });
};
