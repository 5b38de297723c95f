// Operator routes: decide withdrawals, grant roles, review real names, replace display numbers and
// end a user's sessions (the admin CLI calls the same use cases).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { revokeUserSessions } from '../../../contracts/http/auth.js';
import { grantRole } from '../../../contracts/http/audit.js';
import { decideRealName, listRealNames, replaceDisplayNumber } from '../../../contracts/http/profiles.js';
import * as displayNumbers from '../../app/displayNumbers.js';
import * as realNames from '../../app/realNames.js';
import * as sessions from '../../app/sessionControl.js';
import { decideWithdrawal, getPlatformLedger, listPlatformAccounts, listWithdrawals } from '../../../contracts/http/wallet.js';
import * as accounts from '../../app/accounts.js';
import type { Core } from '../../app/core.js';
import * as platform from '../../app/platform.js';
import * as wallet from '../../app/wallet.js';
import { commandOptions, ledgerInput } from '../support.js';
import { staffRoutes } from './staff.js';

export const adminRoutes: FastifyPluginAsyncZod<Core> = async (app, core) => {
  // Staff titles (004 `position`) live beside, in their own file.
  await staffRoutes(app, core);
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
  app.get('/admin/real-names', { schema: listRealNames }, async (req) => realNames.listRealNames(core, req.caller, req.query));
  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/admin/real-names/:userId/${decision}`, { schema: decideRealName }, async (req) => {
      const reason = decision === 'reject' ? req.body?.reason : undefined;
      return realNames.decideRealName(core, req.caller, { userId: req.params.userId, decision, ...(reason !== undefined ? { reason } : {}) }, commandOptions(req));
    });
  }
  app.put('/admin/users/:userId/display-number', { schema: replaceDisplayNumber }, async (req) =>
    displayNumbers.replaceDisplayNumber(core, req.caller, { userId: req.params.userId, displayNumber: req.body.displayNumber }, commandOptions(req)),
  );
  app.post('/admin/users/:userId/sessions/revoke', { schema: revokeUserSessions }, async (req) => sessions.revokeUserSessions(core, req.caller, req.params));
};
