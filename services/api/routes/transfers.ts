import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createTransfer, getTransfer, listTransfers, settleTransfer } from '../../../contracts/http/transfers.js';
import type { Core } from '../../app/core.js';
import * as transfers from '../../app/transfers.js';
import { commandOptions, typedPayPassword } from '../support.js';

export const transferRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/transfers', { schema: createTransfer }, async (req, res) =>
    res.status(201).send(await transfers.createTransfer(core, req.caller, { ...req.body, payPassword: typedPayPassword(req.body.payPassword) }, commandOptions(req))),
  );
  for (const action of ['accept', 'reject'] as const) {
    app.post(`/transfers/:id/${action}`, { schema: settleTransfer }, async (req) =>
      transfers.settleTransfer(core, req.caller, { transferId: req.params.id, action }, commandOptions(req)),
    );
  }
  app.get('/transfers/:id', { schema: getTransfer }, async (req) => transfers.getTransfer(core, req.caller, { transferId: req.params.id }));
  app.get('/transfers', { schema: listTransfers }, async (req) => transfers.listTransfers(core, req.caller, req.query));
};
