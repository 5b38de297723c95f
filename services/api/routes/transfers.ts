import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createTransfer, getTransfer, listTransfers, settleTransfer } from '../../../contracts/http/transfers.js';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { transferDecider, transferStream } from '../../../domain/transfer.js';
import { walletDecider, walletStream } from '../../../domain/wallet.js';
import { getTransfer as readTransfer, listTransfers as readTransfers } from '../../../projections/queries.js';
import { follow } from '../../process/flows.js';
import { userOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { command } from './support.js';
import { eventOf, notFound, settled } from './support-results.js';

export const transferRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post('/v1/transfers', { schema: createTransfer }, async (req, res) =>
    command(deps, req, res, async ({ user, meta }) => {
      const { toUserId, amount, note } = req.body;
      if (toUserId !== user.userId) {
        const to = await deps.bus.load(accountDecider, accountStream(toUserId));
        if (to.state.status === 'absent') throw notFound('recipient', { toUserId });
      }
      const expiresAt = new Date(Date.parse(meta.at) + deps.config.TRANSFER_EXPIRY_SECONDS * 1000).toISOString();
      const r = await deps.bus.handle(walletDecider, walletStream(user.userId), {
        type: 'SendTransfer',
        data: { transferId: deps.ids.next(), fromUserId: user.userId, toUserId, amount, ...(note !== undefined ? { note } : {}), expiresAt },
        metadata: meta,
      });
      const sent = eventOf(r, 'TransferSent');
      const created = await follow(deps.bus, sent);
      await settled(deps, r, created);
      return { status: 201, body: { transferId: String(sent.data.transferId), status: 'pending', expiresAt: String(sent.data.expiresAt) } };
    }),
  );

  for (const [action, type, status] of [
    ['accept', 'AcceptTransfer', 'accepted'],
    ['reject', 'RejectTransfer', 'returned'],
  ] as const) {
    app.post(`/v1/transfers/:id/${action}`, { schema: settleTransfer }, async (req, res) =>
      command(deps, req, res, async ({ meta }) => {
        const r = await deps.bus.handle(transferDecider, transferStream(req.params.id), { type, data: { transferId: req.params.id }, metadata: meta });
        const settledEvent = r.events[0];
        const money = settledEvent ? await follow(deps.bus, settledEvent) : null;
        await settled(deps, r, money);
        return { status: 200, body: { status } };
      }),
    );
  }

  app.get('/v1/transfers/:id', { schema: getTransfer }, async (req) => {
    const user = userOf(req);
    const t = await readTransfer(deps.pool, req.params.id);
    if (!t || (t.fromUserId !== user.userId && t.toUserId !== user.userId)) throw notFound('transfer');
    return t;
  });

  app.get('/v1/transfers', { schema: listTransfers }, async (req) => {
    const { role, ...page } = req.query;
    return readTransfers(deps.pool, userOf(req).userId, role, page);
  });
};
