// Instant payments, QR receipts, AA collections and the pay password.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createReceipt,
  getAaCollection,
  getPayPassword,
  payAaShare,
  payInstantly,
  payReceipt,
  readReceipt,
  setPayPassword,
  startAaCollection,
  verifyPayPassword,
} from '../../../contracts/http/payments.js';
import * as aa from '../../app/aa.js';
import type { Core } from '../../app/core.js';
import * as payPassword from '../../app/payPassword.js';
import * as payments from '../../app/payments.js';
import * as receipts from '../../app/receipts.js';
import { commandOptions, typedPayPassword } from '../support.js';

export const paymentRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/instant-payments', { schema: payInstantly }, async (req, res) =>
    res.status(201).send(await payments.payInstantly(core, req.caller, { ...req.body, payPassword: typedPayPassword(req.body.payPassword) }, commandOptions(req))),
  );
  app.post('/receipts', { schema: createReceipt }, async (req, res) => res.status(201).send(receipts.createReceipt(core, req.caller, req.body)));
  app.post('/receipts/read', { schema: readReceipt }, async (req) => receipts.readReceipt(core, req.caller, req.body));
  app.post('/receipts/pay', { schema: payReceipt }, async (req, res) =>
    res.status(201).send(await receipts.payReceipt(core, req.caller, { ...req.body, payPassword: typedPayPassword(req.body.payPassword) }, commandOptions(req))),
  );
  app.post('/aa-collections', { schema: startAaCollection }, async (req, res) => res.status(201).send(await aa.startAaCollection(core, req.caller, req.body, commandOptions(req))));
  app.post('/aa-collections/:id/pay', { schema: payAaShare }, async (req) =>
    aa.payAaShare(core, req.caller, { aaId: req.params.id, amount: req.body?.amount, payPassword: typedPayPassword(req.body?.payPassword) }, commandOptions(req)),
  );
  app.get('/aa-collections/:id', { schema: getAaCollection }, async (req) => aa.getAaCollection(core, req.caller, { aaId: req.params.id }));
  app.get('/pay-password', { schema: getPayPassword }, async (req) => payPassword.getPayPasswordStatus(core, req.caller));
  app.post('/pay-password', { schema: setPayPassword }, async (req) =>
    payPassword.setPayPassword(core, req.caller, { code: req.body.code, payPassword: { plain: req.body.payPassword } }, commandOptions(req)),
  );
  app.post('/pay-password/verify', { schema: verifyPayPassword }, async (req) =>
    payPassword.verifyPayPassword(core, req.caller, { payPassword: { plain: req.body.payPassword } }, commandOptions(req)),
  );
};
