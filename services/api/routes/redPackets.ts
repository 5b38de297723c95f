import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createRedPacket, getRedPacket, grabRedPacket } from '../../../contracts/http/redPackets.js';
import type { Core } from '../../app/core.js';
import * as redPackets from '../../app/redPackets.js';
import { commandOptions } from '../support.js';

export const redPacketRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/red-packets', { schema: createRedPacket }, async (req, res) =>
    res.status(201).send(await redPackets.createRedPacket(core, req.caller, req.body, commandOptions(req))),
  );
  app.post('/red-packets/:id/grab', { schema: grabRedPacket }, async (req) =>
    redPackets.grabRedPacket(core, req.caller, { redPacketId: req.params.id }, commandOptions(req)),
  );
  app.get('/red-packets/:id', { schema: getRedPacket }, async (req) => redPackets.getRedPacket(core, req.caller, { redPacketId: req.params.id }));
};
