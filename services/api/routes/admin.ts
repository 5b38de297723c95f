// Operator routes: decide withdrawals and grant roles (the CLI does the same without HTTP).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { grantRole } from '../../../contracts/http/audit.js';
import { decideWithdrawal, listWithdrawals } from '../../../contracts/http/wallet.js';
import { accountDecider, accountStream } from '../../../domain/account.js';
import { withdrawalDecider, withdrawalStream } from '../../../domain/withdrawal.js';
import { listWithdrawals as readWithdrawals } from '../../../projections/queries.js';
import { follow } from '../../process/flows.js';
import { requireRole } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { command } from './support.js';
import { notFound, settled } from './support-results.js';

export const adminRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.get('/v1/admin/withdrawals', { schema: listWithdrawals }, async (req) => {
    requireRole(req, 'operator');
    return readWithdrawals(deps.pool, req.query);
  });

  for (const [action, type, status] of [
    ['approve', 'ApproveWithdrawal', 'paid'],
    ['reject', 'RejectWithdrawal', 'rejected'],
  ] as const) {
    app.post(`/v1/admin/withdrawals/:withdrawalId/${action}`, { schema: decideWithdrawal }, async (req, res) =>
      command(deps, req, res, async ({ meta }) => {
        requireRole(req, 'operator');
        const id = req.params.withdrawalId;
        const reason = req.body?.reason;
        const r = await deps.bus.handle(withdrawalDecider, withdrawalStream(id), {
          type,
          data: { withdrawalId: id, ...(reason !== undefined && type === 'RejectWithdrawal' ? { reason } : {}) },
          metadata: meta,
        });
        const decided = r.events[0];
        const refund = decided ? await follow(deps.bus, decided) : null;
        await settled(deps, r, refund);
        return { status: 200, body: { withdrawalId: id, status } };
      }),
    );
  }

  app.post('/v1/admin/users/:userId/roles', { schema: grantRole }, async (req, res) =>
    command(deps, req, res, async ({ meta }) => {
      requireRole(req, 'operator');
      const { userId } = req.params;
      const r = await deps.bus.handle(accountDecider, accountStream(userId), { type: 'GrantRole', data: { userId, role: req.body.role }, metadata: meta });
      if (r.state.status === 'absent') throw notFound('user', { userId });
      await settled(deps, r);
      deps.sessions.forget(userId);
      return { status: 200, body: { userId, roles: [...r.state.roles] } };
    }),
  );
};
