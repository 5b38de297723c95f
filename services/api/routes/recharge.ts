// Recharge orders, the payment provider's signed callback, and (dev mode) the sandbox provider,
// which sends its signed notification to our callback over HTTP, as a real provider would.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createRechargeOrder, devPaymentNotify, getRechargeOrder, paymentCallback } from '../../../contracts/http/wallet.js';
import type { Core } from '../../app/core.js';
import * as recharge from '../../app/recharge.js';
import { commandOptions } from '../support.js';

export const rechargeRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/recharge-orders', { schema: createRechargeOrder }, async (req, res) =>
    res.status(201).send(await recharge.createRechargeOrder(core, req.caller, req.body, commandOptions(req))),
  );
  app.get('/recharge-orders/:orderId', { schema: getRechargeOrder }, async (req) => recharge.getRechargeOrder(core, req.caller, req.params));
  app.post('/payments/callback', { schema: paymentCallback }, async (req) => recharge.notifyPayment(core, req.body, req.id));

  if (!core.config.DEV_MODE) return;
  for (const outcome of ['succeed', 'fail'] as const) {
    app.post(`/dev/payments/:orderId/${outcome}`, { schema: devPaymentNotify }, async (req) => {
      const notification = await recharge.sandboxNotification(core, { orderId: req.params.orderId, outcome });
      const addr = req.server.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : core.config.PORT;
      const r = await fetch(`http://127.0.0.1:${port}/v1/payments/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notification) });
      return { callbackStatus: r.status, callbackBody: (await r.json()) as unknown };
    });
  }
};
