import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomInt } from 'node:crypto';
import { createDevAuditorSession, createSession, getDevSmsCode, getMe, getUser, patchMe, requestSmsCode } from '../../../contracts/http/auth.js';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { phoneDecider, phoneStream } from '../../../domain/phone.js';
import { getUser as readUser } from '../../../projections/queries.js';
import { commandIdFor } from '../../shared/ids.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { checkLoginCode, sendLoginCode } from '../sms-codes.js';
import { command } from './support.js';
import { notFound, settled } from './support-results.js';

/** Finds or registers the user of a phone. The phone stream's first claim wins any race. */
export const userForPhone = async (deps: AppDeps, phone: string, nickname: string | undefined) => {
  const at = deps.clock().toISOString();
  const claim = await deps.bus.handle(phoneDecider, phoneStream(phone), {
    type: 'ClaimPhone',
    data: { phone, userId: deps.ids.next() },
    metadata: { commandId: commandIdFor('system', undefined), at },
  });
  if (claim.state.status !== 'claimed') throw new Error('phone claim did not stick');
  const userId = claim.state.userId;
  // Also repairs a registration interrupted between claim and account (both steps are idempotent).
  const account = await deps.bus.load(accountDecider, accountStream(userId));
  const reg =
    account.state.status === 'absent'
      ? await deps.bus.handle(accountDecider, accountStream(userId), {
          type: 'RegisterUser',
          data: { userId, phone, nickname: nickname ?? `user${phone.slice(-4)}` },
          metadata: { commandId: `register:${userId}`, userId, at },
        })
      : null;
  await settled(deps, claim, reg);
  return userId;
};

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post('/v1/auth/sms-codes', { schema: requestSmsCode }, async (req, res) => {
    await sendLoginCode(deps.pool, deps.sms, req.body.phone, deps.clock(), deps.config.SMS_RESEND_SECONDS);
    return res.status(202).send({ status: 'sent' as const });
  });

  app.post('/v1/auth/sessions', { schema: createSession }, async (req, res) => {
    await checkLoginCode(deps.pool, req.body.phone, req.body.code, deps.clock());
    const userId = await userForPhone(deps, req.body.phone, req.body.nickname);
    const token = await deps.sessions.create(userId, deps.clock());
    return res.status(201).send({ userId, token });
  });

  app.get('/v1/me', { schema: getMe }, async (req) => {
    const me = await readUser(deps.pool, userOf(req).userId);
    if (!me) throw notFound('user');
    return me;
  });

  app.patch('/v1/me', { schema: patchMe }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const r = await deps.bus.handle(accountDecider, accountStream(user.userId), { type: 'UpdateProfile', data: { userId: user.userId, ...req.body }, metadata: meta });
      await settled(deps, r);
      const me = await readUser(deps.pool, user.userId);
      if (!me) throw notFound('user');
      return { status: 200, body: me };
    }),
  );

  app.get('/v1/users/:userId', { schema: getUser }, async (req) => {
    userOf(req);
    const u = await readUser(deps.pool, req.params.userId);
    if (!u) throw notFound('user', { userId: req.params.userId });
    return { userId: u.userId, nickname: u.nickname, avatarUrl: u.avatarUrl };
  });

  if (!deps.devSms) return;
  const sink = deps.devSms;
  app.get('/v1/dev/sms-codes/:phone', { schema: getDevSmsCode }, async (req) => {
    const code = sink.latest(req.params.phone);
    if (!code) throw notFound('code for this phone');
    return { code };
  });

  // Dev mode: make an account with a role and log it in (operators can then use the admin routes).
  for (const role of ['auditor', 'operator'] as const) {
    app.post(`/v1/dev/${role}-sessions`, { schema: createDevAuditorSession }, async (_req, res) => {
      const phone = `+999${String(randomInt(0, 1e9)).padStart(9, '0')}`;
      const userId = await userForPhone(deps, phone, role);
      const r = await deps.bus.handle(accountDecider, accountStream(userId), {
        type: 'GrantRole',
        data: { userId, role },
        metadata: { commandId: `grant:${userId}:${role}`, at: deps.clock().toISOString() },
      });
      await settled(deps, r);
      const token = await deps.sessions.create(userId, deps.clock());
      return res.status(201).send({ userId, token });
    });
  }
};
