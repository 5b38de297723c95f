// Recharge: an order, a payment provider's signed notification (paid or failed), and one credit
// per order.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRechargeOrder, devPaymentNotify, getRechargeOrder, paymentCallback } from '../../../contracts/http/wallet.js';
import { CodedError } from '../../../domain/errors.js';
import { rechargeOrderDecider, rechargeOrderStream } from '../../../domain/rechargeOrder.js';
import { getRechargeOrder as readOrder } from '../../../projections/queries.js';
import { paymentSecret } from '../../shared/config.js';
import { creditRecharge } from '../../process/flows.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { command } from './support.js';
import { notFound, settled } from './support-results.js';

/** The provider's signature: hex HMAC-SHA256 of `orderId|amount|providerTxId|status`. */
export const signNotification = (secret: string, n: { orderId: string; amount: number; providerTxId: string; status: string }): string =>
  createHmac('sha256', secret).update(`${n.orderId}|${n.amount}|${n.providerTxId}|${n.status}`).digest('hex');

const signatureOk = (expected: string, given: string) => {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(given.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

export const rechargeRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  const secret = paymentSecret(deps.config);

  app.post('/v1/recharge-orders', { schema: createRechargeOrder }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const orderId = deps.ids.next();
      const r = await deps.bus.handle(rechargeOrderDecider, rechargeOrderStream(orderId), {
        type: 'CreateRechargeOrder',
        data: { orderId, userId: user.userId, asset: req.body.asset, amount: req.body.amount },
        metadata: meta,
      });
      await settled(deps, r);
      return { status: 201, body: { orderId, status: 'pending', payUrl: `/v1/dev/payments/${orderId}/succeed` } };
    }),
  );

  app.get('/v1/recharge-orders/:orderId', { schema: getRechargeOrder }, async (req) => {
    const o = await readOrder(deps.pool, req.params.orderId);
    if (!o || o.userId !== userOf(req).userId) throw notFound('recharge order');
    return { orderId: o.orderId, asset: o.asset, amount: o.amount, status: o.status };
  });

  app.post('/v1/payments/callback', { schema: paymentCallback }, async (req) => {
    const n = req.body;
    if (!signatureOk(signNotification(secret, n), n.sign)) throw new CodedError('UNAUTHENTICATED', 'bad signature');
    const order = await deps.bus.load(rechargeOrderDecider, rechargeOrderStream(n.orderId));
    if (order.state.status === 'absent') throw notFound('recharge order', { orderId: n.orderId });
    // One command id per (order, provider transaction, outcome): a repeated notification is the same command.
    const data = { orderId: n.orderId, amount: n.amount, providerTxId: n.providerTxId };
    const metadata = { commandId: `payment:${n.orderId}:${n.providerTxId}${n.status === 'failed' ? ':failed' : ''}`, at: deps.clock().toISOString(), correlationId: req.id };
    const r = await deps.bus.handle(
      rechargeOrderDecider,
      rechargeOrderStream(n.orderId),
      n.status === 'success' ? { type: 'ConfirmRechargePayment', data, metadata } : { type: 'FailRechargePayment', data, metadata },
    );
    const paid = r.events.find((e) => e.type === 'RechargeOrderPaid');
    const credit = paid ? await creditRecharge(deps.bus, paid) : null;
    await settled(deps, r, credit);
    return { status: 'ok' as const, orderId: n.orderId };
  });

  if (!deps.config.DEV_MODE) return;
  // The sandbox provider: sends the signed notification to our callback over HTTP, as a real one would.
  for (const outcome of ['succeed', 'fail'] as const) {
    app.post(`/v1/dev/payments/:orderId/${outcome}`, { schema: devPaymentNotify }, async (req, res) => {
      const order = await deps.bus.load(rechargeOrderDecider, rechargeOrderStream(req.params.orderId));
      if (order.state.status === 'absent') throw notFound('recharge order');
      const status = outcome === 'succeed' ? 'success' : 'failed';
      const n = { orderId: order.state.orderId, amount: order.state.amount, providerTxId: `sandbox-${order.state.orderId}`, status };
      const addr = req.server.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : deps.config.PORT;
      const r = await fetch(`http://127.0.0.1:${port}/v1/payments/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...n, sign: signNotification(secret, n) }),
      });
      return res.status(200).send({ callbackStatus: r.status, callbackBody: (await r.json()) as unknown });
    });
  }
};
