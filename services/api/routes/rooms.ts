import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  banFromRoom,
  closeRoom,
  createRoom,
  deleteRoom,
  getRoom,
  joinRoom,
  leaveRoom,
  listRooms,
  muteInRoom,
  reopenRoom,
  updateRoom,
} from '../../../contracts/http/rooms.js';
import type { Core } from '../../app/core.js';
import * as rooms from '../../app/rooms.js';
import { commandOptions } from '../support.js';

/** `config.guests`: a request without an Authorization header may come from a guest device (X-Device-Id). */
export const roomRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/rooms', { schema: createRoom }, async (req, res) => res.status(201).send(await rooms.createRoom(core, req.caller, req.body, commandOptions(req))));
  for (const [move, schema] of [
    ['join', joinRoom],
    ['leave', leaveRoom],
  ] as const) {
    app.post(`/rooms/:id/${move}`, { schema, config: { guests: true } }, async (req) => rooms.moveInRoom(core, req.caller, { roomId: req.params.id, move }, commandOptions(req)));
  }
  for (const [action, schema, run] of [
    ['close', closeRoom, rooms.closeRoom],
    ['reopen', reopenRoom, rooms.reopenRoom],
  ] as const) {
    app.post(`/rooms/:id/${action}`, { schema }, async (req) => run(core, req.caller, { roomId: req.params.id }, commandOptions(req)));
  }
  app.delete('/rooms/:id', { schema: deleteRoom }, async (req) => rooms.deleteRoom(core, req.caller, { roomId: req.params.id }, commandOptions(req)));
  app.patch('/rooms/:id', { schema: updateRoom }, async (req) => rooms.changeRoomDetails(core, req.caller, { roomId: req.params.id, ...req.body }, commandOptions(req)));
  app.post('/rooms/:id/bans', { schema: banFromRoom }, async (req) =>
    rooms.banFromRoom(core, req.caller, { roomId: req.params.id, userId: req.body.userId }, commandOptions(req)),
  );
  app.post('/rooms/:id/mutes', { schema: muteInRoom }, async (req) => rooms.muteInRoom(core, req.caller, { roomId: req.params.id, ...req.body }, commandOptions(req)));
  app.get('/rooms', { schema: listRooms }, async (req) => rooms.listRooms(core, req.caller, req.query));
  app.get('/rooms/:id', { schema: getRoom, config: { guests: true } }, async (req) => rooms.getRoom(core, req.caller, { roomId: req.params.id }));
};
