import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createRedPacket, getRedPacket, grabRedPacket, redPacketRecords, reserveGuestShare } from '../../../contracts/http/redPackets.js';
import type { Core } from '../../app/core.js';
import * as redPackets from '../../app/redPackets.js';
import * as guests from '../../app/redPacketGuests.js';
import * as records from '../../app/redPacketRecords.js';
import { commandOptions, offsetMinutes } from '../support.js';

export const redPacketRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/red-packets', { schema: createRedPacket }, async (req, res) =>
    res.status(201).send(await redPackets.createRedPacket(core, req.caller, req.body, commandOptions(req))),
  );
  app.post('/red-packets/:id/grab', { schema: grabRedPacket }, async (req) =>
    redPackets.grabRedPacket(core, req.caller, { redPacketId: req.params.id, phrase: req.body?.phrase }, commandOptions(req)),
  );
  app.post('/red-packets/:id/guest-shares', { schema: reserveGuestShare, config: { guests: true } }, async (req, res) =>
    res.status(201).send(await guests.reserveGuestShare(core, req.caller, { redPacketId: req.params.id, mark: req.body?.mark, phrase: req.body?.phrase }, commandOptions(req))),
  );
  app.get('/red-packets/records', { schema: redPacketRecords }, async (req) =>
    records.redPacketRecords(core, req.caller, { asset: req.query.asset, month: req.query.month, year: req.query.year, utcOffsetMinutes: offsetMinutes(req.query.tz), limit: req.query.limit }),
  );
  app.get('/red-packets/:id', { schema: getRedPacket }, async (req) => redPackets.getRedPacket(core, req.caller, { redPacketId: req.params.id }));
};
