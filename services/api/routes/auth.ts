import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createDevAuditorSession,
  createDevExternalCredential,
  createExternalSession,
  createPasswordReset,
  createPasswordSession,
  createRegistration,
  createSession,
  endCurrentSession,
  getDevSmsCode,
  getMe,
  getUser,
  patchMe,
  requestSmsCode,
} from '../../../contracts/http/auth.js';
import * as accounts from '../../app/accounts.js';
import type { Core } from '../../app/core.js';
import * as credentials from '../../app/credentials.js';
import * as external from '../../app/externalLogin.js';
import * as sessions from '../../app/sessionControl.js';
import { commandOptions } from '../support.js';

export const authRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.post('/auth/sms-codes', { schema: requestSmsCode }, async (req, res) => {
    await accounts.requestLoginCode(core, req.body);
    return res.status(202).send({ status: 'sent' as const });
  });
  app.post('/auth/sessions', { schema: createSession, config: { guests: true } }, async (req, res) => res.status(201).send(await accounts.logIn(core, req.caller, req.body)));
  app.post('/auth/password-sessions', { schema: createPasswordSession, config: { guests: true } }, async (req, res) => {
    const { password, ...rest } = req.body;
    return res.status(201).send(await credentials.passwordLogIn(core, req.caller, { ...rest, password: { plain: password } }));
  });
  app.post('/auth/registrations', { schema: createRegistration, config: { guests: true } }, async (req, res) => {
    const { password, ...rest } = req.body;
    return res.status(201).send(await credentials.registerWithPassword(core, req.caller, { ...rest, password: { plain: password } }));
  });
  app.post('/auth/password-resets', { schema: createPasswordReset }, async (req) => credentials.resetPassword(core, { ...req.body, password: { plain: req.body.password } }));
  app.post('/auth/external-sessions', { schema: createExternalSession }, async (req, res) => res.status(201).send(await external.externalLogIn(core, req.caller, req.body)));
  app.delete('/auth/sessions/current', { schema: endCurrentSession }, async (req) => sessions.logOut(core, req.caller));
  app.get('/me', { schema: getMe }, async (req) => accounts.getMe(core, req.caller));
  app.patch('/me', { schema: patchMe }, async (req) => accounts.updateMe(core, req.caller, req.body, commandOptions(req)));
  app.get('/users/:userId', { schema: getUser }, async (req) => accounts.getPublicUser(core, req.caller, req.params));

  if (!core.devSms) return;
  app.get('/dev/sms-codes/:phone', { schema: getDevSmsCode }, async (req) => accounts.devSmsCode(core, req.params));
  for (const role of ['auditor', 'operator'] as const) {
    app.post(`/dev/${role}-sessions`, { schema: createDevAuditorSession }, async (_req, res) => res.status(201).send(await accounts.devRoleSession(core, { role })));
  }
  app.post('/dev/external-credentials', { schema: createDevExternalCredential }, async (req, res) => res.status(201).send(external.issueSandboxCredential(core, req.body)));
};
