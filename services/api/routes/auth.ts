import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createDevAuditorSession, createSession, getDevSmsCode, getMe, getUser, patchMe, requestSmsCode } from '../../../contracts/http/auth.js';
import * as accounts from '../../app/accounts.js';
import type { Core } from '../../app/core.js';
import { commandOptions } from '../support.js';

export const authRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/auth/sms-codes', { schema: requestSmsCode }, async (req, res) => {
    await accounts.requestLoginCode(core, req.body);
    return res.status(202).send({ status: 'sent' as const });
  });
  app.post('/auth/sessions', { schema: createSession }, async (req, res) => res.status(201).send(await accounts.logIn(core, req.body)));
  app.get('/me', { schema: getMe }, async (req) => accounts.getMe(core, req.caller));
  app.patch('/me', { schema: patchMe }, async (req) => accounts.updateMe(core, req.caller, req.body, commandOptions(req)));
  app.get('/users/:userId', { schema: getUser }, async (req) => accounts.getPublicUser(core, req.caller, req.params));

  if (!core.devSms) return;
  app.get('/dev/sms-codes/:phone', { schema: getDevSmsCode }, async (req) => accounts.devSmsCode(core, req.params));
  for (const role of ['auditor', 'operator'] as const) {
    app.post(`/dev/${role}-sessions`, { schema: createDevAuditorSession }, async (_req, res) => res.status(201).send(await accounts.devRoleSession(core, { role })));
  }
};
