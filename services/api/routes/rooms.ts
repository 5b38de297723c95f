import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { banFromRoom, closeRoom, createRoom, getRoom, joinRoom, leaveRoom, listRooms } from '../../../contracts/http/rooms.js';
import type { Core } from '../../app/core.js';
import * as rooms from '../../app/rooms.js';
import { commandOptions } from '../support.js';

export const roomRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/rooms', { schema: createRoom }, async (req, res) => res.status(201).send(await rooms.createRoom(core, req.caller, req.body, commandOptions(req))));
  for (const [move, schema] of [
    ['join', joinRoom],
    ['leave', leaveRoom],
  ] as const) {
    app.post(`/rooms/:id/${move}`, { schema }, async (req) => rooms.moveInRoom(core, req.caller, { roomId: req.params.id, move }, commandOptions(req)));
  }
  app.post('/rooms/:id/close', { schema: closeRoom }, async (req) => rooms.closeRoom(core, req.caller, { roomId: req.params.id }, commandOptions(req)));
  app.post('/rooms/:id/bans', { schema: banFromRoom }, async (req) =>
    rooms.banFromRoom(core, req.caller, { roomId: req.params.id, userId: req.body.userId }, commandOptions(req)),
  );
  app.get('/rooms', { schema: listRooms }, async (req) => rooms.listRooms(core, req.caller, req.query));
  app.get('/rooms/:id', { schema: getRoom }, async (req) => rooms.getRoom(core, req.caller, { roomId: req.params.id }));
};
