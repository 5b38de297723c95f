import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getRanking, listGifts, sendGift } from '../../../contracts/http/gifts.js';
import type { Core } from '../../app/core.js';
import * as gifts from '../../app/gifts.js';
import { commandOptions } from '../support.js';

export const giftRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/gifts', { schema: listGifts }, async (req) => gifts.listGifts(core, req.caller));
  app.post('/gifts/send', { schema: sendGift }, async (req, res) => res.status(201).send(await gifts.sendGift(core, req.caller, req.body, commandOptions(req))));
  app.get('/rankings/:board', { schema: getRanking }, async (req) => gifts.getRanking(core, req.caller, { board: req.params.board, ...req.query }));
};
