// Paid group joins: POST /v1/groups/:id/paid-join (applies if needed, pays the fee, joins).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { payGroupJoin } from '../../../contracts/http/paidJoins.js';
import type { Core } from '../../app/core.js';
import * as paidJoin from '../../app/groups/paidJoin.js';
import { commandOptions, typedPayPassword } from '../support.js';

export const paidJoinRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/groups/:id/paid-join', { schema: payGroupJoin }, async (req) =>
    paidJoin.payGroupJoin(core, req.caller, { groupId: req.params.id, message: req.body.message, payPassword: typedPayPassword(req.body.payPassword) }, commandOptions(req)),
  );
};
