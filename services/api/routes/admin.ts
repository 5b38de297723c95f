// Operator routes: decide withdrawals and grant roles (the admin CLI calls the same use cases).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { grantRole } from '../../../contracts/http/audit.js';
import { decideWithdrawal, getPlatformLedger, listPlatformAccounts, listWithdrawals } from '../../../contracts/http/wallet.js';
import * as accounts from '../../app/accounts.js';
import type { Core } from '../../app/core.js';
import * as platform from '../../app/platform.js';
import * as wallet from '../../app/wallet.js';
import { commandOptions, ledgerInput } from '../support.js';

export const adminRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  app.get('/admin/withdrawals', { schema: listWithdrawals }, async (req) => wallet.listWithdrawals(core, req.caller, req.query));
  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/admin/withdrawals/:withdrawalId/${decision}`, { schema: decideWithdrawal }, async (req) => {
      const reason = decision === 'reject' ? req.body?.reason : undefined;
      const input = { withdrawalId: req.params.withdrawalId, decision, ...(reason !== undefined ? { reason } : {}) };
      return wallet.decideWithdrawal(core, req.caller, input, commandOptions(req));
    });
  }
  app.get('/admin/platform-accounts', { schema: listPlatformAccounts }, async (req) => platform.listPlatformAccounts(core, req.caller));
  app.get('/admin/platform-accounts/:account/ledger', { schema: getPlatformLedger }, async (req) =>
    platform.getPlatformLedger(core, req.caller, { account: req.params.account, ...ledgerInput(req.query) }),
  );
  app.post('/admin/users/:userId/roles', { schema: grantRole }, async (req) =>
    accounts.grantRole(core, req.caller, { userId: req.params.userId, role: req.body.role }, commandOptions(req)),
  );
};
