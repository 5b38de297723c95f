// PC sign-in by QR code: the PC asks and polls, a signed-in phone confirms.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { confirmQrLogin, createQrLogin, exchangeQrLogin, getQrLogin } from '../../../contracts/http/auth.js';
import type { Core } from '../../app/core.js';
import * as qr from '../../app/qrLogin.js';

export const qrLoginRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/auth/qr-logins', { schema: createQrLogin }, async (req, res) => res.status(201).send(await qr.createQrLogin(core, req.caller, req.body ?? {})));
  app.get('/auth/qr-logins/:qrId', { schema: getQrLogin }, async (req) => qr.getQrLogin(core, req.params));
  app.post('/auth/qr-logins/:qrId/confirm', { schema: confirmQrLogin }, async (req) => qr.confirmQrLogin(core, req.caller, req.params));
  app.post('/auth/qr-logins/:qrId/session', { schema: exchangeQrLogin }, async (req, res) =>
    res.status(201).send(await qr.exchangeQrLogin(core, { qrId: req.params.qrId, pollToken: req.body.pollToken })),
  );
};
