// Registering and buying a vanity number in one external payment (services/app/vanityRegistration.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createNumberRegistration } from '../../../contracts/http/vanityRegistration.js';
import type { Core } from '../../app/core.js';
import { registerForNumber } from '../../app/vanityRegistration.js';

export const vanityRegistrationRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/auth/number-registrations', { schema: createNumberRegistration }, async (req, res) => {
    const { password, ...rest } = req.body;
    const r = await registerForNumber(core, req.caller, { ...rest, password: { plain: password } });
    const order = { orderId: r.orderId, provider: r.provider, ...(r.payUrl !== undefined ? { payUrl: r.payUrl } : {}), pay: r.pay, displayNumber: r.displayNumber, asset: r.asset, price: r.price, status: 'pending' as const };
    return res.status(201).send({ ...r.session, order });
  });
};
